"""The satisfaction index (满意度), 0–100: the formula, in one place (docs/satisfaction.md).

Every person who answered counts once:
- an evaluation (评议) scores its level's points: 非常满意 and 满意 100, 基本满意 60,
  不满意 0; 待人工判断 counts nowhere until a person settles it;
- a survey answer scores the mean of the person's 1–5 answers to the questions marked
  "计入满意度", each mapped linearly to 0–100 (1 → 0, 3 → 50, 5 → 100), fixed on the
  response when it is stored (`surveys.services.responses`).

    index = (sum of evaluation points + sum of survey scores) / (evaluations + responses)

over the records of an office's subtree received in the period, rounded to 2 decimals. With
fewer than MIN_SAMPLE people the index is shown as indicative and no change is given.

Reads are aggregation queries grouped by office and period (two per page, whatever the
number of evaluations), then rolled up in Python over those few grouped rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Aggregate, Case, Count, F, IntegerField, Q, Sum, Value, When

from eqiao.followups.models import Evaluation, EvaluationLevel
from eqiao.offices.models import Procuratorate, Staff
from eqiao.offices.selectors import office_path_check, office_subtree
from eqiao.surveys.models import Response
from eqiao.surveys.periods import Period

LEVEL_POINTS: dict[str, int] = {
    EvaluationLevel.VERY_SATISFIED: 100,
    EvaluationLevel.SATISFIED: 100,
    EvaluationLevel.BASIC: 60,
    EvaluationLevel.DISSATISFIED: 0,
}
MIN_SAMPLE = 30


def scale_points(value: int) -> float:
    """A 1–5 answer on the 0–100 scale."""
    return (value - 1) * 25.0


@dataclass
class Tally:
    """Points and counts of one office (or subtree) in one period."""

    points: float = 0.0
    evaluations: int = 0
    responses: int = 0

    @property
    def n(self) -> int:
        return self.evaluations + self.responses

    def add(self, other: Tally) -> None:
        self.points += other.points
        self.evaluations += other.evaluations
        self.responses += other.responses


def index_value(tally: Tally) -> float | None:
    """THE formula: mean points per person, 2 decimals; None without anyone."""
    if tally.n == 0:
        return None
    return round(tally.points / tally.n, 2)


@dataclass(frozen=True)
class SatisfactionIndex:
    period: Period
    value: float | None
    n: int
    evaluations: int
    responses: int
    previous: float | None
    change: float | None  # against the previous period; None when either sample is small

    @property
    def reliable(self) -> bool:
        return self.n >= MIN_SAMPLE

    @classmethod
    def of(cls, period: Period, tally: Tally, previous: Tally) -> SatisfactionIndex:
        value, before = index_value(tally), index_value(previous)
        change = None
        if value is not None and before is not None and min(tally.n, previous.n) >= MIN_SAMPLE:
            change = round(value - before, 2)
        return cls(
            period=period,
            value=value,
            n=tally.n,
            evaluations=tally.evaluations,
            responses=tally.responses,
            previous=before,
            change=change,
        )


Buckets = dict[tuple[int, dt.date], Tally]  # (office id, period start) → tally


def _points_case() -> Case:
    return Case(
        *(When(level=level, then=Value(points)) for level, points in LEVEL_POINTS.items()),
        output_field=IntegerField(),
    )


def _periods(start: Period, end: Period) -> list[Period]:
    periods = [start]
    while periods[-1] < end:
        periods.append(periods[-1].shifted(1))
    return periods


def _grouped(queryset, *, group: str, when: str, points, periods: list[Period]) -> list[dict]:
    """One row per `group` value, with points `p<i>` and count `n<i>` of each period: one
    query of conditional aggregates over plain range comparisons (no per-row date function,
    which SQLite would run in Python for every row)."""
    aggregates: dict[str, Aggregate] = {}
    for i, period in enumerate(periods):
        since, until = period.bounds()
        inside = Q(**{f"{when}__gte": since, f"{when}__lt": until})
        aggregates[f"p{i}"] = Sum(points, filter=inside)
        aggregates[f"n{i}"] = Count("pk", filter=inside)
    since, _ = periods[0].bounds()
    _, until = periods[-1].bounds()
    return list(
        queryset.filter(**{f"{when}__gte": since, f"{when}__lt": until})
        .values(group)
        .annotate(**aggregates)
        .order_by()
    )


def _buckets(*, office: Procuratorate, start: Period, end: Period) -> Buckets:
    """Tallies by (office, period) for the subtree of `office`, periods `start`..`end`
    inclusive: one grouped query on evaluations, one on survey responses."""
    path = office_path_check(office)
    periods = _periods(start, end)
    buckets: Buckets = defaultdict(Tally)
    evaluations = Evaluation.objects.filter(
        office__path__startswith=path, level__in=list(LEVEL_POINTS)
    )
    for row in _grouped(
        evaluations, group="office_id", when="received_at", points=_points_case(), periods=periods
    ):
        for i, period in enumerate(periods):
            if row[f"n{i}"]:
                tally = buckets[(row["office_id"], period.start)]
                tally.points += row[f"p{i}"] or 0
                tally.evaluations += row[f"n{i}"]
    responses = Response.objects.filter(office__path__startswith=path, satisfaction__isnull=False)
    for row in _grouped(
        responses, group="office_id", when="submitted_at", points=F("satisfaction"), periods=periods
    ):
        for i, period in enumerate(periods):
            if row[f"n{i}"]:
                tally = buckets[(row["office_id"], period.start)]
                tally.points += row[f"p{i}"] or 0.0
                tally.responses += row[f"n{i}"]
    return buckets


def _rollup(buckets: Buckets, office_ids: Iterable[int], period: Period) -> Tally:
    total = Tally()
    for office_id in office_ids:
        tally = buckets.get((office_id, period.start))
        if tally is not None:
            total.add(tally)
    return total


def satisfaction_index(*, office: Procuratorate, period: Period) -> SatisfactionIndex:
    """The index of `office`'s subtree in `period`, with its change against the period
    before."""
    buckets = _buckets(office=office, start=period.previous(), end=period)
    ids = list(office_subtree(office=office).values_list("pk", flat=True))
    return SatisfactionIndex.of(
        period, _rollup(buckets, ids, period), _rollup(buckets, ids, period.previous())
    )


@dataclass(frozen=True)
class OfficeIndex:
    office: Procuratorate
    index: SatisfactionIndex


@dataclass(frozen=True)
class Overview:
    office: Procuratorate
    index: SatisfactionIndex
    trend: list[SatisfactionIndex]  # oldest first, ending with `period`
    children: list[OfficeIndex]  # each office directly below, its subtree's index


def satisfaction_overview(
    *, office: Procuratorate, period: Period, trend_length: int = 12
) -> Overview:
    """Everything the index page shows, from two grouped queries: the subtree's index and
    change, its trend over `trend_length` periods, and each child office's index."""
    first = period.shifted(-trend_length)  # the period before the trend's first, for change
    buckets = _buckets(office=office, start=first, end=period)
    offices = list(office_subtree(office=office).only("pk", "path", "name", "short_name"))
    all_ids = [o.pk for o in offices]
    trend = []
    for step in range(trend_length - 1, -1, -1):
        p = period.shifted(-step)
        trend.append(
            SatisfactionIndex.of(
                p, _rollup(buckets, all_ids, p), _rollup(buckets, all_ids, p.previous())
            )
        )
    children = []
    for child in sorted(
        (
            o
            for o in offices
            if o.pk != office.pk and o.path.count("/") == office.path.count("/") + 1
        ),
        key=lambda o: o.path,
    ):
        ids = [o.pk for o in offices if o.path.startswith(child.path)]
        children.append(
            OfficeIndex(
                child,
                SatisfactionIndex.of(
                    period,
                    _rollup(buckets, ids, period),
                    _rollup(buckets, ids, period.previous()),
                ),
            )
        )
    return Overview(office=office, index=trend[-1], trend=trend, children=children)


