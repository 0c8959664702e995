"""Reads of resources, free slots and bookings. Staff reads go through the office scope
filter; public reads show counts, never who booked."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from eqiao.appointments.hours import CHINA, day_starts
from eqiao.appointments.links import booking_token_read
from eqiao.appointments.models import ACTIVE_STATUSES, Booking, BookingStatus, Resource, Slot
from eqiao.core.errors import NotFoundError
from eqiao.core.workdays import working_day_overrides
from eqiao.offices.models import Procuratorate, Staff
from eqiao.offices.selectors import office_scope_filter


@dataclass(frozen=True)
class SlotView:
    resource: Resource
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int
    booked: int

    @property
    def remaining(self) -> int:
        return max(self.capacity - self.booked, 0)

    @property
    def key(self) -> str:
        """What a form posts to pick this slot: resource and local start."""
        return f"{self.resource.pk}@{self.starts_at.astimezone(CHINA):%Y-%m-%dT%H:%M}"


def slot_key_parse(value: str) -> tuple[int, dt.datetime] | None:
    """(resource id, aware start) of a `SlotView.key`, None when it is not one."""
    resource_id, _sep, start = (value or "").partition("@")
    if not resource_id.isascii() or not resource_id.isdigit() or len(resource_id) > 12:
        return None
    try:
        moment = dt.datetime.strptime(start, "%Y-%m-%dT%H:%M").replace(tzinfo=CHINA)
        return int(resource_id), moment
    except ValueError:
        return None


def appointment_offices(*, kind: str | None = None) -> list[Procuratorate]:
    """Offices with at least one active resource (serving `kind`, when given)."""
    resources = Resource.objects.filter(is_active=True).select_related("office")
    offices: dict[int, Procuratorate] = {}
    for resource in resources:
        if kind is None or resource.serves(kind):
            offices.setdefault(resource.office_id, resource.office)
    return sorted(offices.values(), key=lambda o: o.path)


def office_kinds(*, office: Procuratorate) -> list[str]:
    """The kinds the office's active resources serve, in the order of the kinds."""
    from eqiao.appointments.kinds import AppointmentKind

    served = {k for r in Resource.objects.filter(office=office, is_active=True) for k in r.kinds}
    return [k for k in AppointmentKind.values if k in served]


def resources_for(*, office: Procuratorate, kind: str) -> list[Resource]:
    return [
        r
        for r in Resource.objects.filter(office=office, is_active=True).select_related("office")
        if r.serves(kind)
    ]


def slots_for_day(
    *, office: Procuratorate, kind: str, day: dt.date, now: dt.datetime
) -> list[SlotView]:
    """Every slot of `day` at the office's resources serving `kind` that can still be
    booked (respecting minimum notice and the booking window), with the seats left."""
    overrides = working_day_overrides()
    resources = resources_for(office=office, kind=kind)
    start = dt.datetime.combine(day, dt.time.min, tzinfo=CHINA)
    counters = {
        (s.resource_id, s.starts_at): s
        for s in Slot.objects.filter(
            resource__in=resources, starts_at__gte=start, starts_at__lt=start + dt.timedelta(days=1)
        )
    }
    today = now.astimezone(CHINA).date()
    found = []
    for resource in resources:
        if day > today + dt.timedelta(days=resource.advance_days):
            continue
        earliest = now + dt.timedelta(hours=resource.min_notice_hours)
        for begin, end in day_starts(
            hours=resource.hours,
            weekdays=resource.weekdays,
            slot_minutes=resource.slot_minutes,
            day=day,
            overrides=overrides,
        ):
            if begin < earliest:
                continue
            counter = counters.get((resource.pk, begin))
            found.append(
                SlotView(
                    resource=resource,
                    starts_at=begin,
                    ends_at=end,
                    capacity=counter.capacity if counter else resource.capacity,
                    booked=counter.booked if counter else 0,
                )
            )
    return sorted(found, key=lambda s: (s.starts_at, s.resource.name))


def open_days(*, office: Procuratorate, kind: str, now: dt.datetime) -> list[dt.date]:
    """The days ahead on which the office has a bookable slot of `kind` (free or full)."""
    resources = resources_for(office=office, kind=kind)
    if not resources:
        return []
    overrides = working_day_overrides()
    today = now.astimezone(CHINA).date()
    horizon = max(r.advance_days for r in resources)
    days = []
    for offset in range(horizon + 1):
        day = today + dt.timedelta(days=offset)
        for resource in resources:
            if offset > resource.advance_days:
                continue
            earliest = now + dt.timedelta(hours=resource.min_notice_hours)
            starts = day_starts(
                hours=resource.hours,
                weekdays=resource.weekdays,
                slot_minutes=resource.slot_minutes,
                day=day,
                overrides=overrides,
            )
            if any(s >= earliest for s, _e in starts):
                days.append(day)
                break
    return days


