"""Publication: the one gate every path goes through, the outlets fan-out with retries,
scheduled publication, withdrawal and correction.

`article_publish` is the only way an article becomes PUBLISHED (the admin and the API call
it too). It scans the article again and refuses while any finding is open, while the
linked case forbids disclosure, or before the review approved it. The outlets are then
called by the worker, each on its own: a failing outlet is retried with back-off and
blocks none of the others.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eqiao.core.audit import audit_log
from eqiao.core.errors import ApplicationError
from eqiao.offices.capabilities import require
from eqiao.offices.models import Staff
from eqiao.publishing.models import (
    Article,
    ArticleOutlet,
    ArticleStatus,
    FindingStatus,
    OutletState,
)
from eqiao.publishing.outlets import OutletError, outlet_get, outlets_registered
from eqiao.publishing.richtext import extract
from eqiao.publishing.services.screening import article_scan
from eqiao.text.search import search_tokens

MAX_OUTLET_ATTEMPTS = 8


def publication_blockers(article: Article) -> list[str]:
    """Why `article` cannot be published now (empty when it can). Scans it afresh, so an
    edit made anywhere (even straight in the database) is reviewed before it leaves."""
    reasons = []
    if article.case is not None and article.case.disclosure_forbidden:
        reasons.append(_("关联案件禁止公开。"))
    open_findings = article_scan(article=article)
    if open_findings:
        reasons.append(_("安全审查有%(n)s个问题未处理。") % {"n": len(open_findings)})
    if article.status != ArticleStatus.APPROVED:
        reasons.append(_("稿件尚未审批通过。"))
    return reasons


def _index(article: Article) -> None:
    """Keep the portal's full-text index (FTS5 on SQLite) in step with what is public."""
    tokens = search_tokens(f"{article.title}\n{extract(article.body_html).text}")
    Article.objects.filter(pk=article.pk).update(search_tokens=tokens)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM publishing_article_fts WHERE rowid = %s", [article.pk])
            if article.status == ArticleStatus.PUBLISHED:
                cursor.execute(
                    "INSERT INTO publishing_article_fts(rowid, tokens) VALUES (%s, %s)",
                    [article.pk, tokens],
                )


def article_publish(*, actor: Staff | None, article: Article) -> Article:
    """Publish an approved article now (see the module docstring). `actor` None: the
    scheduler, for an article whose approval already happened."""
    if actor is not None:
        require(actor, "article.approve", article.office, not_by=article.author)
    blockers = publication_blockers(article)
    if blockers:
        raise ApplicationError(" ".join(blockers))
    with transaction.atomic():
        # Claim: of two callers (a click and the scheduler), exactly one moves it.
        claimed = Article.objects.filter(pk=article.pk, status=ArticleStatus.APPROVED).update(
            status=ArticleStatus.PUBLISHED, published_at=timezone.now()
        )
        if not claimed:
            raise ApplicationError(_("稿件已发布或状态已变化。"))
        if article.findings.filter(status=FindingStatus.OPEN).exists():
            raise ApplicationError(_("安全审查有问题未处理。"))
        article.refresh_from_db()
        for outlet in outlets_registered():
            ArticleOutlet.objects.update_or_create(
                article=article,
                outlet=outlet.code,
                defaults={"state": OutletState.PENDING, "next_attempt_at": timezone.now()},
            )
        _index(article)
        audit_log(actor=actor.user if actor else None, action="article.publish", target=article)
        transaction.on_commit(lambda: _enqueue(article.pk))
    return article


def _enqueue(article_id: int) -> None:
    from eqiao.publishing.tasks import article_outlets_task  # tasks import services

    article_outlets_task.enqueue(article_id=article_id)


def _backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(minutes=min(2 ** max(attempts - 1, 0), 240))


def _claim_row(row: ArticleOutlet, now: dt.datetime) -> bool:
    """Push the row's next attempt forward before calling the outlet, so a second worker
    does not call it at the same time; a crash leaves it to be retried then."""
    return bool(
        ArticleOutlet.objects.filter(pk=row.pk, updated_at=row.updated_at).update(
            updated_at=now, next_attempt_at=now + dt.timedelta(minutes=10)
        )
    )


