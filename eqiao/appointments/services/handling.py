"""What staff and the clock do to a booking: confirm or decline a pending one (with a
reason), cancel, check the person in (by the booking, or by the code they show), record
no-shows once a slot has ended, and send the reminder the day before."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from eqiao.appointments import messages
from eqiao.appointments.hours import CHINA
from eqiao.appointments.links import booking_link
from eqiao.appointments.models import Booking, BookingStatus
from eqiao.appointments.services.common import (
    booking_sms_status,
    kind_text,
    now_or,
    place_text,
    seat_release,
    when_text,
)
from eqiao.channels.services import sms_queue
from eqiao.core.audit import audit_log
from eqiao.core.errors import ApplicationError, NotFoundError
from eqiao.offices.capabilities import require
from eqiao.offices.models import Staff
from eqiao.offices.selectors import office_scope_filter

# The person may be checked in from an hour before their slot until it ends.
CHECKIN_EARLY = dt.timedelta(hours=1)
# Reminders go out in the daytime only, never in the night.
REMIND_FROM, REMIND_UNTIL = dt.time(8, 0), dt.time(20, 0)


def _locked(booking: Booking) -> Booking:
    return (
        Booking.objects.select_for_update().select_related("office", "resource").get(pk=booking.pk)
    )


def booking_release(*, booking: Booking, actor: Staff | None, now: dt.datetime) -> Booking:
    """Cancel an active booking and free its seat (call inside a transaction holding the
    booking's row)."""
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_at = now
    booking.save(update_fields=["status", "cancelled_at"])
    seat_release(booking.slot_id)
    audit_log(
        actor=actor.user if actor else (booking.lawyer.user if booking.lawyer else None),
        action="appointment.cancel",
        target=booking,
        detail={"by_staff": actor is not None},
    )
    sms_queue(
        phone=booking.phone,
        template=messages.CANCELLED,
        params={
            "kind": kind_text(booking),
            "time": when_text(booking),
            "reference": booking.reference,
        },
        purpose="appointment",
        ref=booking.reference,
        idempotency_key=f"appointment:{booking.pk}:cancelled",
    )
    return booking


def booking_confirm(*, actor: Staff, booking: Booking, reason: str = "", now=None) -> Booking:
    """Staff confirm a pending booking; the person gets the confirmation SMS."""
    require(actor, "appointment.manage", booking.office)
    now = now_or(now)
    with transaction.atomic():
        booking = _locked(booking)
        if booking.status != BookingStatus.PENDING:
            raise ApplicationError(
                _("该预约当前为“%(status)s”，不需要确认。")
                % {"status": booking.get_status_display()}
            )
        if booking.ends_at <= now:
            raise ApplicationError(_("该预约的时段已过，不能再确认。"))
        booking.status = BookingStatus.CONFIRMED
        booking.decided_at, booking.decided_by = now, actor.user
        booking.decision_reason = (reason or "").strip()[:200]
        booking.save(update_fields=["status", "decided_at", "decided_by", "decision_reason"])
        audit_log(actor=actor.user, action="appointment.confirm", target=booking)
        booking_sms_status(booking)
    return booking


def booking_decline(*, actor: Staff, booking: Booking, reason: str, now=None) -> Booking:
    """Staff decline a pending booking, saying why (the person reads it in the SMS); the
    seat is freed."""
    require(actor, "appointment.manage", booking.office)
    reason = " ".join((reason or "").split())[:200]
    if not reason:
        raise ApplicationError(_("请填写不予安排的原因，预约人会在短信中看到。"), field="reason")
    now = now_or(now)
    with transaction.atomic():
        booking = _locked(booking)
        if booking.status != BookingStatus.PENDING:
            raise ApplicationError(
                _("该预约当前为“%(status)s”，不能再作不予安排处理。")
                % {"status": booking.get_status_display()}
            )
        booking.status = BookingStatus.DECLINED
        booking.decided_at, booking.decided_by = now, actor.user
        booking.decision_reason = reason
        booking.save(update_fields=["status", "decided_at", "decided_by", "decision_reason"])
        seat_release(booking.slot_id)
        audit_log(
            actor=actor.user,
            action="appointment.decline",
            target=booking,
            detail={"reason": reason},
        )
        sms_queue(
            phone=booking.phone,
            template=messages.DECLINED,
            params={
                "kind": kind_text(booking),
                "time": when_text(booking),
                "reference": booking.reference,
                "reason": reason,
            },
            purpose="appointment",
            ref=booking.reference,
            idempotency_key=f"appointment:{booking.pk}:declined",
        )
    return booking


def booking_cancel_by_staff(*, actor: Staff, booking: Booking, now=None) -> Booking:
    """Staff cancel a booking at the person's request (by phone, after the cut-off)."""
    require(actor, "appointment.manage", booking.office)
    now = now_or(now)
    with transaction.atomic():
        booking = _locked(booking)
        if booking.status not in (BookingStatus.PENDING, BookingStatus.CONFIRMED):
            raise ApplicationError(
                _("该预约当前为“%(status)s”，不能取消。") % {"status": booking.get_status_display()}
            )
        return booking_release(booking=booking, actor=actor, now=now)


def booking_check_in(*, actor: Staff, booking: Booking, now=None) -> Booking:
    """Record that the person has come, from an hour before their slot until it ends."""
    require(actor, "appointment.manage", booking.office)
    now = now_or(now)
    with transaction.atomic():
        booking = _locked(booking)
        if booking.status == BookingStatus.CHECKED_IN:
            raise ApplicationError(_("该预约已签到。"))
        if booking.status != BookingStatus.CONFIRMED:
            raise ApplicationError(
                _("该预约当前为“%(status)s”，不能签到。") % {"status": booking.get_status_display()}
            )
        if now < booking.starts_at - CHECKIN_EARLY:
            raise ApplicationError(
                _("还没到签到时间：预约时段为%(time)s，开始前1小时内可以签到。")
                % {"time": when_text(booking)}
            )
        if now >= booking.ends_at:
            raise ApplicationError(_("该预约的时段已结束，不能再签到。"))
        booking.status = BookingStatus.CHECKED_IN
        booking.checked_in_at, booking.checked_in_by = now, actor.user
        booking.save(update_fields=["status", "checked_in_at", "checked_in_by"])
        audit_log(actor=actor.user, action="appointment.check_in", target=booking)
    return booking


def booking_check_in_by_code(*, actor: Staff, code: str, now=None) -> Booking:
    """Check in the person who shows their code at an office of the actor's subtree,
    today."""
    now = now_or(now)
    code = "".join(ch for ch in (code or "") if ch.isdigit())
    if len(code) != 6:
        raise ApplicationError(_("签到码是6位数字，请核对。"), field="code")
    today = now.astimezone(CHINA).date()
    start = dt.datetime.combine(today, dt.time.min, tzinfo=CHINA)
    found = list(
        office_scope_filter(
            Booking.objects.filter(
                checkin_code=code,
                starts_at__gte=start,
                starts_at__lt=start + dt.timedelta(days=1),
                status__in=(BookingStatus.CONFIRMED, BookingStatus.CHECKED_IN),
            ),
            staff=actor,
        )[:2]
    )
    if not found:
        raise NotFoundError(_("今天本单位没有这个签到码的预约，请核对。"), field="code")
    if len(found) > 1:
        raise ApplicationError(_("有两个预约使用这个签到码，请按预约号签到。"), field="code")
    return booking_check_in(actor=actor, booking=found[0], now=now)


def bookings_mark_no_show(*, now: dt.datetime | None = None) -> int:
    """Confirmed bookings whose slot has ended without a check-in become no-shows (the
    seat stays counted: the time has passed). Safe to run twice."""
    now = now_or(now)
    count = 0
    for booking_id in Booking.objects.filter(
        status=BookingStatus.CONFIRMED, ends_at__lte=now
    ).values_list("pk", flat=True):
        with transaction.atomic():
            changed = Booking.objects.filter(pk=booking_id, status=BookingStatus.CONFIRMED).update(
                status=BookingStatus.NO_SHOW
            )
            if changed:
                booking = Booking.objects.get(pk=booking_id)
                audit_log(actor=None, action="appointment.no_show", target=booking)
                count += 1
    return count


def bookings_remind(*, now: dt.datetime | None = None) -> int:
    """Send the day-before reminder to every confirmed booking of tomorrow that has not had
    one (once per booking and time: a rescheduled booking gets a new one). In the daytime
    only; returns how many were sent."""
    now = now_or(now)
    local = now.astimezone(CHINA)
    if not REMIND_FROM <= local.time() < REMIND_UNTIL:
        return 0
    tomorrow = dt.datetime.combine(local.date() + dt.timedelta(days=1), dt.time.min, tzinfo=CHINA)
    due = Booking.objects.filter(
        status=BookingStatus.CONFIRMED,
        reminded_at__isnull=True,
        starts_at__gte=tomorrow,
        starts_at__lt=tomorrow + dt.timedelta(days=1),
    ).select_related("office", "resource")
    count = 0
    for booking in due:
        with transaction.atomic():
            if not Booking.objects.filter(pk=booking.pk, reminded_at__isnull=True).update(
                reminded_at=now
            ):
                continue
            sms_queue(
                phone=booking.phone,
                template=messages.REMINDER,
                params={
                    "kind": kind_text(booking),
                    "time": f"{booking.starts_at.astimezone(CHINA):%H:%M}",
                    "place": place_text(booking),
                    "reference": booking.reference,
                    "code": booking.checkin_code,
                    "link": booking_link(booking),
                },
                purpose="appointment_reminder",
                ref=booking.reference,
                idempotency_key=f"appointment:{booking.pk}:reminder:{booking.rescheduled_count}",
            )
            count += 1
    return count
