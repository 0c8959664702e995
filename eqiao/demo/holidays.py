"""Public holidays and adjusted working days (调休) for 2026 and 2027, so the demo's statutory
clocks skip them.

2026 follows the State Council notice of 4 November 2025 (国办发明电, 2026年部分节假日安排).
2027 had not been announced when this was written: it is an estimate from the lunar calendar
and the 2025 holiday rules. Every name carries a "check me" mark: an administrator must
compare the dates with the State Council's notice (admin → 节假日) before relying on them.
"""

from __future__ import annotations

import datetime as dt

from eqiao.core.models import Holiday

CHECK_MARK = "（演示数据，请核对）"

# (name, first day off, last day off, adjusted working days)
HOLIDAYS: list[tuple[str, dt.date, dt.date, list[dt.date]]] = [
    ("元旦", dt.date(2026, 1, 1), dt.date(2026, 1, 3), [dt.date(2026, 1, 4)]),
    (
        "春节",
        dt.date(2026, 2, 15),
        dt.date(2026, 2, 23),
        [dt.date(2026, 2, 14), dt.date(2026, 2, 28)],
    ),
    ("清明节", dt.date(2026, 4, 4), dt.date(2026, 4, 6), []),
    ("劳动节", dt.date(2026, 5, 1), dt.date(2026, 5, 5), [dt.date(2026, 5, 9)]),
    ("端午节", dt.date(2026, 6, 19), dt.date(2026, 6, 21), []),
    ("中秋节", dt.date(2026, 9, 25), dt.date(2026, 9, 27), []),
    (
        "国庆节",
        dt.date(2026, 10, 1),
        dt.date(2026, 10, 7),
        [dt.date(2026, 9, 20), dt.date(2026, 10, 10)],
    ),
    # 2027: estimated (not yet announced when written).
    ("元旦", dt.date(2027, 1, 1), dt.date(2027, 1, 3), []),
    (
        "春节",
        dt.date(2027, 2, 5),
        dt.date(2027, 2, 13),
        [dt.date(2027, 1, 31), dt.date(2027, 2, 20)],
    ),
    ("清明节", dt.date(2027, 4, 3), dt.date(2027, 4, 5), []),
    ("劳动节", dt.date(2027, 5, 1), dt.date(2027, 5, 5), [dt.date(2027, 5, 8)]),
    ("端午节", dt.date(2027, 6, 9), dt.date(2027, 6, 9), []),
    ("中秋节", dt.date(2027, 9, 15), dt.date(2027, 9, 15), []),
    (
        "国庆节",
        dt.date(2027, 10, 1),
        dt.date(2027, 10, 7),
        [dt.date(2027, 9, 26), dt.date(2027, 10, 9)],
    ),
]


def holidays_ensure() -> int:
    """Add the days not configured yet; a date an administrator already set is left alone.
    Returns how many days were added. (A fixture loader: `core` has no holiday service.)"""
    added = 0
    for name, first, last, workdays in HOLIDAYS:
        day = first
        while day <= last:
            added += _ensure(day, f"{name}{CHECK_MARK}", is_workday=False)
            day += dt.timedelta(days=1)
        for day in workdays:
            added += _ensure(day, f"{name}调休上班{CHECK_MARK}", is_workday=True)
    return added


def _ensure(day: dt.date, name: str, *, is_workday: bool) -> int:
    _holiday, created = Holiday.objects.get_or_create(
        date=day, defaults={"name": name, "is_workday": is_workday}
    )
    return int(created)
