"""The printed newsletter: a PDF with masthead, issue number and date, columns, images and
captions; its first page is rendered to an image and checked for what a person sees."""

from __future__ import annotations

import datetime as dt

import pypdfium2 as pdfium
import pytest
from PIL import Image

from eqiao.core.errors import ApplicationError, PermissionDeniedError
from eqiao.publishing.models import IssueStatus
from eqiao.publishing.services.images import image_upload
from eqiao.publishing.services.newsletter import (
    newsletter_build,
    newsletter_create,
    newsletter_decide,
    newsletter_submit,
)
from eqiao.publishing.tests.conftest import png_bytes
from eqiao.publishing.tests.test_outlets import approved

pytestmark = pytest.mark.django_db

PARA = (
    "<p>"
    + "冠县人民检察院驻清水检察室深入田间地头，开展法治宣传，为群众讲解土地承包、婚姻家庭和赡养老人方面的法律知识。"
    * 4
    + "</p>"
)


def release(desk, issue):
    """Send the issue for review and approve each step (the security review, the head)."""
    issue = newsletter_submit(actor=desk.editor, issue=issue)
    for actor in (desk.reviewer, desk.head):
        issue = newsletter_decide(actor=actor, issue=issue, approve=True)
    assert issue.status == IssueStatus.APPROVED
    return issue


@pytest.mark.parametrize("paper,size_mm", [("A4", (210, 297)), ("A3", (297, 420))])
def test_a_newsletter_pdf_looks_like_a_newspaper(
    desk, paper, size_mm, django_capture_on_commit_callbacks
):
    red_photo = image_upload(
        actor=desk.editor,
        office=desk.office,
        data=png_bytes((600, 400), (200, 30, 30)),
        alt="检察官讲解",
        caption="检察官在清水镇集市讲解法律知识",
    )
    with django_capture_on_commit_callbacks(execute=True):
        articles = [approved(desk)]
        from eqiao.publishing.selectors import review_tasks_for
        from eqiao.publishing.services.articles import ArticleInput, article_create
        from eqiao.publishing.services.review import article_submit, review_decide

        for i in range(3):
            a = article_create(
                actor=desk.editor,
                office=desk.office,
                data=ArticleInput(
                    kind="legal_education",
                    title=f"法治宣传进乡村（{i + 1}）",
                    body_html=PARA * 2,
                    cover=red_photo,
                ),
            )
            article_submit(actor=desk.editor, article=a)
            for actor in (desk.reviewer, desk.head):
                review_decide(actor=actor, task=review_tasks_for(staff=actor)[0], approve=True)
            a.refresh_from_db()
            articles.append(a)
    issue = newsletter_create(
        actor=desk.editor,
        office=desk.office,
        masthead="清水检察室报",
        issue_date=dt.date(2026, 11, 30),
        articles=articles,
        paper=paper,
    )
    issue = newsletter_build(actor=desk.editor, issue=issue)
    proof = pdfium.PdfDocument(issue.pdf.read())[0].get_textpage().get_text_range()
    assert "样稿" in proof and "不得印发" in proof
    issue = release(desk, issue)
    assert issue.released_at is not None

    pdf = pdfium.PdfDocument(issue.pdf.read())
    page = pdf[0]
    width_mm, height_mm = (round(v / 72 * 25.4) for v in page.get_size())
    assert (width_mm, height_mm) == size_mm
    text = page.get_textpage().get_text_range()
    assert "样稿" not in text
    assert "清水检察室报" in text
    assert "第1期" in text and "2026年11月30日" in text
    assert "检察官在清水镇集市讲解法律知识" in text  # the caption
    # Rendered, the page shows the red masthead at the top, the photo, and ink in columns.
    image = page.render(scale=0.5).to_pil().convert("RGB")
    w, h = image.size
    top = image.crop((0, 0, w, h // 8))
    assert (
        sum(1 for px in top.get_flattened_data() if px[0] > 150 and px[1] < 80 and px[2] < 80) > 200
    )
    photo_red = sum(
        1 for px in image.get_flattened_data() if px[0] > 180 and px[1] < 60 and px[2] < 60
    )
    assert photo_red > 1000
    body = image.crop((0, h // 3, w, h)).convert("L")
    columns = _ink_columns(body)
    assert columns >= 2, columns


def _ink_columns(gray: Image.Image) -> int:
    """How many separate vertical bands of text a page region has (a gutter is a run of
    almost blank pixel columns)."""
    w, h = gray.size
    px = gray.load()
    inked = [sum(1 for y in range(0, h, 3) if px[x, y] < 128) > h // 60 for x in range(w)]
    bands, inside = 0, False
    for ink in inked:
        if ink and not inside:
            bands += 1
        inside = ink
    return bands


def test_the_newsletter_is_reviewed_before_its_pdf_is_released(
    desk, client, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from eqiao.publishing.tests.conftest import login_as

    with django_capture_on_commit_callbacks(execute=True):
        article = approved(desk)
    issue = newsletter_create(
        actor=desk.editor,
        office=desk.office,
        masthead="清水检察室报",
        issue_date=dt.date(2026, 11, 30),
        articles=[article],
    )
    issue = newsletter_submit(actor=desk.editor, issue=issue)  # renders the proof first
    assert issue.status == IssueStatus.REVIEW and issue.pdf and issue.released_at is None
    with pytest.raises(PermissionDeniedError):
        newsletter_decide(actor=desk.editor, issue=issue, approve=True)  # its own editor
    with pytest.raises(PermissionDeniedError):
        newsletter_decide(actor=desk.head, issue=issue, approve=True)  # security review first
    with pytest.raises(ApplicationError, match="理由"):
        newsletter_decide(actor=desk.reviewer, issue=issue, approve=False)
    issue = newsletter_decide(actor=desk.reviewer, issue=issue, approve=False, reason="照片不清")
    assert issue.status == IssueStatus.DRAFT and issue.reject_reason == "照片不清"

    # The workbench: the editor sends it again; the reviewers find it in 待我审核.
    login_as(client, desk.editor)
    url = reverse("workbench:newsletter_detail", args=[issue.pk])
    client.post(url, {"action": "submit"})
    for actor in (desk.reviewer, desk.head):
        login_as(client, actor)
        desk_page = client.get(reverse("workbench:publishing")).content.decode()
        assert 'id="my-issue-reviews"' in desk_page and url in desk_page
        page = client.get(url).content.decode()
        assert "样稿" in page and 'id="issue-review-task"' in page
        client.post(url, {"action": "approve"})
    issue.refresh_from_db()
    assert issue.status == IssueStatus.APPROVED and issue.released_at is not None
    page = client.get(url).content.decode()
    assert "下载印发版PDF" in page
    pdf = client.get(reverse("workbench:newsletter_pdf", args=[issue.pk]))
    text = pdfium.PdfDocument(b"".join(pdf.streaming_content))[0].get_textpage()
    assert "样稿" not in text.get_text_range()
