"""Who may see an Open311 request, and what they see.

A request is visible to the API client that filed it, to whoever gives its query password
(header `X-Query-Password`), and — only when an administrator switched the public listing
on (`EQIAO_OPEN311_PUBLIC_LISTING`) — to anyone, except anonymous reports. To everyone else
a request that exists looks exactly like one that does not (the same 404), as on the
portal: whether someone filed a 举报, of what kind, where, is itself worth protecting.

What is shown carries no personal data: `description`, `address`, `lat`, `long`,
`media_url` are null. `status_notes` holds the latest reply for the filer and the password
holder, a note of the stage reached for the public listing. A reply that is late is said to
be late (`intake.selectors.citizen_clock`, as on the portal): the notes own up to it, and
`expected_datetime` never names a date that has passed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from eqiao.api.catalogue import SERVICES_BY_CODE
from eqiao.api.lateness import late_notice
from eqiao.api.models import ApiClient
from eqiao.api.selectors import (
    RequestFilter,
    petition_progress,
    petition_publicly_listable,
    petitions_public_by_numbers,
)
from eqiao.api.services.lookup import client_key
from eqiao.api.times import CHINA, china_time, end_of_day
from eqiao.core.errors import ApplicationError, NotFoundError
from eqiao.core.ratelimit import client_ip
from eqiao.intake.models import Petition, Status
from eqiao.intake.selectors import CitizenClock, citizen_clock
from eqiao.intake.services.access import (
    lookup_budget_check,
    lookup_miss_record,
    tracking_number_clean,
)

LIST_DAYS = 90
MAX_NUMBERS = 20
STATUS_WORDS = ("open", "closed")

# A note of the stage reached, for callers who may not read the reply itself.
STAGE_NOTES: dict[str, Callable[[], str]] = {
    Status.ACCEPTED.value: lambda: _("已受理，等待办理。"),
    Status.ASSIGNED.value: lambda: _("正在办理。"),
    Status.REPLIED.value: lambda: _("已作出答复。答复内容请凭受理编号和查询密码查看。"),
    Status.CLOSED.value: lambda: _("已办结。答复内容请凭受理编号和查询密码查看。"),
}


def public_listing_enabled() -> bool:
    return bool(settings.EQIAO_OPEN311_PUBLIC_LISTING)


def filed_by(petition: Petition, client: ApiClient | None) -> bool:
    submission = getattr(petition, "api_submission", None)
    return bool(client and submission and submission.client_id == client.pk)


def visible_to(petition: Petition, client: ApiClient | None) -> bool:
    """Without the query password: the filer, or anyone through the public listing."""
    if filed_by(petition, client):
        return True
    return public_listing_enabled() and petition_publicly_listable(petition=petition)


def _expected(petition: Petition, clock: CitizenClock) -> dt.datetime | None:
    """The end of the next date still promised; None when nothing is (closed, the result
    given, or the result itself late)."""
    if not clock.running or petition.result_replied_at or clock.late == "result":
        return None
    if clock.procedural_due and not clock.overdue:
        return end_of_day(clock.procedural_due)
    return end_of_day(clock.result_due)


def request_out(petition: Petition, *, full_notes: bool, today: dt.date | None = None) -> dict:
    """A request as GeoReport v2 describes it. `full_notes`: the latest reply in
    `status_notes` (the filer, the password holder), else a note of the stage reached;
    either way preceded by an apology when a reply is late on `today` (default: today in
    China)."""
    progress = petition_progress(petition)
    if full_notes and progress.latest_reply:
        notes = progress.latest_reply.text
    else:
        notes = STAGE_NOTES.get(petition.status, STAGE_NOTES[Status.ACCEPTED])()
    clock = citizen_clock(petition=petition, today=today or timezone.localdate())
    notes = " ".join(part for part in (late_notice(clock), notes) if part)
    updated = max(
        [petition.submitted_at] + ([progress.latest_event.at] if progress.latest_event else [])
    )
    service = SERVICES_BY_CODE.get(petition.kind)
    return {
        "service_request_id": petition.tracking_number,
        "status": "closed" if petition.status == Status.CLOSED else "open",
        "status_notes": notes,
        "service_name": str(service.name) if service else petition.get_kind_display(),
        "service_code": petition.kind,
        "description": None,
        "agency_responsible": petition.office.name,
        "service_notice": "",
        "requested_datetime": china_time(petition.submitted_at),
        "updated_datetime": china_time(updated),
        "expected_datetime": _expected(petition, clock),
        "address": None,
        "address_id": None,
        "zipcode": None,
        "lat": None,
        "long": None,
        "media_url": None,
    }


def requests_by_numbers(
    request: HttpRequest, numbers: list[str], client: ApiClient | None
) -> list[Petition]:
    """Of the petitions named, those the caller may see, in the order asked. Every number
    that gives nothing (unknown or not visible: the same thing to the caller) counts as a
    miss against the caller's lookup budget."""
    ip = client_ip(request)
    lookup_budget_check(address=ip, client_key=client_key(client))
    cleaned = [n for n in (tracking_number_clean(x) for x in numbers) if n]
    found = [p for p in petitions_public_by_numbers(numbers=cleaned) if visible_to(p, client)]
    misses = len(set(numbers)) - len(found)
    if misses > 0:
        lookup_miss_record(address=ip, client_key=client_key(client), count=misses)
    return found