@dataclass(frozen=True)
class StaffIndex:
    staff: Staff
    index: SatisfactionIndex


def satisfaction_by_prosecutor(*, office: Procuratorate, period: Period) -> list[StaffIndex]:
    """Each prosecutor of `office`'s subtree named in the period's (or the period before's)
    evaluations, with their index from those evaluations (surveys are not tied to a
    prosecutor); one grouped query. Best first, small samples last."""
    periods = [period.previous(), period]
    evaluations = Evaluation.objects.filter(
        office__path__startswith=office_path_check(office),
        prosecutor__isnull=False,
        level__in=list(LEVEL_POINTS),
    )
    buckets: Buckets = defaultdict(Tally)
    for row in _grouped(
        evaluations,
        group="prosecutor_id",
        when="received_at",
        points=_points_case(),
        periods=periods,
    ):
        for i, p in enumerate(periods):
            tally = buckets[(row["prosecutor_id"], p.start)]
            tally.points += row[f"p{i}"] or 0
            tally.evaluations += row[f"n{i}"]
    staff = Staff.objects.filter(pk__in={k[0] for k in buckets}).select_related("office")
    result = [
        StaffIndex(
            s,
            SatisfactionIndex.of(
                period,
                buckets.get((s.pk, period.start), Tally()),
                buckets.get((s.pk, period.previous().start), Tally()),
            ),
        )
        for s in staff
    ]
    result.sort(key=lambda r: (not r.index.reliable, -(r.index.value or -1), r.staff.full_name))
    return result
