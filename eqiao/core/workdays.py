"""The working-day calendar behind the statutory clocks: weekends off, plus the configured
holidays and adjusted working days (`Holiday`)."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache


def _overrides() -> dict[dt.date, bool]:
    from eqiao.core.models import Holiday

    return dict(Holiday.objects.values_list("date", "is_workday"))


def working_day_overrides() -> dict[dt.date, bool]:
    """The configured holidays and adjusted working days, read once: pass the result to
    several calls of the functions below to save a query each."""
    return _overrides()


def is_working_day(day: dt.date, overrides: dict[dt.date, bool] | None = None) -> bool:
    overrides = _overrides() if overrides is None else overrides
    if day in overrides:
        return overrides[day]
    return day.weekday() < 5


def add_working_days(
    start: dt.date, days: int, overrides: dict[dt.date, bool] | None = None
) -> dt.date:
    """The date `days` working days after `start` (start itself not counted)."""
    overrides = _overrides() if overrides is None else overrides
    current = start
    remaining = days
    while remaining > 0:
        current += dt.timedelta(days=1)
        if is_working_day(current, overrides):
            remaining -= 1
    return current


def working_days_between(
    start: dt.date, end: dt.date, overrides: dict[dt.date, bool] | None = None
) -> int:
    """Working days after `start` up to and including `end` (negative if end < start)."""
    overrides = _overrides() if overrides is None else overrides
    sign = 1
    if end < start:
        start, end, sign = end, start, -1
    count = 0
    current = start
    while current < end:
        current += dt.timedelta(days=1)
        if is_working_day(current, overrides):
            count += 1
    return sign * count


def add_months(start: dt.date, months: int) -> dt.date:
    """Calendar months, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb)."""
    month_index = start.month - 1 + months
    year = start.year + month_index // 12
    month = month_index % 12 + 1
    return dt.date(year, month, min(start.day, _days_in_month(year, month)))


@lru_cache(maxsize=256)
def _days_in_month(year: int, month: int) -> int:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return (nxt - dt.timedelta(days=1)).day
