"""The satisfaction index as JSON (`GET /api/v1/satisfaction`): per office subtree and
period, with the change against the period before, the trend and each office below. The
figures are aggregates the source report itself publishes; no person is named, so the
endpoint is public (rate limited per address)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from eqiao.api import schemas
from eqiao.core import ratelimit
from eqiao.core.errors import NotFoundError, RateLimitedError
from eqiao.core.ratelimit import client_ip
from eqiao.offices.models import Level, Procuratorate
from eqiao.surveys.periods import MONTH, Period
from eqiao.surveys.satisfaction import MIN_SAMPLE, SatisfactionIndex, satisfaction_overview

router = Router(tags=["Satisfaction"])
LIMIT_PER_MINUTE = 60
MAX_TREND = 36


class IndexQuery(Schema):
    office: int | None = None  # default: the city
    period: str = ""  # 2026-11, 2026-Q4 or 2026; default: the current month
    trend: int = 12


class IndexOut(Schema):
    period: str
    label: str
    value: float | None  # 0–100, 2 decimals; null without any sample
    previous: float | None
    change: float | None  # null when this or the previous sample is below min_sample
    n: int
    evaluations: int
    responses: int
    reliable: bool


class OfficeOut(Schema):
    id: int
    name: str
    level: str


class ChildOut(Schema):
    office: OfficeOut
    index: IndexOut


class SatisfactionOut(Schema):
    office: OfficeOut
    min_sample: int
    index: IndexOut
    trend: list[IndexOut]
    children: list[ChildOut]


def _index(i: SatisfactionIndex) -> dict:
    return {
        "period": i.period.key,
        "label": i.period.label,
        "value": i.value,
        "previous": i.previous,
        "change": i.change,
        "n": i.n,
        "evaluations": i.evaluations,
        "responses": i.responses,
        "reliable": i.reliable,
    }


def _office(o: Procuratorate) -> dict:
    return {"id": o.pk, "name": o.name, "level": o.level}


@router.get(
    "/satisfaction",
    response={
        200: SatisfactionOut,
        400: schemas.ErrorOut,
        404: schemas.ErrorOut,
        429: schemas.ErrorOut,
    },
    summary="Satisfaction index of an office subtree in a period",
)
def satisfaction(request: HttpRequest, params: Query[IndexQuery]):
    """`GET /api/v1/satisfaction?office=1&period=2026-11` → the index (0–100) of the office
    and everything below it in that month (or `2026-Q4`, `2026`), its change against the
    period before ("92.14, +1.98"), the sample sizes, the trend over `trend` periods ending
    there (1–36) and each office directly below. The formula: docs/satisfaction.md."""
    key = f"satisfaction:{client_ip(request)}"
    if not ratelimit.hit(key, limit=LIMIT_PER_MINUTE, window_seconds=60):
        raise RateLimitedError(
            _("请求太频繁，请稍后再试。"),
            extra={"retry_after": ratelimit.seconds_left(key, window_seconds=60)},
        )
    period = Period.parse(params.period) if params.period else Period.current(MONTH)
    if params.office is None:
        office = Procuratorate.objects.filter(level=Level.CITY).order_by("pk").first()
    elif 0 < params.office < 2**31:
        office = Procuratorate.objects.filter(pk=params.office).first()
    else:
        office = None
    if office is None:
        raise NotFoundError(_("没有这个单位。"))
    trend = min(max(params.trend, 1), MAX_TREND)
    overview = satisfaction_overview(office=office, period=period, trend_length=trend)
    return {
        "office": _office(office),
        "min_sample": MIN_SAMPLE,
        "index": _index(overview.index),
        "trend": [_index(i) for i in overview.trend],
        "children": [
            {"office": _office(c.office), "index": _index(c.index)} for c in overview.children
        ],
    }
