"""The issue's "done when": an editor writes a case interpretation with a phone number and
a party's name; the automated review blocks it; the fix passes; the head approves; it is
on the portal and in its feed and search, in the next mobile digest sent to a subscriber
group through the loopback SMS gateway, and in a newsletter whose first page is rendered
to an image and looks like a newspaper."""

from __future__ import annotations

import datetime as dt

import pypdfium2 as pdfium
import pytest
from django.urls import reverse

from eqiao.channels.providers.sms_http.fake_server import FakeSmsProvider
from eqiao.core.errors import ApplicationError, PermissionDeniedError
from eqiao.publishing.models import (
    ArticleStatus,
    FindingStatus,
    GroupKind,
    IssueStatus,
    OutletState,
    SubscriberGroup,
)
from eqiao.publishing.selectors import published_search, review_tasks_for
from eqiao.publishing.services.articles import ArticleInput, article_update
from eqiao.publishing.services.digest import (
    digest_create,
    digest_decide,
    digest_delivery_counts,
    digest_send,
    digest_submit,
    subscriber_set,
)
from eqiao.publishing.services.newsletter import (
    newsletter_create,
    newsletter_decide,
    newsletter_submit,
)
from eqiao.publishing.services.review import article_submit, review_decide
from eqiao.publishing.tests.conftest import DIRTY_BODY, write

pytestmark = pytest.mark.django_db


def approve_all(desk, article):
    for actor in (desk.reviewer, desk.head):
        task = review_tasks_for(staff=actor)[0]
        article = review_decide(actor=actor, task=task, approve=True)
    return article


@pytest.fixture
def http_sms(settings):
    """SMS go out through the real HTTP provider to the loopback gateway."""
    with FakeSmsProvider() as gateway:
        settings.EQIAO_SMS_PROVIDER = "sms_http"
        settings.EQIAO_SMS_HTTP_URL = gateway.url
        settings.EQIAO_SMS_HTTP_BATCH_URL = gateway.batch_url
        settings.EQIAO_SMS_HTTP_KEY = gateway.key
        yield gateway


