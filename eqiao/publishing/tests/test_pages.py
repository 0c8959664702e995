"""The desk's pages: 待我审核 with due dates, the reviewer sees findings highlighted in
place, the editor's form keeps what was typed on an error, the portal lists and searches."""

from __future__ import annotations

import pytest
from django.urls import reverse

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


def test_a_head_corrects_a_published_article_from_its_page(
    desk, client, django_capture_on_commit_callbacks
):
    from eqiao.publishing.tests.test_outlets import approved

    with django_capture_on_commit_callbacks(execute=True):
        article = approved(desk)
    login_as(client, desk.head)
    url = reverse("workbench:article_act", args=[article.pk, "correct"])
    bad = client.post(
        url,
        {"title": article.title, "body_html": "<p>电话13906351234</p>", "note": "补充"},
        follow=True,
    )
    assert "未通过安全审查" in bad.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url, {"title": "更正后的标题", "body_html": article.body_html, "note": "标题有误"}
        )
    page = client.get(reverse("portal:article", args=[article.pk])).content.decode()
    assert "更正后的标题" in page and "标题有误" in page


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