def numbers_wanted(service_request_id: str) -> list[str]:
    numbers = [n.strip() for n in service_request_id.split(",") if n.strip()]
    if len(numbers) > MAX_NUMBERS:
        raise ApplicationError(
            _("一次最多查询%(n)d个 service_request_id。") % {"n": MAX_NUMBERS},
            field="service_request_id",
        )
    return numbers


def not_found() -> NotFoundError:
    """The one answer for a number that does not exist and one the caller may not see."""
    return NotFoundError(_("找不到该请求。"), field="service_request_id")


# --- the list's filters ---------------------------------------------------------------------


def _moment(value: str, field: str, *, end: bool) -> dt.datetime | None:
    """A W3C datetime (2026-12-01T08:00:00+08:00) or a date; a time without an offset
    is China time; a date as an end means the end of that day."""
    value = value.strip()
    if not value:
        return None
    try:
        moment = parse_datetime(value)
        day = None if moment else parse_date(value)
    except ValueError:
        moment = day = None
    if day is not None:
        return end_of_day(day) if end else dt.datetime.combine(day, dt.time(), tzinfo=CHINA)
    if moment is None:
        raise ApplicationError(
            _("“%(field)s”应为日期时间，例如 2026-12-01T08:00:00+08:00。") % {"field": field},
            field=field,
        )
    return moment if timezone.is_aware(moment) else moment.replace(tzinfo=CHINA)


def _words(value: str, allowed: tuple[str, ...] | list[str], field: str) -> frozenset[str]:
    words = frozenset(w.strip() for w in value.split(",") if w.strip())
    unknown = sorted(words - set(allowed))
    if unknown:
        raise ApplicationError(
            _("“%(field)s”只能是：%(allowed)s（不认识：%(unknown)s）。")
            % {
                "field": field,
                "allowed": "、".join(allowed),
                "unknown": "、".join(unknown)[:60],
            },
            field=field,
        )
    return words


def request_filter(
    *, start_date: str, end_date: str, status: str, service_code: str, now: dt.datetime
) -> RequestFilter:
    """The list's filters, checked: at most 90 days (the last 90 when no date is given),
    known statuses and service codes. ApplicationError names the parameter at fault."""
    span = dt.timedelta(days=LIST_DAYS)
    start = _moment(start_date, "start_date", end=False)
    end = _moment(end_date, "end_date", end=True)
    if start is None and end is None:
        end = now
    if start is None:
        start = end - span  # type: ignore[operator]
    if end is None:
        end = start + span
    if end < start:
        raise ApplicationError(_("end_date 不能早于 start_date。"), field="end_date")
    if end - start > span:
        raise ApplicationError(_("查询时间段最长%(n)d天。") % {"n": LIST_DAYS}, field="start_date")
    return RequestFilter(
        start=start,
        end=end,
        statuses=_words(status, STATUS_WORDS, "status"),
        kinds=_words(service_code, list(SERVICES_BY_CODE), "service_code"),
    )
