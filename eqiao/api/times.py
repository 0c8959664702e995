"""Every time the API gives is China time (+08:00), whatever time zone is active: citizens,
staff and the docs read China time, and one offset in every answer is easier to compare."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

CHINA = ZoneInfo("Asia/Shanghai")


def china_time(moment: dt.datetime | None) -> dt.datetime | None:
    """An aware datetime in China time, None for None."""
    return moment.astimezone(CHINA) if moment else None


def end_of_day(day: dt.date) -> dt.datetime:
    """The last second of `day` in China time: when a due date runs out."""
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=CHINA)
