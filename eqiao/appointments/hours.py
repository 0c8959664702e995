"""Opening hours as an office types them ("09:00-11:30,14:00-17:00") and the periods they
make: slot start times on one day of one resource, in China time."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from eqiao.core.errors import ApplicationError
from eqiao.core.workdays import is_working_day

CHINA = ZoneInfo("Asia/Shanghai")
_PERIOD = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")


def _time(hour: str, minute: str, text: str) -> dt.time:
    h, m = int(hour), int(minute)
    if h > 23 or m > 59:
        raise ApplicationError(_("“%(text)s”不是有效的时间。") % {"text": text}, field="hours")
    return dt.time(h, m)


def hours_parse(text: str) -> list[tuple[dt.time, dt.time]]:
    """The periods of `text`, sorted; ApplicationError (field `hours`) naming the bad part.
    Full-width digits, colons and dashes (a Chinese input method's) are accepted."""
    norm = unicodedata.normalize("NFKC", text or "").replace("～", "-").replace("—", "-")
    norm = norm.replace("，", ",").replace("、", ",").replace(" ", "")
    if not norm:
        raise ApplicationError(_("请填写开放时间，如 09:00-11:30,14:00-17:00。"), field="hours")
    periods = []
    for part in norm.split(","):
        match = _PERIOD.match(part)
        if not match:
            raise ApplicationError(
                _("开放时间“%(part)s”的格式不对，应为 09:00-11:30 这样的时段，用逗号分隔。")
                % {"part": part},
                field="hours",
            )
        start = _time(match[1], match[2], part)
        end = _time(match[3], match[4], part)
        if end <= start:
            raise ApplicationError(
                _("开放时间“%(part)s”的结束时间应晚于开始时间。") % {"part": part},
                field="hours",
            )
        periods.append((start, end))
    periods.sort()
    for (_s1, e1), (s2, _e2) in zip(periods, periods[1:], strict=False):
        if s2 < e1:
            raise ApplicationError(_("开放时间的时段不能重叠。"), field="hours")
    return periods


def hours_format(periods: list[tuple[dt.time, dt.time]]) -> str:
    return ",".join(f"{s:%H:%M}-{e:%H:%M}" for s, e in periods)


def local_moment(day: dt.date, at: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, at, tzinfo=CHINA)


def day_starts(
    *, hours: str, weekdays: list[int], slot_minutes: int, day: dt.date, overrides: dict
) -> list[tuple[dt.datetime, dt.datetime]]:
    """The (start, end) of every slot of a resource on `day`: none on a day off (weekend,
    holiday, or a weekday the resource is closed); a period's tail shorter than a slot is
    not offered."""
    if not is_working_day(day, overrides):
        return []
    if weekdays and day.isoweekday() not in weekdays:
        return []
    step = dt.timedelta(minutes=slot_minutes)
    found = []
    for start, end in hours_parse(hours):
        moment, stop = local_moment(day, start), local_moment(day, end)
        while moment + step <= stop:
            found.append((moment, moment + step))
            moment += step
    return found
