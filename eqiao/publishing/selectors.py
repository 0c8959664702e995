"""Reads of the studio's desk. Staff lists are scoped to the actor's subtree here; public
reads show only published articles."""

from __future__ import annotations

from django.db import connection
from django.db.models import Q, QuerySet

from eqiao.offices.capabilities import can
from eqiao.offices.models import Staff
from eqiao.offices.selectors import office_scope_filter
from eqiao.publishing.models import (
    Article,
    ArticleStatus,
    DigestIssue,
    Finding,
    IssueReviewTask,
    NewsletterIssue,
    ReviewTask,
    ReviewTaskState,
    Series,
    Tag,
)
from eqiao.text.search import fts5_match, search_query, tsquery


def article_list_for_staff(*, staff: Staff, status: str = "") -> QuerySet[Article]:
    qs = Article.objects.select_related("office", "author", "series").order_by("-updated_at", "-pk")
    if status:
        qs = qs.filter(status=status)
    return office_scope_filter(qs, staff=staff)


def article_get_for_staff(*, staff: Staff, pk: int) -> Article:
    """The article if it lies in the staff member's subtree (else Article.DoesNotExist)."""
    return article_list_for_staff(staff=staff).get(pk=pk)


def review_tasks_for(*, staff: Staff) -> list[ReviewTask]:
    """待我审核: the open steps this person may decide (not their own articles), by due
    date."""
    tasks = (
        ReviewTask.objects.filter(state=ReviewTaskState.OPEN)
        .select_related("article", "article__office", "article__author")
        .order_by("due_at", "pk")
    )
    tasks = office_scope_filter(tasks, staff=staff, field="article__office")
    tasks = tasks.select_related("correction", "correction__proposed_by")
    return [t for t in tasks if can(staff, t.capability, t.article.office, not_by=t.submitter)]


def issue_tasks_for(*, staff: Staff) -> list[IssueReviewTask]:
    """待我审核 for the digest and the newsletter: the open issue steps this person may
    decide (not their own issues), by due date."""
    tasks = (
        IssueReviewTask.objects.filter(state=ReviewTaskState.OPEN)
        .select_related("office", "digest", "digest__author", "newsletter", "newsletter__author")
        .order_by("due_at", "pk")
    )
    tasks = office_scope_filter(tasks, staff=staff, field="office")
    return [t for t in tasks if can(staff, t.capability, t.office, not_by=t.issue.author)]


def security_queue_for(*, staff: Staff) -> QuerySet[Article]:
    """Articles the automated review stopped, for the security reviewers."""
    return article_list_for_staff(staff=staff, status=ArticleStatus.SECURITY)


def findings_of(article: Article) -> list[Finding]:
    return list(article.findings.select_related("waived_by").order_by("field", "start"))


def published_articles() -> QuerySet[Article]:
    return (
        Article.objects.filter(status=ArticleStatus.PUBLISHED)
        .select_related("office", "series", "cover")
        .prefetch_related("tags")
        .order_by("-published_at", "-pk")
    )


def published_article_get(*, pk: int) -> Article:
    return published_articles().get(pk=pk)


def published_search(*, query: str) -> QuerySet[Article]:
    """Full-text search of published articles in Chinese: the text engine's tokens in
    SQLite FTS5 or PostgreSQL's to_tsvector('simple', …)."""
    tokens = search_query(query)
    qs = published_articles()
    if not tokens:
        return qs.none()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid FROM publishing_article_fts WHERE publishing_article_fts MATCH %s"
                " ORDER BY bm25(publishing_article_fts)",
                [fts5_match(tokens)],
            )
            ids = [row[0] for row in cursor.fetchall()]
        return qs.filter(pk__in=ids)
    return qs.extra(  # noqa: S610 - the query is a parameter
        where=["to_tsvector('simple', search_tokens) @@ to_tsquery('simple', %s)"],
        params=[tsquery(tokens)],
    )


def series_list() -> QuerySet[Series]:
    return Series.objects.filter(articles__status=ArticleStatus.PUBLISHED).distinct()


def tag_get(name: str) -> Tag:
    return Tag.objects.get(name=name)


def digest_public_get(*, token: str) -> DigestIssue:
    return DigestIssue.objects.select_related("office").get(
        Q(status="sent") | Q(status="approved"), token=token
    )


def digests_for_staff(*, staff: Staff) -> QuerySet[DigestIssue]:
    return office_scope_filter(DigestIssue.objects.select_related("office"), staff=staff)


def newsletters_for_staff(*, staff: Staff) -> QuerySet[NewsletterIssue]:
    return office_scope_filter(NewsletterIssue.objects.select_related("office"), staff=staff)
