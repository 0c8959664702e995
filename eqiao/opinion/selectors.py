"""Reading the monitoring desk's data for a staff member: what lies in their office's
subtree (and what concerns no office yet, which the city's analysts sort out)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from eqiao.core.errors import NotFoundError
from eqiao.offices.models import Staff
from eqiao.opinion.models import (
    AlertRule,
    OpinionAlert,
    OpinionEvent,
    OpinionPost,
    Source,
    WatchTerm,
)
from eqiao.opinion.normal import normalise
from eqiao.opinion.pipeline import key_bigrams


def _scope(staff: Staff) -> Q:
    return Q(office__isnull=True) | Q(office__path__startswith=staff.office.path)


def posts_for_staff(
    *, staff: Staff, relevant: bool | None = True, sentiment: str = "", q: str = ""
) -> QuerySet[OpinionPost]:
    posts = OpinionPost.objects.filter(_scope(staff)).select_related("source", "event", "office")
    if relevant is not None:
        posts = posts.filter(relevant=relevant)
    if sentiment:
        posts = posts.filter(sentiment=sentiment)
    if q:
        posts = posts.filter(text__contains=q)
    return posts


def events_for_staff(*, staff: Staff, status: str = "") -> QuerySet[OpinionEvent]:
    events = OpinionEvent.objects.filter(_scope(staff)).select_related("office")
    if status:
        events = events.filter(status=status)
    return events


def event_get_for_staff(*, staff: Staff, pk: int) -> OpinionEvent:
    event = events_for_staff(staff=staff).filter(pk=pk).first()
    if event is None:
        raise NotFoundError("not found")
    return event


def alerts_for_staff(*, staff: Staff, open_only: bool = False) -> QuerySet[OpinionAlert]:
    alerts = OpinionAlert.objects.filter(_scope(staff)).select_related("rule", "event", "office")
    if open_only:
        alerts = alerts.filter(acknowledged_at__isnull=True)
    return alerts


def alert_get_for_staff(*, staff: Staff, pk: int) -> OpinionAlert:
    alert = alerts_for_staff(staff=staff).filter(pk=pk).first()
    if alert is None:
        raise NotFoundError("not found")
    return alert


def dashboard(*, staff: Staff, days: int = 7, now: dt.datetime | None = None) -> dict:
    """Volume per day, the sentiment split, top events and sources, the key terms of the
    last day: what the dashboard's charts draw."""
    now = now or timezone.now()
    since = now - dt.timedelta(days=days)
    relevant = posts_for_staff(staff=staff).filter(posted_at__gte=since, posted_at__lte=now)
    by_day = {
        row["day"]: row["n"]
        for row in relevant.annotate(day=TruncDate("posted_at"))
        .values("day")
        .annotate(n=Count("id"))
    }
    start = timezone.localdate(since)
    days_list = [start + dt.timedelta(days=i) for i in range(days + 1)]
    split = Counter(dict(relevant.values_list("sentiment").annotate(n=Count("id"))))
    sources = list(
        relevant.values("source__name").annotate(n=Count("id")).order_by("-n", "source__name")[:8]
    )
    events = list(
        events_for_staff(staff=staff)
        .filter(last_seen_at__gte=since)
        .order_by("-reach", "-posts_count")[:8]
    )
    day_texts = relevant.filter(posted_at__gte=now - dt.timedelta(days=1)).values_list(
        "normalised", flat=True
    )[:2000]
    terms: Counter = Counter()
    for text in day_texts:
        terms.update(key_bigrams(text))
    return {
        "days": [d.isoformat() for d in days_list],
        "volume": [by_day.get(d, 0) for d in days_list],
        "sentiment": {k: split.get(k, 0) for k in ("positive", "neutral", "negative")},
        "sources": sources,
        "events": events,
        "terms": terms.most_common(20),
        "total": relevant.count(),
        "open_alerts": alerts_for_staff(staff=staff, open_only=True).count(),
    }


# -- configuration pages -------------------------------------------------------------------

PREVIEW_DAYS = 30
PREVIEW_POSTS = 20_000


def sources_with_health(*, now: dt.datetime | None = None) -> QuerySet[Source]:
    """Every source with its post counts (all, and of the last seven days) for the health
    list; last success, last error and next poll are the source's own fields."""
    since = (now or timezone.now()) - dt.timedelta(days=7)
    return Source.objects.annotate(
        posts_total=Count("posts"),
        posts_week=Count("posts", filter=Q(posts__ingested_at__gte=since)),
    ).order_by("-active", "name")


def source_get(*, pk: int) -> Source:
    source = Source.objects.filter(pk=pk).first()
    if source is None:
        raise NotFoundError("not found")
    return source


def watch_terms_for_staff(*, staff: Staff, kind: str = "", q: str = "") -> QuerySet[WatchTerm]:
    """The installation's terms and those of offices in the staff member's subtree."""
    terms = WatchTerm.objects.filter(_scope(staff)).select_related("office")
    if kind:
        terms = terms.filter(kind=kind)
    if q:
        terms = terms.filter(term__contains=q)
    return terms


def watch_term_get_for_staff(*, staff: Staff, pk: int) -> WatchTerm:
    term = watch_terms_for_staff(staff=staff).filter(pk=pk).first()
    if term is None:
        raise NotFoundError("not found")
    return term


def watch_term_matches(
    *, terms: Iterable[str], days: int = PREVIEW_DAYS, now: dt.datetime | None = None
) -> dict[str, int]:
    """How many posts of the last `days` days (the newest PREVIEW_POSTS at most) contain
    each term, compared in the pipeline's normalised form: one query, counted in Python."""
    wanted = {term: normalise(term) for term in terms}
    counts = dict.fromkeys(wanted, 0)
    if not wanted:
        return counts
    since = (now or timezone.now()) - dt.timedelta(days=days)
    texts = OpinionPost.objects.filter(posted_at__gte=since).order_by("-posted_at")
    for normalised, text in texts.values_list("normalised", "text")[:PREVIEW_POSTS]:
        body = normalised or normalise(text)
        for term, form in wanted.items():
            if form and form in body:
                counts[term] += 1
    return counts


def alert_rules_with_counts() -> QuerySet[AlertRule]:
    return AlertRule.objects.annotate(
        alerts_total=Count("alerts"),
        alerts_open=Count("alerts", filter=Q(alerts__acknowledged_at__isnull=True)),
    ).order_by("trigger", "-min_reach", "pk")


def alert_rule_get(*, pk: int) -> AlertRule:
    rule = AlertRule.objects.filter(pk=pk).first()
    if rule is None:
        raise NotFoundError("not found")
    return rule