def test_phone_and_party_name_block_then_the_fix_passes_and_it_goes_everywhere(
    desk, client, http_sms, django_capture_on_commit_callbacks
):
    article = write(desk, body=DIRTY_BODY)
    article = article_submit(actor=desk.editor, article=article)

    assert article.status == ArticleStatus.SECURITY
    found = {(f.detail, f.matched) for f in article.findings.filter(status=FindingStatus.OPEN)}
    assert ("phone", "13906351234") in found
    assert ("name", "张伟") in found
    assert review_tasks_for(staff=desk.reviewer) == []

    fixed = DIRTY_BODY.replace("张伟（电话13906351234）", "张某")
    article = article_update(
        actor=desk.editor,
        article=article,
        data=ArticleInput(kind=article.kind, title=article.title, body_html=fixed),
    )
    assert article.status == ArticleStatus.REVIEW
    assert not article.findings.filter(status=FindingStatus.OPEN).exists()

    # The author cannot approve their own article, even holding the capability's role.
    task = review_tasks_for(staff=desk.reviewer)[0]
    with pytest.raises(PermissionDeniedError):
        review_decide(actor=desk.editor, task=task, approve=True)

    with django_capture_on_commit_callbacks(execute=True):
        article = approve_all(desk, article)
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED
    assert article.outlets.get(outlet="portal").state == OutletState.PUBLISHED

    page = client.get(reverse("portal:article", args=[article.pk]))
    assert page.status_code == 200
    assert "张某" in page.content.decode()
    feed = client.get(reverse("portal:articles_feed"))
    assert article.title in feed.content.decode()
    assert list(published_search(query="支持起诉")) == [article]

    # The next mobile digest: compiled, reviewed like an article, sent to the NPC deputies
    # through the SMS gateway (the real HTTP provider against the loopback fake).
    npc = SubscriberGroup.objects.create(office=desk.office, kind=GroupKind.NPC, name="人大代表")
    for phone in ("13906350001", "13906350002"):
        subscriber_set(group=npc, phone=phone, active=True, method="staff")
    issue = digest_create(
        actor=desk.editor, office=desk.office, title="11月下半月", articles=[article], groups=[npc]
    )
    issue = digest_submit(actor=desk.editor, issue=issue)
    for actor in (desk.reviewer, desk.head):
        issue = digest_decide(actor=actor, issue=issue, approve=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert digest_send(actor=desk.head, issue=issue) == 2
    assert sorted(m.phone for m in http_sms.messages) == ["13906350001", "13906350002"]
    text = http_sms.messages[0].text
    assert article.title in text and f"/digest/{issue.token}/" in text
    assert "张伟" not in text and "13906351234" not in text
    assert digest_delivery_counts(issue) == {"sent": 2}
    phone_page = client.get(reverse("portal:digest_issue", args=[issue.token])).content.decode()
    assert article.title in phone_page

    # The newsletter: its proof reviewed, then the released PDF's first page rendered.
    paper = newsletter_create(
        actor=desk.editor,
        office=desk.office,
        masthead="冠县检察室报",
        issue_date=dt.date(2026, 11, 30),
        articles=[article],
    )
    paper = newsletter_submit(actor=desk.editor, issue=paper)
    for actor in (desk.reviewer, desk.head):
        paper = newsletter_decide(actor=actor, issue=paper, approve=True)
    assert paper.status == IssueStatus.APPROVED
    page = pdfium.PdfDocument(paper.pdf.read())[0]
    words = page.get_textpage().get_text_range()
    assert "冠县检察室报" in words and "第1期" in words and "2026年11月30日" in words
    assert article.title in words and "张某" in words and "13906351234" not in words
    image = page.render(scale=0.5).to_pil().convert("RGB")
    w, h = image.size
    masthead = image.crop((0, 0, w, h // 8)).get_flattened_data()
    assert sum(1 for r, g, b in masthead if r > 150 and g < 80 and b < 80) > 200  # red masthead
    inked = sum(1 for v in image.convert("L").get_flattened_data() if v < 128)
    assert inked > w * h // 200  # a page of print, not an empty sheet


def test_rejection_needs_a_reason_and_returns_the_article_to_its_author(desk):
    article = article_submit(actor=desk.editor, article=write(desk))
    task = review_tasks_for(staff=desk.reviewer)[0]
    with pytest.raises(ApplicationError):
        review_decide(actor=desk.reviewer, task=task, approve=False, reason="")
    article = review_decide(actor=desk.reviewer, task=task, approve=False, reason="标题不准确")
    assert article.status == ArticleStatus.DRAFT
    assert review_tasks_for(staff=desk.head) == []


def test_an_important_case_release_needs_the_deputy_chiefs_step(desk):
    from eqiao.cases.models import Case

    case = Case.objects.create(
        number="冠检刑诉受〔2026〕1号",
        kind="criminal",
        title="王某盗窃案",
        office=desk.office,
        stage="prosecution_review",
        accepted_on="2026-10-01",
    )
    article = write(desk, kind="case_release", case=case, important=True)
    article = article_submit(actor=desk.editor, article=article)
    labels = list(article.review_tasks.values_list("label", "capability"))
    assert ("分管副检察长审批", "article.approve_important") in labels
    assert len(labels) == 3


def test_a_case_whose_disclosure_is_forbidden_is_never_published(desk):
    from eqiao.cases.models import Case

    case = Case.objects.create(
        number="冠检未检受〔2026〕2号",
        kind="criminal",
        title="李某某案",
        juvenile=True,
        office=desk.office,
        stage="prosecution_review",
        accepted_on="2026-10-01",
    )
    article = article_submit(actor=desk.editor, article=write(desk, kind="case_release", case=case))
    assert article.status == ArticleStatus.SECURITY
    finding = article.findings.get(kind="case")
    from eqiao.publishing.services.screening import finding_waive

    with pytest.raises(ApplicationError):
        finding_waive(actor=desk.reviewer, finding=finding, reason="领导同意")
