"""Booking an appointment on the portal: office → kind → day → slot, then the booking's
own page (reached by the signed link of the SMS) with its calendar file, cancel and
reschedule. Citizen kinds need a phone proved by SMS code (the portal's phone login);
lawyer kinds a verified lawyer account logged in."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from eqiao.appointments.calendar_file import booking_ics
from eqiao.appointments.hours import CHINA
from eqiao.appointments.kinds import KIND_RULES, AppointmentKind, kind_is_lawyers
from eqiao.appointments.links import booking_token, manage_page_register
from eqiao.appointments.models import Booking, BookingStatus, Resource
from eqiao.appointments.selectors import (
    appointment_offices,
    booking_by_token,
    bookings_of_lawyer,
    bookings_of_phone,
    office_kinds,
    open_days,
    slot_key_parse,
    slots_for_day,
)
from eqiao.appointments.services.booking import (
    booking_cancel,
    booking_create,
    booking_reschedule,
    person_citizen,
    person_lawyer,
)
from eqiao.core import ratelimit
from eqiao.core.errors import ApplicationError, NotFoundError
from eqiao.core.masking import mask_phone
from eqiao.core.ratelimit import client_ip
from eqiao.offices.models import Procuratorate
from eqiao.portal.content import hotline
from eqiao.portal.qr import qr_svg
from eqiao.portal.views.common import verified_phone

BOOK_PER_HOUR = 20


def links_register() -> None:
    """Called from `PortalConfig.ready()`: the SMS of a booking link to its page here."""
    manage_page_register(lambda token: reverse("portal:appointment", args=[token]))


def _lawyer(request: HttpRequest):
    user = request.user
    return getattr(user, "lawyer", None) if user.is_authenticated else None


def _lawyer_login_url(request: HttpRequest) -> str:
    """The lawyers' login page, where the cases pages provide one."""
    try:
        return f"{reverse('portal:lawyer_login')}?{urlencode({'next': request.get_full_path()})}"
    except NoReverseMatch:
        return ""


def _office(office_id: int) -> Procuratorate:
    office = Procuratorate.objects.filter(pk=office_id).first() if office_id < 2**63 else None
    if office is None or not office_kinds(office=office):
        raise Http404(_("该单位暂未开通网上预约。"))
    return office


def offices(request: HttpRequest) -> HttpResponse:
    """Step 1: which office."""
    return render(
        request,
        "portal/appointments/offices.html",
        {"offices": appointment_offices(), "hotline": hotline()},
    )


def kinds(request: HttpRequest, office_id: int) -> HttpResponse:
    """Step 2: which kind of appointment at this office, and who may book each."""
    office = _office(office_id)
    rules = [KIND_RULES[k] for k in office_kinds(office=office)]
    choices = [
        {
            "kind": r.kind,
            "label": AppointmentKind(r.kind).label,
            "rule": r,
            "lawyers": kind_is_lawyers(r.kind),
        }
        for r in rules
    ]
    return render(
        request,
        "portal/appointments/kinds.html",
        {"office": office, "choices": choices, "hotline": hotline()},
    )


def _day_param(request: HttpRequest, days: list[dt.date]) -> dt.date | None:
    try:
        day = dt.date.fromisoformat(request.GET.get("day", "") or request.POST.get("day", ""))
    except ValueError:
        return days[0] if days else None
    return day if day in days else (days[0] if days else None)


def _booker_state(request: HttpRequest, kind: str) -> dict:
    """Who is booking, or what they must do first."""
    if kind_is_lawyers(kind):
        lawyer = _lawyer(request)
        return {
            "lawyer": lawyer,
            "may_book": bool(lawyer and lawyer.is_verified),
            "lawyer_login_url": _lawyer_login_url(request),
        }
    phone = verified_phone(request)
    login = f"{reverse('portal:login')}?{urlencode({'next': request.get_full_path()})}"
    return {
        "phone": phone,
        "phone_masked": mask_phone(phone),
        "may_book": bool(phone),
        "phone_login_url": login,
    }


def _slot_context(request, office, kind, *, now) -> dict:
    days = open_days(office=office, kind=kind, now=now)
    day = _day_param(request, days)
    slots = slots_for_day(office=office, kind=kind, day=day, now=now) if day else []
    return {"days": days, "day": day, "slots": slots}


def book(request: HttpRequest, office_id: int, kind: str) -> HttpResponse:
    """Steps 3 and 4: the day, the slot (seats left), and who books; POST books."""
    office = _office(office_id)
    if kind not in office_kinds(office=office):
        raise Http404(_("该单位不办理这项预约。"))
    now = timezone.now()
    context = {
        "office": office,
        "kind": kind,
        "kind_label": AppointmentKind(kind).label,
        "rule": KIND_RULES[kind],
        "lawyers": kind_is_lawyers(kind),
        "hotline": hotline(),
        "values": {},
        "errors": {},
        **_booker_state(request, kind),
    }
    if request.method == "POST":
        response = _book_post(request, office, kind, context)
        if response is not None:
            return response
    context.update(_slot_context(request, office, kind, now=now))
    template = (
        "portal/appointments/_slots.html" if request.htmx else "portal/appointments/book.html"
    )
    status = 400 if context["errors"] else 200
    return render(request, template, context, status=status)


def _resource_and_start(value: str, *, office, kind) -> tuple[Resource, dt.datetime]:
    parsed = slot_key_parse(value)
    resource = (
        Resource.objects.filter(pk=parsed[0], office=office).select_related("office").first()
        if parsed
        else None
    )
    if parsed is None or resource is None or not resource.serves(kind):
        raise ApplicationError(_("请选择一个时段。"), field="slot")
    return resource, parsed[1]


