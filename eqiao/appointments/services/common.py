"""What the booking and handling services share: the seat counter, the SMS of a booking,
and the texts that describe a booking's time and place."""

from __future__ import annotations

import datetime as dt

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from eqiao.appointments import messages
from eqiao.appointments.hours import CHINA
from eqiao.appointments.kinds import AppointmentKind
from eqiao.appointments.links import booking_link
from eqiao.appointments.models import Booking, BookingStatus, Slot
from eqiao.channels.services import sms_queue
from eqiao.core.notifications import notification_create
from eqiao.offices.selectors import staff_with_capability


def seat_take(slot_id: int) -> bool:
    """Take one seat of the slot if one is free: True when taken. The condition is in the
    UPDATE itself, so of two requests for the last seat exactly one changes the row."""
    taken = Slot.objects.filter(pk=slot_id, booked__lt=F("capacity")).update(booked=F("booked") + 1)
    return taken == 1


def seat_release(slot_id: int) -> None:
    Slot.objects.filter(pk=slot_id, booked__gt=0).update(booked=F("booked") - 1)


def when_text(booking: Booking) -> str:
    start = booking.starts_at.astimezone(CHINA)
    end = booking.ends_at.astimezone(CHINA)
    return f"{start:%Y-%m-%d %H:%M}-{end:%H:%M}"


def place_text(booking: Booking) -> str:
    place = f"{booking.office.name}{booking.resource.name}"
    if booking.resource.location:
        place += f"（{booking.resource.location}）"
    return place


def kind_text(booking: Booking) -> str:
    return str(AppointmentKind(booking.kind).label)


def booking_sms_status(booking: Booking) -> None:
    """Tell the person what their booking now is: confirmed (with the check-in code) or
    waiting for staff. Keyed by booking, status and reschedule: each news once."""
    key = f"appointment:{booking.pk}:{booking.status}:{booking.rescheduled_count}"
    common = {
        "kind": kind_text(booking),
        "time": when_text(booking),
        "place": place_text(booking),
        "reference": booking.reference,
        "link": booking_link(booking),
    }
    if booking.status == BookingStatus.CONFIRMED:
        sms_queue(
            phone=booking.phone,
            template=messages.CONFIRMED,
            params={**common, "code": booking.checkin_code},
            purpose="appointment",
            ref=booking.reference,
            idempotency_key=key,
        )
    elif booking.status == BookingStatus.PENDING:
        sms_queue(
            phone=booking.phone,
            template=messages.RECEIVED,
            params=common,
            purpose="appointment",
            ref=booking.reference,
            idempotency_key=key,
        )


def now_or(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


def staff_notify_pending(booking: Booking) -> int:
    """Tell the office's staff who handle appointments that one waits for them (an in-app
    notification about target "appointment"; the workbench decides the link)."""
    if booking.status != BookingStatus.PENDING:
        return 0
    text = _("新的预约待确认：%(kind)s，%(time)s，预约号%(reference)s。") % {
        "kind": kind_text(booking),
        "time": when_text(booking),
        "reference": booking.reference,
    }
    recipients = staff_with_capability(office=booking.office, capability="appointment.manage")
    for staff in recipients:
        notification_create(
            recipient=staff.user_id, text=text, target_kind="appointment", target_id=booking.pk
        )
    return len(recipients)
