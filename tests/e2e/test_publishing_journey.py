"""The studio's desk in a real browser: the editor writes a case interpretation in the
vendored Quill editor with a party's name and phone number in it; the automated review
stops it with the findings highlighted in place; the editor fixes it; the security
reviewer and the head approve it from 待我审核; a citizen reads it on a phone."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from eqiao.offices.models import Role
from eqiao.offices.tests.factories import make_staff
from eqiao.publishing.models import Article, ArticleStatus
from tests.e2e.conftest import screenshot
from tests.e2e.test_citizen_journey import _staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "以案释法：拖欠工资可申请检察机关支持起诉"
DIRTY = "当事人张伟（电话13906351234）在工地务工三个月未拿到工资。"
CLEAN = "当事人张某在工地务工三个月未拿到工资。"
MORE = "检察官提示：遇到欠薪，可以向劳动监察部门投诉，也可以申请检察机关支持起诉。"


def _approve_first_review(page, base):
    page.goto(f"{base}/staff/publishing/")
    reviews = page.locator("#my-reviews")
    expect(reviews).to_contain_text(TITLE)
    reviews.get_by_role("link", name=TITLE).click()
    page.locator("#review-task").get_by_role("button", name="通过").click()
    expect(page.locator("#flash")).to_contain_text("审核通过")


def test_editor_writes_review_blocks_fix_passes_head_approves(
    live_server, office_tree, desk, phone
):
    base = live_server.url
    reviewer = make_staff(office_tree.guanxian, Role.SECURITY_REVIEWER, "gx_security")

    # 1. The editor writes in the rich-text editor (Quill, served from our static files).
    editor = desk()
    _staff_login(editor, base, office_tree.guanxian_editor, office_tree.password)
    editor.goto(f"{base}/staff/publishing/articles/new/")
    editor.select_option("#id_kind", "case_interpretation")
    editor.fill("#id_title", TITLE)
    body = editor.locator(".ql-editor")
    expect(body).to_be_visible()
    body.click()
    editor.keyboard.type(DIRTY)
    editor.keyboard.press("Enter")
    editor.keyboard.type(MORE)
    editor.fill("#id_short_text", "欠薪可申请检察机关支持起诉。" * 6)
    expect(editor.locator("#short-counts")).to_contain_text("84 / 2")  # 84 chars: two SMS
    screenshot(editor, "pub-01-editor")
    editor.get_by_role("button", name="保存").click()
    expect(editor.locator("#flash")).to_contain_text("稿件已保存")

    # 2. Submitted, the automated review stops it and marks the name and number in place.
    editor.get_by_role("button", name="送审").click()
    expect(editor.locator("#article-status")).to_have_text("安全审查")
    marks = editor.locator("mark.finding-open")
    expect(marks.filter(has_text="13906351234")).to_have_count(1)
    expect(marks.filter(has_text="张伟")).to_have_count(1)
    screenshot(editor, "pub-02-findings")

    # 3. The editor fixes the text in the editor; the review passes it on.
    editor.get_by_role("link", name="修改").click()
    body = editor.locator(".ql-editor")
    body.click()
    editor.keyboard.press("Control+A")
    editor.keyboard.type(CLEAN)
    editor.keyboard.press("Enter")
    editor.keyboard.type(MORE)
    editor.get_by_role("button", name="保存").click()
    expect(editor.locator("#article-status")).to_have_text("审核中")
    expect(editor.locator("mark.finding-open")).to_have_count(0)

    # 4. The security reviewer, then the head, approve from 待我审核.
    security = desk()
    _staff_login(security, base, reviewer, office_tree.password)
    _approve_first_review(security, base)
    head = desk()
    _staff_login(head, base, office_tree.guanxian_head, office_tree.password)
    _approve_first_review(head, base)
    screenshot(head, "pub-03-approved")

    article = Article.objects.get(title=TITLE)
    assert article.status == ArticleStatus.PUBLISHED
    assert "13906351234" not in article.body_html

    # 5. A citizen finds it on a phone, in large type.
    phone.goto(f"{base}/articles/?q=支持起诉")
    phone.get_by_role("link", name=TITLE).click()
    expect(phone.locator("h1")).to_have_text(TITLE)
    expect(phone.locator(".article-body")).to_contain_text("张某")
    size = phone.locator(".article-body p").first.evaluate("e => getComputedStyle(e).fontSize")
    assert float(size.rstrip("px")) >= 20
    og = phone.locator('meta[property="og:image"]').get_attribute("content")
    assert og.endswith(f"/articles/{article.pk}/share.png")
    screenshot(phone, "pub-04-portal")


def test_the_reviewer_rejects_with_a_reason_and_the_editor_sees_it(live_server, office_tree, desk):
    base = live_server.url
    reviewer = make_staff(office_tree.guanxian, Role.SECURITY_REVIEWER, "gx_security")
    from eqiao.publishing.services.articles import ArticleInput, article_create
    from eqiao.publishing.services.review import article_submit

    article = article_create(
        actor=office_tree.guanxian_editor,
        office=office_tree.guanxian,
        data=ArticleInput(kind="work_news", title=TITLE, body_html=f"<p>{MORE}</p>"),
    )
    article_submit(actor=office_tree.guanxian_editor, article=article)

    page = desk()
    _staff_login(page, base, reviewer, office_tree.password)
    page.goto(f"{base}/staff/publishing/")
    page.locator("#my-reviews").get_by_role("link", name=TITLE).click()
    page.locator("#review-task").get_by_role("button", name="退回").click()
    expect(page.locator("#flash")).to_contain_text("退回时请填写理由")
    page.locator("#review-task textarea").fill("标题与内容不符，请修改。")
    page.locator("#review-task").get_by_role("button", name="退回").click()
    expect(page.locator("#article-status")).to_have_text("草稿")
    expect(page.get_by_text("标题与内容不符，请修改。")).to_be_visible()


def _published(office_tree, title: str):
    """A published article of 冠县, through the services (not what these tests are about)."""
    from eqiao.publishing.services.articles import ArticleInput, article_create
    from eqiao.publishing.services.review import article_submit

    article = article_create(
        actor=office_tree.guanxian_editor,
        office=office_tree.guanxian,
        data=ArticleInput(kind="legal_education", title=title, body_html=f"<p>{MORE}</p>"),
    )
    article_submit(actor=office_tree.guanxian_editor, article=article)
    Article.objects.filter(pk=article.pk).update(status=ArticleStatus.APPROVED)
    from eqiao.publishing.services.publish import article_publish

    return article_publish(actor=None, article=Article.objects.get(pk=article.pk))


def test_the_digest_is_reviewed_like_an_article_before_it_is_sent(
    live_server, office_tree, desk, sms_outbox
):
    """The editor compiles the mobile digest; the security reviewer, then the head, decide
    it from 待我审核; only then can it be sent, and it reaches the subscribers."""
    from eqiao.publishing.models import DigestIssue, GroupKind, SubscriberGroup
    from eqiao.publishing.services.digest import subscriber_set

    base = live_server.url
    reviewer = make_staff(office_tree.guanxian, Role.SECURITY_REVIEWER, "gx_security")
    _published(office_tree, TITLE)
    npc = SubscriberGroup.objects.create(
        office=office_tree.guanxian, kind=GroupKind.NPC, name="人大代表"
    )
    subscriber_set(group=npc, phone="13906350001", active=True, method="staff")

    editor = desk()
    _staff_login(editor, base, office_tree.guanxian_editor, office_tree.password)
    editor.goto(f"{base}/staff/publishing/digests/")
    editor.fill("#title", "11月下半月")
    editor.get_by_label(TITLE).check()
    editor.get_by_label("人大代表").check()
    editor.get_by_role("button", name="保存").click()
    expect(editor.locator("#digest-preview")).to_contain_text(TITLE)
    editor.get_by_role("button", name="送审").click()
    expect(editor.locator("#issue-waiting")).to_be_visible()
    expect(editor.get_by_role("button", name="发送")).to_have_count(0)

    for staff in (reviewer, office_tree.guanxian_head):
        page = desk()
        _staff_login(page, base, staff, office_tree.password)
        page.goto(f"{base}/staff/publishing/")
        page.locator("#my-issue-reviews").get_by_role("link").first.click()
        page.locator("#issue-review-task").get_by_role("button", name="通过").click()
    screenshot(page, "pub-05-digest-approved")
    page.get_by_role("button", name="立即发送").click()
    expect(page.locator("#flash")).to_contain_text("已向1位订阅者发送")
    assert DigestIssue.objects.get().status == "sent"
    assert [m.phone for m in sms_outbox] == ["13906350001"]


def test_the_editor_page_keeps_its_lock_alive_and_a_colleague_sees_who_holds_it(
    live_server, office_tree, desk, monkeypatch
):
    """While the editor page is open its htmx heartbeat renews the lock; a colleague opening
    the article is told who is editing; when the page closes the heartbeat stops."""
    import time

    from eqiao.workbench.views import publishing as views

    monkeypatch.setattr(views, "HEARTBEAT_SECONDS", 1)
    base = live_server.url
    colleague = make_staff(office_tree.guanxian, Role.EDITOR, "gx_editor2")
    from eqiao.publishing.services.articles import ArticleInput, article_create, article_unlock

    article = article_create(
        actor=office_tree.guanxian_editor,
        office=office_tree.guanxian,
        data=ArticleInput(kind="work_news", title=TITLE, body_html=f"<p>{MORE}</p>"),
    )
    article_unlock(actor=office_tree.guanxian_editor, article=article)

    editor = desk()
    _staff_login(editor, base, office_tree.guanxian_editor, office_tree.password)
    # The colleague logs in before the heartbeats start: the test's own writes would race
    # them on the live server's shared in-memory SQLite, which has no busy wait.
    other = desk()
    _staff_login(other, base, colleague, office_tree.password)
    editor.goto(f"{base}/staff/publishing/articles/{article.pk}/edit/")
    expect(editor.locator("#edit-lock")).to_contain_text("您正在编辑")
    article.refresh_from_db()
    first = article.lock_expires_at
    deadline = time.monotonic() + 10  # a heartbeat a second; a loaded machine may be slower
    while time.monotonic() < deadline:
        time.sleep(0.5)
        article.refresh_from_db()
        if article.lock_expires_at > first:
            break
    assert article.lock_expires_at > first

    other.goto(f"{base}/staff/publishing/articles/{article.pk}/")
    expect(other.locator("#lock-holder")).to_contain_text(office_tree.guanxian_editor.full_name)
    other.goto(f"{base}/staff/publishing/articles/{article.pk}/edit/")
    expect(other.locator("#flash")).to_contain_text("正在编辑这篇稿件")
    screenshot(other, "pub-06-lock-held")

    editor.close()  # no more heartbeats
    # A heartbeat sent just before the close may still be in flight on the server; let it land
    # (well over one heartbeat period) before taking the figure that must then stay put.
    time.sleep(1.5)
    article.refresh_from_db()
    last = article.lock_expires_at
    time.sleep(2)
    article.refresh_from_db()
    assert article.lock_expires_at == last
