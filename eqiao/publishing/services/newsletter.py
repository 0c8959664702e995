"""The printed newsletter (检察室报): an issue compiled from published articles into a
print-ready A4 or A3 PDF (masthead, issue number and date, columns, images with captions),
rendered by WeasyPrint with the installed CJK font (WenQuanYi Micro Hei, or any Noto CJK).
Until the issue's review approves it, its PDF is a proof marked 样稿 on every page; the
last approval renders the final PDF and releases it. Rendering happens outside the
transaction that stores the file.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from eqiao.core.audit import audit_log
from eqiao.core.errors import ApplicationError
from eqiao.offices.capabilities import require
from eqiao.offices.models import Procuratorate, Staff
from eqiao.publishing.models import (
    Article,
    ArticleStatus,
    IssueStatus,
    NewsletterIssue,
    PaperSize,
)
from eqiao.publishing.richtext import extract
from eqiao.publishing.services.issue_review import issue_decide, issue_review_start


def newsletter_create(
    *,
    actor: Staff,
    office: Procuratorate,
    masthead: str,
    issue_date: dt.date,
    articles: list[Article],
    paper: str = PaperSize.A4,
) -> NewsletterIssue:
    require(actor, "article.edit", office)
    masthead = (masthead or "").strip()
    if not masthead:
        raise ApplicationError(_("请填写报头。"), field="masthead")
    if paper not in PaperSize.values:
        raise ApplicationError(_("纸张只能是A4或A3。"), field="paper")
    if not articles or any(a.status != ArticleStatus.PUBLISHED for a in articles):
        raise ApplicationError(_("请选择已发布的稿件。"), field="articles")
    with transaction.atomic():
        last = NewsletterIssue.objects.filter(office=office).aggregate(n=Max("number"))["n"] or 0
        issue = NewsletterIssue.objects.create(
            office=office,
            masthead=masthead[:30],
            number=last + 1,
            issue_date=issue_date,
            paper=paper,
            author=actor,
        )
        issue.articles.set(articles)
        audit_log(actor=actor.user, action="newsletter.create", target=issue)
    return issue


def _paragraphs(article: Article) -> list[str]:
    return [line for line in extract(article.body_html).text.splitlines() if line.strip()]


def newsletter_html(issue: NewsletterIssue) -> str:
    articles = list(issue.articles.order_by("-published_at", "pk").select_related("cover"))
    lead, rest = (articles[0], articles[1:]) if articles else (None, [])
    items = [
        {
            "article": a,
            "paragraphs": _paragraphs(a),
            "image": a.cover.file.path if a.cover else "",
            "caption": a.cover.caption if a.cover else "",
        }
        for a in articles
    ]
    return render_to_string(
        "publishing/newsletter.html",
        {
            "issue": issue,
            "lead": items[0] if lead else None,
            "items": items[1:] if rest else [],
            "year_issue": issue.number,
            "proof": issue.status != IssueStatus.APPROVED,
        },
    )


def newsletter_render(*, issue: NewsletterIssue) -> bytes:
    """The PDF bytes (slow: call outside transactions)."""
    from weasyprint import HTML  # heavy import (Pango); only the renderer needs it

    return HTML(string=newsletter_html(issue), base_url="/").write_pdf()


def _store(issue: NewsletterIssue, pdf: bytes) -> None:
    name = f"newsletter-{issue.office_id}-{issue.number}.pdf"
    if issue.pdf:
        issue.pdf.delete(save=False)
    issue.pdf.save(name, ContentFile(pdf), save=False)
    NewsletterIssue.objects.filter(pk=issue.pk).update(pdf=issue.pdf.name)


def newsletter_build(*, actor: Staff, issue: NewsletterIssue) -> NewsletterIssue:
    """Render and store the issue's proof (样稿): marked as not yet released on every page
    until its review approves it."""
    require(actor, "article.edit", issue.office)
    if issue.status not in (IssueStatus.DRAFT, IssueStatus.REVIEW):
        raise ApplicationError(_("已印发的检察室报不能重新生成样稿。"))
    pdf = newsletter_render(issue=issue)
    with transaction.atomic():
        _store(issue, pdf)
        audit_log(actor=actor.user, action="newsletter.build", target=issue)
    issue.refresh_from_db()
    return issue


def newsletter_submit(*, actor: Staff, issue: NewsletterIssue) -> NewsletterIssue:
    """Send the issue for review (the office's human steps); its proof is rendered first
    so the reviewers read what will be printed."""
    require(actor, "article.edit", issue.office)
    if issue.status != IssueStatus.DRAFT:
        raise ApplicationError(_("只有编辑中的检察室报可以送审。"))
    if not issue.pdf:
        issue = newsletter_build(actor=actor, issue=issue)
    with transaction.atomic():
        locked = NewsletterIssue.objects.select_for_update().get(pk=issue.pk)
        if locked.status != IssueStatus.DRAFT:
            raise ApplicationError(_("只有编辑中的检察室报可以送审。"))
        issue_review_start(issue=locked)
        audit_log(actor=actor.user, action="newsletter.submit", target=locked)
    issue.refresh_from_db()
    if issue.status == IssueStatus.APPROVED:  # an office without human steps
        _release(issue)
    return issue


def _release(issue: NewsletterIssue) -> None:
    """The approved issue's final PDF (without the proof mark), released for printing."""
    issue.refresh_from_db()
    pdf = newsletter_render(issue=issue)
    _store(issue, pdf)
    NewsletterIssue.objects.filter(pk=issue.pk).update(released_at=timezone.now())


def newsletter_decide(
    *, actor: Staff, issue: NewsletterIssue, approve: bool, reason: str = ""
) -> NewsletterIssue:
    """Decide the issue's open review step; the last approval releases the final PDF."""
    result = issue_decide(
        actor=actor,
        issue=issue,
        approve=approve,
        reason=reason,
        on_approved=lambda i: _release(i),  # type: ignore[arg-type]
    )
    assert isinstance(result, NewsletterIssue)
    return result