def article_outlets_deliver(*, article_id: int, now: dt.datetime | None = None) -> dict[str, str]:
    """Call every outlet of the article that is due (publish, or withdraw), each outside
    any transaction; returns outlet → state. Safe to run twice."""
    now = now or timezone.now()
    states: dict[str, str] = {}
    rows = ArticleOutlet.objects.filter(article_id=article_id).select_related("article")
    for row in rows:
        states[row.outlet] = row.state
        due = row.next_attempt_at is None or row.next_attempt_at <= now
        if row.state not in (OutletState.PENDING, OutletState.FAILED, OutletState.WITHDRAWING):
            continue
        if not due or row.attempts >= MAX_OUTLET_ATTEMPTS or not _claim_row(row, now):
            continue
        outlet = outlet_get(row.outlet)
        fields: dict[str, object] = {"attempts": row.attempts + 1, "updated_at": timezone.now()}
        try:
            if outlet is None:
                raise OutletError(_("发布渠道未配置。"))
            if row.state == OutletState.WITHDRAWING:
                outlet.withdraw(row.article)
                fields.update(state=OutletState.WITHDRAWN, last_error="", next_attempt_at=None)
            else:
                result = outlet.publish(row.article)
                fields.update(
                    state=OutletState.PUBLISHED,
                    link=result.link[:300],
                    last_error="",
                    next_attempt_at=None,
                )
        except Exception as exc:  # an outlet is an outside system: any failure is retried
            fields.update(
                last_error=str(exc)[:300],
                next_attempt_at=now + _backoff(row.attempts + 1),
            )
            if row.state != OutletState.WITHDRAWING:
                fields["state"] = OutletState.FAILED
        ArticleOutlet.objects.filter(pk=row.pk).update(**fields)
        states[row.outlet] = str(fields.get("state", row.state))
    return states


def outlets_retry_due(*, now: dt.datetime | None = None) -> int:
    """Retry every outlet row that is due (the worker's periodic job)."""
    now = now or timezone.now()
    ids = set(
        ArticleOutlet.objects.filter(
            state__in=[OutletState.PENDING, OutletState.FAILED, OutletState.WITHDRAWING],
            next_attempt_at__lte=now,
            attempts__lt=MAX_OUTLET_ATTEMPTS,
        ).values_list("article_id", flat=True)
    )
    for article_id in sorted(ids):
        article_outlets_deliver(article_id=article_id, now=now)
    return len(ids)


def articles_publish_due(*, now: dt.datetime | None = None) -> list[int]:
    """Publish every approved article whose time has come, including times missed while
    the worker was down; each exactly once (the status claim in `article_publish`)."""
    now = now or timezone.now()
    published = []
    due = Article.objects.filter(
        status=ArticleStatus.APPROVED, scheduled_at__isnull=False, scheduled_at__lte=now
    ).order_by("scheduled_at", "pk")
    for article in due:
        try:
            article_publish(actor=None, article=article)
        except ApplicationError:
            continue  # stays approved, shown with its blockers on the desk
        published.append(article.pk)
    return published


def article_approved_next(*, article: Article) -> Article:
    """After the last approval: publish now unless a later time is scheduled."""
    if article.status != ArticleStatus.APPROVED:
        return article
    if article.scheduled_at and article.scheduled_at > timezone.now():
        return article
    try:
        return article_publish(actor=None, article=article)
    except ApplicationError:
        return article


def article_withdraw(*, actor: Staff, article: Article, reason: str) -> Article:
    """Take a published article down everywhere that supports it (reason required)."""
    require(actor, "article.approve", article.office)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("请填写撤回原因。"), field="reason")
    with transaction.atomic():
        claimed = Article.objects.filter(pk=article.pk, status=ArticleStatus.PUBLISHED).update(
            status=ArticleStatus.WITHDRAWN,
            withdrawn_at=timezone.now(),
            withdraw_reason=reason[:300],
        )
        if not claimed:
            raise ApplicationError(_("只有已发布的稿件可以撤回。"))
        article.refresh_from_db()
        for row in ArticleOutlet.objects.filter(article=article):
            outlet = outlet_get(row.outlet)
            if outlet is not None and outlet.supports_withdraw:
                row.state = OutletState.WITHDRAWING
                row.attempts = 0
                row.next_attempt_at = timezone.now()
                row.save()
        _index(article)
        audit_log(
            actor=actor.user, action="article.withdraw", target=article, detail={"reason": reason}
        )
        transaction.on_commit(lambda: _enqueue(article.pk))
    return article
