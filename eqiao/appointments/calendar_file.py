"""A booking as an iCalendar (.ics) file: one event in Asia/Shanghai time, with the
VTIMEZONE a calendar program needs to place it correctly wherever the phone is."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from eqiao.appointments.hours import CHINA
from eqiao.appointments.models import Booking, BookingStatus
from eqiao.appointments.services.common import kind_text, place_text


def booking_ics(booking: Booking, *, now: dt.datetime | None = None) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//EQiao//appointments//ZH")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"{booking.reference}@eqiao")
    event.add("dtstamp", (now or booking.created_at).astimezone(dt.UTC))
    event.add("dtstart", booking.starts_at.astimezone(CHINA))
    event.add("dtend", booking.ends_at.astimezone(CHINA))
    event.add("summary", f"{kind_text(booking)} · {booking.office.short_name}")
    event.add("location", place_text(booking))
    event.add(
        "description",
        _("预约号%(reference)s，签到码%(code)s。请带好身份证件，按时到场。")
        % {"reference": booking.reference, "code": booking.checkin_code},
    )
    event.add("sequence", booking.rescheduled_count)
    cancelled = booking.status in (BookingStatus.CANCELLED, BookingStatus.DECLINED)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