def _book_post(request, office, kind, context) -> HttpResponse | None:
    values = {k: request.POST.get(k, "")[:300] for k in ("slot", "name", "case_number", "note")}
    context["values"] = values
    if not context["may_book"]:
        context["errors"] = {"__all__": _("请先按页面提示完成身份验证，再预约。")}
        return None
    key = f"appointment-book:{client_ip(request)}"
    if not ratelimit.hit(key, limit=BOOK_PER_HOUR, window_seconds=3600):
        context["errors"] = {"__all__": _("预约操作太频繁，请一小时后再试。")}
        return None
    try:
        resource, start = _resource_and_start(values["slot"], office=office, kind=kind)
        if context["lawyers"]:
            person = person_lawyer(lawyer=context["lawyer"])
        else:
            person = person_citizen(name=values["name"], phone=context["phone"])
        booking = booking_create(
            person=person,
            resource=resource,
            kind=kind,
            starts_at=start,
            case_number=values["case_number"],
            note=values["note"],
        )
    except ApplicationError as exc:
        context["errors"] = {exc.field or "__all__": exc.message}
        return None
    if booking.status == BookingStatus.CONFIRMED:
        messages.success(request, _("预约成功，短信已发到您的手机。"))
    else:
        messages.success(request, _("预约申请已提交，工作人员确认后会短信通知您。"))
    return redirect("portal:appointment", token=booking_token(booking))


def _booking_or_404(token: str) -> Booking:
    try:
        return booking_by_token(token=token)
    except NotFoundError as exc:
        raise Http404(exc.message) from exc


def _may_change(booking: Booking, now: dt.datetime) -> bool:
    if booking.status not in (BookingStatus.PENDING, BookingStatus.CONFIRMED):
        return False
    cutoff = booking.starts_at - dt.timedelta(hours=booking.resource.cancel_cutoff_hours)
    return now <= cutoff


def booking_page(request: HttpRequest, token: str) -> HttpResponse:
    """The booking as its holder sees it (by the link in the SMS)."""
    booking = _booking_or_404(token)
    now = timezone.now()
    return render(
        request,
        "portal/appointments/booking.html",
        {
            "booking": booking,
            "token": token,
            "may_change": _may_change(booking, now),
            "cutoff": booking.starts_at - dt.timedelta(hours=booking.resource.cancel_cutoff_hours),
            # The check-in code as a QR code, for staff who scan rather than type.
            "checkin_qr": qr_svg(booking.checkin_code, label=_("签到码二维码"))
            if booking.status == BookingStatus.CONFIRMED
            else "",
            "hotline": hotline(),
            "errors": {},
        },
    )


def booking_calendar(request: HttpRequest, token: str) -> HttpResponse:
    booking = _booking_or_404(token)
    response = HttpResponse(booking_ics(booking), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="appointment-{booking.reference}.ics"'
    return response


@require_POST
def booking_cancel_view(request: HttpRequest, token: str) -> HttpResponse:
    booking = _booking_or_404(token)
    try:
        booking_cancel(booking=booking)
    except ApplicationError as exc:
        return render(
            request,
            "portal/appointments/booking.html",
            {
                "booking": booking,
                "token": token,
                "may_change": False,
                "hotline": hotline(),
                "errors": {"__all__": exc.message},
            },
            status=400,
        )
    messages.success(request, _("预约已取消。"))
    return redirect("portal:appointment", token=token)


def booking_reschedule_view(request: HttpRequest, token: str) -> HttpResponse:
    """Pick another slot of the same kind at the same office."""
    booking = _booking_or_404(token)
    now = timezone.now()
    context = {
        "booking": booking,
        "token": token,
        "office": booking.office,
        "kind": booking.kind,
        "kind_label": AppointmentKind(booking.kind).label,
        "hotline": hotline(),
        "errors": {},
        "values": {},
    }
    if request.method == "POST":
        value = request.POST.get("slot", "")[:40]
        context["values"] = {"slot": value}
        try:
            resource, start = _resource_and_start(value, office=booking.office, kind=booking.kind)
            booking_reschedule(booking=booking, starts_at=start, resource=resource)
        except ApplicationError as exc:
            context["errors"] = {exc.field or "__all__": exc.message}
        else:
            messages.success(request, _("已改约，新的时间已短信发到您的手机。"))
            return redirect("portal:appointment", token=token)
    elif not _may_change(booking, now):
        context["errors"] = {"__all__": _("该预约已不能改约。")}
    context.update(_slot_context(request, booking.office, booking.kind, now=now))
    template = (
        "portal/appointments/_slots.html" if request.htmx else "portal/appointments/reschedule.html"
    )
    return render(request, template, context, status=400 if context["errors"] else 200)


def my_bookings(request: HttpRequest) -> HttpResponse:
    """The bookings of the logged-in lawyer, or of the phone proved by SMS code."""
    lawyer = _lawyer(request)
    phone = verified_phone(request)
    if lawyer is not None:
        found = bookings_of_lawyer(lawyer=lawyer)
    elif phone:
        found = bookings_of_phone(phone=phone)
    else:
        login = f"{reverse('portal:login')}?{urlencode({'next': request.path})}"
        return redirect(login)
    today = dt.datetime.combine(timezone.now().astimezone(CHINA).date(), dt.time.min, tzinfo=CHINA)
    rows = [
        (b, booking_token(b)) for b in found.filter(starts_at__gte=today).order_by("starts_at")[:50]
    ]
    return render(request, "portal/appointments/mine.html", {"rows": rows, "hotline": hotline()})
