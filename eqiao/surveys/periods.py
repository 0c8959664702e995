"""Reporting periods: a month, a quarter or a year in China time, written "2026-11",
"2026-Q4" or "2026" in URLs and the API."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from eqiao.core.errors import ApplicationError

MONTH, QUARTER, YEAR = "month", "quarter", "year"
KINDS = (MONTH, QUARTER, YEAR)
MIN_YEAR, MAX_YEAR = 2000, 2999  # a period anyone could mean; keeps date arithmetic in range
_MONTHS_IN = {MONTH: 1, QUARTER: 3, YEAR: 12}
_KEY_RE = re.compile(r"^(?P<year>\d{4})(?:-(?:(?P<month>\d{1,2})|[Qq](?P<quarter>[1-4])))?$")


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True, order=True)
class Period:
    start: dt.date  # the first day
    kind: str

    @classmethod
    def containing(cls, kind: str, day: dt.date) -> Period:
        if kind not in KINDS:
            raise ApplicationError(_("统计周期只能是月、季度或年。"), field="period")
        if kind == MONTH:
            return cls(dt.date(day.year, day.month, 1), kind)
        if kind == QUARTER:
            return cls(dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1), kind)
        return cls(dt.date(day.year, 1, 1), kind)

    @classmethod
    def current(cls, kind: str = MONTH) -> Period:
        return cls.containing(kind, timezone.localdate())

    @classmethod
    def parse(cls, key: str) -> Period:
        """ "2026-11" (a month), "2026-Q4" (a quarter), "2026" (a year); anything else is an
        ApplicationError naming the forms that are understood."""
        match = _KEY_RE.match((key or "").strip())
        month = int(match["month"]) if match and match["month"] else None
        year_ok = match is not None and MIN_YEAR <= int(match["year"]) <= MAX_YEAR
        if match is None or not year_ok or (month is not None and not 1 <= month <= 12):
            raise ApplicationError(
                _("统计周期“%(key)s”无法识别，请写成 2026-11（月）、2026-Q4（季度）或 2026（年）。")
                % {"key": (key or "")[:20]},
                field="period",
            )
        year = int(match["year"])
        if month is not None:
            return cls(dt.date(year, month, 1), MONTH)
        if match["quarter"]:
            return cls(dt.date(year, (int(match["quarter"]) - 1) * 3 + 1, 1), QUARTER)
        return cls(dt.date(year, 1, 1), YEAR)

    @property
    def end(self) -> dt.date:
        """The first day after the period."""
        return _add_months(self.start, _MONTHS_IN[self.kind])

    def shifted(self, steps: int) -> Period:
        return Period(_add_months(self.start, steps * _MONTHS_IN[self.kind]), self.kind)

    def previous(self) -> Period:
        return self.shifted(-1)

    @property
    def key(self) -> str:
        if self.kind == MONTH:
            return f"{self.start.year}-{self.start.month:02d}"
        if self.kind == QUARTER:
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return str(self.start.year)

    @property
    def label(self) -> str:
        year = self.start.year
        if self.kind == MONTH:
            return _("%(year)d年%(month)d月") % {"year": year, "month": self.start.month}
        if self.kind == QUARTER:
            quarter = (self.start.month - 1) // 3 + 1
            return _("%(year)d年第%(quarter)d季度") % {"year": year, "quarter": quarter}
        return _("%(year)d年") % {"year": year}

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """The period as aware datetimes [start, end) in the current (China) time zone."""
        return _aware(self.start), _aware(self.end)


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
