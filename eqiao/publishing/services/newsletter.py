"""The printed newsletter (检察室报): an issue compiled from published articles into a
print-ready A4 or A3 PDF (masthead, issue number and date, columns, images with captions),
rendered by WeasyPrint with the installed CJK font (WenQuanYi Micro Hei, or any Noto CJK).
Rendering happens outside the transaction that stores the file.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from eqiao.core.audit import audit_log
from eqiao.core.errors import ApplicationError
from eqiao.offices.capabilities import require
from eqiao.offices.models import Procuratorate, Staff
from eqiao.publishing.models import Article, ArticleStatus, NewsletterIssue, PaperSize
from eqiao.publishing.richtext import extract


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
        },
    )


def newsletter_render(*, issue: NewsletterIssue) -> bytes:
    """The PDF bytes (slow: call outside transactions)."""
    from weasyprint import HTML  # heavy import (Pango); only the renderer needs it

    return HTML(string=newsletter_html(issue), base_url="/").write_pdf()


def newsletter_build(*, actor: Staff, issue: NewsletterIssue) -> NewsletterIssue:
    """Render and store the issue's PDF."""
    require(actor, "article.edit", issue.office)
    pdf = newsletter_render(issue=issue)
    with transaction.atomic():
        issue.pdf.save(f"newsletter-{issue.office_id}-{issue.number}.pdf", ContentFile(pdf))
        audit_log(actor=actor.user, action="newsletter.build", target=issue)
    return issue
