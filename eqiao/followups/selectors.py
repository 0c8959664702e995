"""Reads of follow-ups and evaluations. `eqiao.surveys` (the satisfaction index) reads
evaluations and follow-up figures only through `evaluations_for_index` and
`followup_stats` here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from eqiao.core.errors import NotFoundError
from eqiao.followups.models import (
    Campaign,
    CampaignRun,
    Evaluation,
    EvaluationLevel,
    EvaluationReview,
    FollowUp,
    FollowUpTask,
    TaskStatus,
)
from eqiao.offices.models import Staff
from eqiao.offices.selectors import office_scope_filter


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) as aware datetimes: datetimes as given; dates are whole local days, both
    included (2026-11-01 … 2026-11-30 is November)."""
    if not isinstance(start, dt.datetime):
        start = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    if not isinstance(end, dt.datetime):
        end = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))
    return start, end


def evaluations_for_index(
    *, office_ids: Iterable[int], start: dt.date, end: dt.date
) -> QuerySet[Evaluation]:
    """The evaluations that count for the satisfaction index: received in the period (see
    `_bounds`: datetimes give [start, end), dates whole days) about records of the given
    offices, without the unclear ones (they count nowhere until a person settles them).
    `level` means what `EvaluationLevel` says."""
    start, end = _bounds(start, end)
    return (
        Evaluation.objects.filter(
            office_id__in=list(office_ids), received_at__gte=start, received_at__lt=end
        )
        .exclude(level=EvaluationLevel.UNCLEAR)
        .select_related("office", "prosecutor")
        .order_by("received_at", "pk")
    )


@dataclass(frozen=True)
class FollowUpStats:
    sent: int  # follow-ups sent in the period
    replied: int  # of which answered
    evaluations: int  # evaluations received in the period (any level)
    by_level: dict[str, int]


def followup_stats(*, office_ids: Iterable[int], start: dt.date, end: dt.date) -> FollowUpStats:
    """Follow-ups sent for the offices' records and evaluations received in the period
    (as `evaluations_for_index` reads it): "120 evaluations for 389 follow-ups"."""
    ids = list(office_ids)
    start, end = _bounds(start, end)
    followups = FollowUp.objects.filter(
        records__case__office_id__in=ids, created_at__gte=start, created_at__lt=end
    ) | FollowUp.objects.filter(
        records__petition__office_id__in=ids, created_at__gte=start, created_at__lt=end
    )
    followups = followups.distinct()
    counts = followups.aggregate(
        sent=Count("pk", distinct=True),
        replied=Count("pk", distinct=True, filter=Q(replied_at__isnull=False)),
    )
    levels = dict(
        Evaluation.objects.filter(office_id__in=ids, received_at__gte=start, received_at__lt=end)
        .values_list("level")
        .annotate(n=Count("pk"))
        .values_list("level", "n")
    )
    return FollowUpStats(
        sent=counts["sent"] or 0,
        replied=counts["replied"] or 0,
        evaluations=sum(levels.values()),
        by_level=levels,
    )


def campaigns_for_staff(*, staff: Staff) -> QuerySet[Campaign]:
    return office_scope_filter(Campaign.objects.select_related("office"), staff=staff)


def campaign_get_for_staff(*, staff: Staff, pk: int) -> Campaign:
    try:
        return campaigns_for_staff(staff=staff).get(pk=pk)
    except Campaign.DoesNotExist as exc:
        raise NotFoundError("campaign not found") from exc


def run_get_for_staff(*, staff: Staff, pk: int) -> CampaignRun:
    runs = office_scope_filter(
        CampaignRun.objects.select_related("campaign__office"),
        staff=staff,
        field="campaign__office",
    )
    try:
        return runs.get(pk=pk)
    except CampaignRun.DoesNotExist as exc:
        raise NotFoundError("run not found") from exc


@dataclass(frozen=True)
class RunProgress:
    total: int
    queued: int
    sent: int  # reached the gateway (sent or delivered)
    delivered: int
    failed: int
    suppressed: int
    rate: float  # messages sent per second since the run started
    seconds_left: int | None


def run_progress(*, run: CampaignRun, now: dt.datetime) -> RunProgress:
    """Where a run stands: how many of its messages were queued and sent, the rate and the
    time left at that rate."""
    counts = dict(
        FollowUp.objects.filter(run=run)
        .values_list("message__status")
        .annotate(n=Count("pk"))
        .values_list("message__status", "n")
    )
    delivered = counts.get("delivered", 0)
    sent = counts.get("sent", 0) + delivered
    elapsed = max((now - run.started_at).total_seconds(), 1.0)
    rate = sent / elapsed
    remaining = max(run.total - sent - counts.get("failed", 0) - counts.get("suppressed", 0), 0)
    left = int(remaining / rate) if rate > 0 and remaining else (0 if not remaining else None)
    return RunProgress(
        total=run.total,
        queued=run.queued,
        sent=sent,
        delivered=delivered,
        failed=counts.get("failed", 0),
        suppressed=counts.get("suppressed", 0),
        rate=round(rate, 1),
        seconds_left=left,
    )


def evaluations_pending_for_staff(*, staff: Staff) -> QuerySet[Evaluation]:
    """Unclear replies waiting for a person, oldest first."""
    return office_scope_filter(
        Evaluation.objects.filter(detail__review=EvaluationReview.PENDING)
        .select_related("office", "prosecutor", "case", "petition", "detail")
        .order_by("received_at", "pk"),
        staff=staff,
    )


def evaluation_get_for_staff(*, staff: Staff, pk: int) -> Evaluation:
    try:
        return office_scope_filter(Evaluation.objects.all(), staff=staff).get(pk=pk)
    except Evaluation.DoesNotExist as exc:
        raise NotFoundError("evaluation not found") from exc


def tasks_for_staff(*, staff: Staff, open_only: bool = True) -> QuerySet[FollowUpTask]:
    tasks = office_scope_filter(
        FollowUpTask.objects.select_related(
            "office", "evaluation__case", "evaluation__petition", "evaluation__prosecutor"
        ),
        staff=staff,
    )
    return tasks.filter(status=TaskStatus.OPEN) if open_only else tasks


def task_get_for_staff(*, staff: Staff, pk: int) -> FollowUpTask:
    try:
        return tasks_for_staff(staff=staff, open_only=False).get(pk=pk)
    except FollowUpTask.DoesNotExist as exc:
        raise NotFoundError("task not found") from exc
