"""The worker's side of the pipeline: analyse the posts not yet analysed, in batches, with
the same `pipeline.Analyzer` as `eqiao opinion analyze`, and store what it finds: the
post's labels, its original (whose reach grows), its event, and the alerts that follow.

The analyser's state (near-duplicate index, events, baselines) lives in the worker
process; a new process warms it from the last days' analysed posts, and rebuilds it when
the watch-list changes."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from eqiao.offices.models import Procuratorate
from eqiao.opinion.models import OpinionEvent, OpinionPost, Severity
from eqiao.opinion.pipeline import Analyzer, Post, Result
from eqiao.opinion.services.terms import terms_current

BATCH = 500
WARM_DAYS = 7
WARM_POSTS = 50_000


class _State:
    analyzer: Analyzer | None = None
    fingerprint: tuple | None = None


_state = _State()


def analyzer_reset() -> None:
    """Forget the worker's state (tests; a changed watch-list does this by itself)."""
    _state.analyzer, _state.fingerprint = None, None


def _office_ids() -> dict[str, int]:
    return dict(Procuratorate.objects.values_list("name", "pk"))


def _analyzer() -> Analyzer:
    terms, fingerprint = terms_current()
    if _state.analyzer is not None and _state.fingerprint == fingerprint:
        return _state.analyzer
    analyzer = Analyzer(terms, judge_irrelevant=False)
    since = timezone.now() - dt.timedelta(days=WARM_DAYS)
    recent = (
        OpinionPost.objects.filter(analysed_at__isnull=False, posted_at__gte=since)
        .select_related("office", "source")
        .order_by("-pk")[:WARM_POSTS]
    )
    for post in reversed(list(recent)):
        analyzer.remember(
            Post(post.pk, post.source.code, post.text, post.posted_at),
            relevant=bool(post.relevant),
            office=post.office.name if post.office else None,
            event=post.event_id,
            sentiment=post.sentiment or "neutral",
            major=post.severity == Severity.MAJOR,
            dup_of=post.dup_of_id,
        )
    _state.analyzer, _state.fingerprint = analyzer, fingerprint
    return analyzer


def posts_process(*, batch: int = BATCH) -> int:
    """Analyse up to `batch` pending posts, oldest first; the number analysed."""
    from eqiao.opinion.services.alerts import alerts_for_result

    analyzer = _analyzer()
    offices = _office_ids()
    with transaction.atomic():
        pending = list(
            OpinionPost.objects.select_for_update(skip_locked=True)
            .filter(analysed_at__isnull=True)
            .select_related("source")
            .order_by("posted_at", "pk")[:batch]
        )
        if not pending:
            return 0
        now = timezone.now()
        event_rows: dict[int, OpinionEvent] = {}

        def new_event(post: Post, office: str | None) -> int:
            event = OpinionEvent.objects.create(
                title=_title(post.text),
                office_id=offices.get(office or ""),
                first_seen_at=post.posted_at or now,
                last_seen_at=post.posted_at or now,
            )
            event_rows[event.pk] = event
            return event.pk

        analyzer.event_id_factory = new_event
        reach: Counter = Counter()
        results: list[tuple[OpinionPost, Result]] = []
        for row in pending:
            result = analyzer.analyze(Post(row.pk, row.source.code, row.text, row.posted_at))
            row.normalised = result.text
            row.relevant = result.relevant
            row.sentiment = result.sentiment
            row.severity = result.severity or ""
            row.office_id = offices.get(result.office or "")
            row.reasons = list(result.reasons)
            row.dup_of_id = result.dup_of
            row.event_id = result.event
            row.analysed_at = now
            if result.dup_of is not None:
                reach[result.dup_of] += 1
            results.append((row, result))
        analyzer.event_id_factory = None
        OpinionPost.objects.bulk_update(
            [row for row, _r in results],
            [
                "normalised",
                "relevant",
                "sentiment",
                "severity",
                "office",
                "reasons",
                "dup_of",
                "event",
                "analysed_at",
            ],
        )
        for original, extra in reach.items():
            OpinionPost.objects.filter(pk=original).update(reach=F("reach") + extra)
        _events_update({r.event for _row, r in results if r.event is not None})
        for row, result in results:
            alerts_for_result(post=row, result=result)
    return len(results)


def _title(text: str) -> str:
    flat = " ".join(text.split())
    return flat[:60] + ("…" if len(flat) > 60 else "")


def _events_update(event_ids: set) -> None:
    """Recount each touched event's posts, negatives, reach, severity and last sight."""
    for event in OpinionEvent.objects.filter(pk__in=event_ids):
        posts = list(
            event.posts.values_list("sentiment", "severity", "reach", "posted_at", "dup_of_id")
        )
        event.posts_count = len(posts)
        event.negative_count = sum(1 for s, *_ in posts if s == "negative")
        event.reach = sum(r for _s, _v, r, _p, dup in posts if dup is None) or len(posts)
        severities = {v for _s, v, *_ in posts}
        event.severity = (
            Severity.MAJOR
            if Severity.MAJOR in severities
            else (Severity.MINOR if Severity.MINOR in severities else "")
        )
        event.last_seen_at = max(p for *_x, p, _d in posts)
        event.first_seen_at = min(event.first_seen_at, min(p for *_x, p, _d in posts))
        event.save(
            update_fields=[
                "posts_count",
                "negative_count",
                "reach",
                "severity",
                "last_seen_at",
                "first_seen_at",
            ]
        )
