"""Appointments in the v1 API: the offices and kinds that can be booked and the free slots
(public reads), and bookings made by an authenticated client — a township kiosk or the
WeChat account, which has identified the person's phone itself — read and cancelled by
the client that made them. Lawyers' kinds are booked on the portal with a lawyer account."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from eqiao.api.auth import ClientBearer
from eqiao.api.schemas import ErrorOut
from eqiao.api.times import china_time
from eqiao.appointments.kinds import KIND_RULES, AppointmentKind, kind_is_lawyers
from eqiao.appointments.links import booking_link
from eqiao.appointments.models import Booking, Resource
from eqiao.appointments.selectors import (
    appointment_offices,
    office_kinds,
    open_days,
    slot_key_parse,
    slots_for_day,
)
from eqiao.appointments.services.booking import booking_cancel, booking_create, person_citizen
from eqiao.core import ratelimit
from eqiao.core.errors import (
    ApplicationError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
)
from eqiao.offices.models import Procuratorate

router = Router(tags=["EQiao v1 · appointments 预约"])
ERRORS = {code: ErrorOut for code in (400, 401, 403, 404, 422, 429)}
BOOK_PER_HOUR = 300
KIND_CODES = list(AppointmentKind.values)


class KindOut(Schema):
    code: str = Field(json_schema_extra={"enum": KIND_CODES})
    name: str
    booker: str = Field(description="lawyer: 已认证律师在网站预约; citizen: 群众凭手机号预约")
    auto_confirm: bool = Field(description="预约即确认（false：须工作人员确认）")


class OfficeOut(Schema):
    id: int
    name: str
    address: str
    phone: str
    kinds: list[KindOut]


class SlotOut(Schema):
    slot: str = Field(
        description="预约时提交的时段标识 / the value to book with",
        examples=["12@2026-12-15T09:00"],
    )
    resource: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int
    remaining: int


class SlotsOut(Schema):
    office: int
    kind: str
    date: dt.date | None
    open_days: list[dt.date]
    slots: list[SlotOut]


class BookingIn(Schema):
    kind: str = Field(json_schema_extra={"enum": [k for k in KIND_CODES if not kind_is_lawyers(k)]})
    slot: str = Field(max_length=40, description="GET /appointments/slots 给出的时段标识")
    name: str = Field(max_length=50)
    phone: str = Field(max_length=20, description="已由接入方核实的手机号")
    note: str = Field("", max_length=300)


class BookingOut(Schema):
    reference: str
    status: str
    status_name: str
    kind: str
    office: str
    resource: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    checkin_code: str | None = Field(None, description="已确认时给出，到场出示")
    link: str = Field(description="预约人查看、取消、改约的链接")


def _kind_out(kind: str) -> dict:
    rule = KIND_RULES[kind]
    return {
        "code": kind,
        "name": str(AppointmentKind(kind).label),
        "booker": str(rule.booker),
        "auto_confirm": rule.auto_confirm,
    }


@router.get("/offices", response=list[OfficeOut])
def offices(request: HttpRequest):
    """The offices that take appointments, with the kinds each takes."""
    return [
        {
            "id": office.pk,
            "name": office.name,
            "address": office.address,
            "phone": office.phone,
            "kinds": [_kind_out(k) for k in office_kinds(office=office)],
        }
        for office in appointment_offices()
    ]


@router.get("/slots", response={200: SlotsOut, **ERRORS})
def slots(request: HttpRequest, office: int, kind: str, date: dt.date | None = None):
    """The bookable slots of `kind` at `office` on `date` (default: the first open day),
    with the seats left; `open_days` lists the days with slots."""
    found = Procuratorate.objects.filter(pk=office).first() if 0 < office < 2**63 else None
    if found is None or kind not in office_kinds(office=found):
        raise NotFoundError(_("该单位不办理这项预约。"))
    now = timezone.now()
    days = open_days(office=found, kind=kind, now=now)
    day = date if date in days else (days[0] if days and date is None else None)
    views = slots_for_day(office=found, kind=kind, day=day, now=now) if day else []
    return {
        "office": found.pk,
        "kind": kind,
        "date": day,
        "open_days": days,
        "slots": [
            {
                "slot": s.key,
                "resource": s.resource.name,
                "starts_at": china_time(s.starts_at),
                "ends_at": china_time(s.ends_at),
                "capacity": s.capacity,
                "remaining": s.remaining,
            }
            for s in views
        ],
    }


def _booking_out(booking: Booking) -> dict:
    return {
        "reference": booking.reference,
        "status": booking.status,
        "status_name": booking.get_status_display(),
        "kind": booking.kind,
        "office": booking.office.name,
        "resource": booking.resource.name,
        "starts_at": china_time(booking.starts_at),
        "ends_at": china_time(booking.ends_at),
        "checkin_code": booking.checkin_code if booking.status == "confirmed" else None,
        "link": booking_link(booking),
    }


def _own(request: HttpRequest, reference: str) -> Booking:
    booking = (
        Booking.objects.select_related("office", "resource")
        .filter(
            reference="".join(ch for ch in (reference or "").upper()[:20] if ch.isalnum()),
            api_client_id=request.auth.pk,
        )
        .first()
    )
    if booking is None:
        raise NotFoundError(_("找不到该预约（只能查看本接入方提交的预约）。"))
    return booking


@router.post("/bookings", auth=ClientBearer(), response={201: BookingOut, **ERRORS})
def booking_new(request: HttpRequest, payload: BookingIn):
    """Book a citizen's slot as the calling client (walk-in, reception day, video reception).
    The person gets the SMS with the booking's link; a full slot is 400 “该时段已约满”."""
    if payload.kind not in AppointmentKind.values:
        raise ApplicationError(_("请选择预约事项。"), field="kind")
    if kind_is_lawyers(payload.kind):
        raise PermissionDeniedError(_("律师预约须以律师账户在网站办理。"))
    if not ratelimit.hit(
        f"api-appointment:{request.auth.pk}", limit=BOOK_PER_HOUR, window_seconds=3600
    ):
        raise RateLimitedError(_("预约请求太频繁，请稍后再试。"))
    parsed = slot_key_parse(payload.slot)
    resource = (
        Resource.objects.select_related("office").filter(pk=parsed[0]).first() if parsed else None
    )
    if parsed is None or resource is None:
        raise ApplicationError(_("时段标识无效，请先查询可预约时段。"), field="slot")
    booking = booking_create(
        person=person_citizen(name=payload.name, phone=payload.phone),
        resource=resource,
        kind=payload.kind,
        starts_at=parsed[1],
        note=payload.note,
        channel=request.auth.channel,
        api_client_id=request.auth.pk,
    )
    return Status(201, _booking_out(booking))


@router.get("/bookings/{reference}", auth=ClientBearer(), response={200: BookingOut, **ERRORS})
def booking_get(request: HttpRequest, reference: str):
    """A booking this client made."""
    return _booking_out(_own(request, reference))


@router.post(
    "/bookings/{reference}/cancel", auth=ClientBearer(), response={200: BookingOut, **ERRORS}
)
def booking_cancel_endpoint(request: HttpRequest, reference: str):
    """Cancel a booking this client made, before the office's cut-off."""
    booking = booking_cancel(booking=_own(request, reference))
    return _booking_out(booking)
