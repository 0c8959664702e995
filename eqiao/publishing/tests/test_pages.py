"""The desk's pages: 待我审核 with due dates, the reviewer sees findings highlighted in
place, the editor's form keeps what was typed on an error, the portal lists and searches."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from eqiao.publishing.services.review import article_submit
from eqiao.publishing.tests.conftest import DIRTY_BODY, login_as, write

pytestmark = pytest.mark.django_db


def test_the_reviewer_sees_findings_highlighted_in_place(desk, client):
    article = article_submit(actor=desk.editor, article=write(desk, body=DIRTY_BODY))
    login_as(client, desk.reviewer)
    page = client.get(reverse("workbench:article_detail", args=[article.pk])).content.decode()
    assert '<mark class="finding-open"' in page
    assert ">13906351234</mark>" in page and ">张伟</mark>" in page
    assert "豁免理由" in page
    desk_page = client.get(reverse("workbench:publishing")).content.decode()
    assert article.title in desk_page  # in the security queue


def test_an_editor_creates_an_article_and_a_bad_form_keeps_the_text(desk, client):
    login_as(client, desk.editor)
    url = reverse("workbench:article_new")
    assert "quill.js" in client.get(url).content.decode()
    bad = client.post(url, {"kind": "work_news", "title": "", "body_html": "<p>保留的正文</p>"})
    assert bad.status_code == 400 and "保留的正文" in bad.content.decode()
    ok = client.post(
        url,
        {
            "kind": "work_news",
            "title": "清水检察室开展法治宣传",
            "body_html": "<p>正文<script>x()</script></p>",
            "short_text": "短",
        },
    )
    assert ok.status_code == 302
    from eqiao.publishing.models import Article

    article = Article.objects.get(title="清水检察室开展法治宣传")
    assert "script" not in article.body_html


def test_my_review_list_shows_due_dates_and_not_my_own_articles(desk, client):
    article = article_submit(actor=desk.editor, article=write(desk))
    login_as(client, desk.reviewer)
    page = client.get(reverse("workbench:publishing")).content.decode()
    assert article.title in page and "保密审查" in page
    login_as(client, desk.editor)
    page = client.get(reverse("workbench:publishing")).content.decode()
    assert "没有待审核的稿件" in page


def test_portal_pages_answer_bad_input_without_a_500(client, db):
    assert client.get(reverse("portal:articles") + "?q=%00%27%22").status_code == 200
    assert client.get(reverse("portal:articles") + "?series=999").status_code == 404
    assert client.get(reverse("portal:article", args=[999])).status_code == 404
    assert client.get(reverse("portal:digest_issue", args=["nope"])).status_code == 404
    assert client.get(reverse("portal:articles_atom")).status_code == 200


def test_opening_the_form_takes_the_lock_and_a_colleague_is_told_who_edits(desk, client):
    from eqiao.offices.models import Role
    from eqiao.offices.tests.factories import make_staff

    article = write(desk)
    other = make_staff(desk.office, Role.EDITOR, "gx_editor2")
    login_as(client, desk.editor)
    assert client.get(reverse("workbench:article_edit", args=[article.pk])).status_code == 200
    login_as(client, other)
    response = client.get(reverse("workbench:article_edit", args=[article.pk]), follow=True)
    assert "正在编辑这篇稿件" in response.content.decode()
    assert desk.editor.full_name in response.content.decode()


def test_an_editor_proposes_a_correction_from_its_page_and_reviewers_see_the_change(
    desk, client, django_capture_on_commit_callbacks
):
    from eqiao.publishing.tests.test_outlets import approved

    with django_capture_on_commit_callbacks(execute=True):
        article = approved(desk)
    login_as(client, desk.editor)
    url = reverse("workbench:article_act", args=[article.pk, "correct"])
    bad = client.post(
        url,
        {"title": article.title, "body_html": "<p>电话13906351234</p>", "note": "补充"},
        follow=True,
    )
    assert "未通过安全审查" in bad.content.decode()
    sent = client.post(
        url,
        {"title": "更正后的标题", "body_html": article.body_html, "note": "标题有误"},
        follow=True,
    ).content.decode()
    assert "更正已送审" in sent
    page = client.get(reverse("portal:article", args=[article.pk])).content.decode()
    assert "更正后的标题" not in page  # not before the review approves it

    login_as(client, desk.reviewer)
    detail = client.get(reverse("workbench:article_detail", args=[article.pk])).content.decode()
    assert 'id="pending-correction"' in detail and "+ 标题：更正后的标题" in detail
    decide = reverse("workbench:article_act", args=[article.pk, "decide"])
    task = article.review_tasks.get(state="open")
    client.post(decide, {"task": task.pk, "decision": "approve"})
    login_as(client, desk.head)
    task = article.review_tasks.get(state="open")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(decide, {"task": task.pk, "decision": "approve"})
    page = client.get(reverse("portal:article", args=[article.pk])).content.decode()
    assert "更正后的标题" in page and "标题有误" in page


def test_the_head_moves_or_cancels_an_approved_articles_time_and_it_is_audited(desk, client):
    import datetime as dt

    import time_machine

    from eqiao.core.models import AuditEntry
    from eqiao.publishing.services.publish import articles_publish_due
    from eqiao.publishing.tests.test_outlets import approved

    now = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    with time_machine.travel(now, tick=False):
        article = approved(desk, scheduled_at=now + dt.timedelta(days=1))
        assert article.status == "approved"
        login_as(client, desk.head)
        url = reverse("workbench:article_act", args=[article.pk, "reschedule"])
        page = client.get(reverse("workbench:article_detail", args=[article.pk]))
        assert 'id="reschedule"' in page.content.decode()
        bad = client.post(url, {"scheduled_at": "2026-11-19T09:00"}, follow=True)
        assert "必须晚于现在" in bad.content.decode()
        bad = client.post(url, {"scheduled_at": "明天"}, follow=True)
        assert "请填写正确的时间" in bad.content.decode()
        client.post(url, {"scheduled_at": "2026-11-22T10:30"})
        article.refresh_from_db()
        assert timezone.localtime(article.scheduled_at).strftime("%m-%d %H:%M") == "11-22 10:30"
    with time_machine.travel(now + dt.timedelta(days=1, hours=1), tick=False):
        assert articles_publish_due() == []  # the old time no longer holds
        client.post(url, {"cancel": "1"})
        article.refresh_from_db()
        assert article.scheduled_at is None and article.status == "approved"
    with time_machine.travel(now + dt.timedelta(days=5), tick=False):
        assert articles_publish_due() == []  # held until someone publishes it by hand
    moves = AuditEntry.objects.filter(action="article.reschedule", target_id=str(article.pk))
    assert moves.count() == 2
    assert moves.order_by("at").last().detail["to"] == ""
    login_as(client, desk.editor)  # an editor cannot move the time
    client.post(url, {"scheduled_at": "2026-11-30T10:30"})
    article.refresh_from_db()
    assert article.scheduled_at is None


def test_the_editor_page_renews_its_lock_by_heartbeat_and_it_expires_when_it_stops(desk, client):
    import datetime as dt

    import time_machine

    from eqiao.offices.models import Role
    from eqiao.offices.tests.factories import make_staff
    from eqiao.publishing.services.articles import HEARTBEAT_SECONDS, LOCK_SECONDS

    other = make_staff(desk.office, Role.EDITOR, "gx_editor2")
    t0 = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    article = write(desk)
    beat = reverse("workbench:article_heartbeat", args=[article.pk])
    with time_machine.travel(t0, tick=False):
        login_as(client, desk.editor)
        form = client.get(reverse("workbench:article_edit", args=[article.pk])).content.decode()
        assert f'hx-trigger="every {HEARTBEAT_SECONDS}s"' in form and beat in form
    # The page stays open for ten minutes, far past the lock's own life: each heartbeat
    # renews it, and the colleague is told who edits.
    for minute in range(1, 11):
        with time_machine.travel(t0 + dt.timedelta(minutes=minute), tick=False):
            response = client.post(beat, HTTP_HX_REQUEST="true")
            assert response.status_code == 200 and "您正在编辑" in response.content.decode()
    other_client = client.__class__()
    login_as(other_client, other)
    with time_machine.travel(t0 + dt.timedelta(minutes=10, seconds=30), tick=False):
        detail = other_client.get(reverse("workbench:article_detail", args=[article.pk]))
        assert 'id="lock-holder"' in detail.content.decode()
        assert desk.editor.full_name in detail.content.decode()
        refused = other_client.get(
            reverse("workbench:article_edit", args=[article.pk]), follow=True
        )
        assert "正在编辑这篇稿件" in refused.content.decode()
    # The page is closed: no more heartbeats, and the lock runs out on its own.
    later = t0 + dt.timedelta(minutes=10, seconds=LOCK_SECONDS + 1)
    with time_machine.travel(later, tick=False):
        detail = other_client.get(reverse("workbench:article_detail", args=[article.pk]))
        assert 'id="lock-holder"' not in detail.content.decode()
        assert (
            other_client.get(reverse("workbench:article_edit", args=[article.pk])).status_code
            == 200
        )
        # The first editor's tab wakes up: its heartbeat says who holds the lock now.
        lost = client.post(beat, HTTP_HX_REQUEST="true").content.decode()
        assert "编辑锁已失效" in lost and other.full_name in lost
        assert "hx-trigger" not in lost  # it stops beating


def test_an_image_uploaded_without_javascript_is_checked(desk, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from eqiao.publishing.models import ArticleImage
    from eqiao.publishing.tests.conftest import png_bytes

    login_as(client, desk.editor)
    url = reverse("workbench:article_image_new")
    fake = SimpleUploadedFile("photo.jpg", b"<?php echo 1; ?>", content_type="image/jpeg")
    response = client.post(url, {"file": fake, "alt": "x"}, follow=True)
    assert "不是有效的图片" in response.content.decode()
    real = SimpleUploadedFile("photo.png", png_bytes(), content_type="image/png")
    response = client.post(
        url, {"file": real, "alt": "检察官", "caption": "走访"}, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 200 and response.json()["url"].endswith(".jpg")
    assert ArticleImage.objects.get().caption == "走访"