def booking_by_token(*, token: str) -> Booking:
    reference = booking_token_read(token)
    booking = (
        Booking.objects.select_related("office", "resource", "lawyer", "case")
        .filter(reference=reference or "")
        .first()
    )
    if booking is None:
        raise NotFoundError(_("链接无效或已损坏，请使用短信中的完整链接。"))
    return booking


def bookings_of_lawyer(*, lawyer) -> QuerySet[Booking]:
    return Booking.objects.filter(lawyer=lawyer).select_related("office", "resource", "case")


def bookings_of_phone(*, phone: str) -> QuerySet[Booking]:
    return Booking.objects.filter(phone=phone, lawyer__isnull=True).select_related(
        "office", "resource"
    )


# --- staff ------------------------------------------------------------------------------


def resources_for_staff(*, staff: Staff) -> QuerySet[Resource]:
    return office_scope_filter(Resource.objects.select_related("office"), staff=staff)


def resource_get_for_staff(*, staff: Staff, pk: int) -> Resource:
    try:
        return resources_for_staff(staff=staff).get(pk=pk)
    except Resource.DoesNotExist as exc:
        raise NotFoundError(_("未找到该预约资源。")) from exc


def bookings_for_staff(
    *,
    staff: Staff,
    status: str | None = None,
    day: dt.date | None = None,
    kind: str | None = None,
    q: str = "",
) -> QuerySet[Booking]:
    found = office_scope_filter(
        Booking.objects.select_related("office", "resource", "lawyer", "case"), staff=staff
    )
    if status:
        found = found.filter(status=status)
    if kind:
        found = found.filter(kind=kind)
    if day:
        start = dt.datetime.combine(day, dt.time.min, tzinfo=CHINA)
        found = found.filter(starts_at__gte=start, starts_at__lt=start + dt.timedelta(days=1))
    q = (q or "").strip()[:40]
    if q:
        found = found.filter(reference__iexact=q) | found.filter(case_number__icontains=q)
    return found.order_by("starts_at", "pk")


def booking_get_for_staff(*, staff: Staff, pk: int) -> Booking:
    try:
        return bookings_for_staff(staff=staff).get(pk=pk)
    except Booking.DoesNotExist as exc:
        raise NotFoundError(_("未找到该预约。")) from exc


def pending_count_for_staff(*, staff: Staff) -> int:
    return bookings_for_staff(staff=staff, status=BookingStatus.PENDING).count()


@dataclass
class WeekGrid:
    resource: Resource
    monday: dt.date
    days: list[dt.date]
    rows: list[tuple[dt.time, list[list[Booking] | None]]]  # None: closed that day

    @property
    def previous(self) -> dt.date:
        return self.monday - dt.timedelta(days=7)

    @property
    def next(self) -> dt.date:
        return self.monday + dt.timedelta(days=7)


def week_grid(*, resource: Resource, day: dt.date) -> WeekGrid:
    """The resource's week (Monday to Sunday) around `day`: one row per slot start time,
    one column per day; a cell holds the active bookings of that slot, or None when the
    resource is closed then."""
    monday = day - dt.timedelta(days=day.weekday())
    days = [monday + dt.timedelta(days=i) for i in range(7)]
    overrides = working_day_overrides()
    open_starts: dict[dt.date, set[dt.time]] = {}
    times: set[dt.time] = set()
    for d in days:
        starts = {
            s.astimezone(CHINA).time()
            for s, _e in day_starts(
                hours=resource.hours,
                weekdays=resource.weekdays,
                slot_minutes=resource.slot_minutes,
                day=d,
                overrides=overrides,
            )
        }
        open_starts[d] = starts
        times |= starts
    start = dt.datetime.combine(monday, dt.time.min, tzinfo=CHINA)
    bookings = Booking.objects.filter(
        resource=resource,
        starts_at__gte=start,
        starts_at__lt=start + dt.timedelta(days=7),
        status__in=(*ACTIVE_STATUSES, BookingStatus.NO_SHOW),
    ).order_by("starts_at", "pk")
    by_cell: dict[tuple[dt.date, dt.time], list[Booking]] = {}
    for booking in bookings:
        local = booking.starts_at.astimezone(CHINA)
        by_cell.setdefault((local.date(), local.time()), []).append(booking)
        times.add(local.time())
    rows = []
    for at in sorted(times):
        cells: list[list[Booking] | None] = []
        for d in days:
            held = by_cell.get((d, at), [])
            cells.append(held if (held or at in open_starts[d]) else None)
        rows.append((at, cells))
    return WeekGrid(resource=resource, monday=monday, days=days, rows=rows)
