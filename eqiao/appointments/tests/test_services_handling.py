"""What staff and the clock do to bookings: confirm, decline, check in, no-shows,
reminders; and the calendar file."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar

from eqiao.appointments.calendar_file import booking_ics
from eqiao.appointments.kinds import AppointmentKind as K
from eqiao.appointments.models import BookingStatus
from eqiao.appointments.services.booking import booking_create, person_citizen, person_lawyer
from eqiao.appointments.services.handling import (
    booking_check_in,
    booking_check_in_by_code,
    booking_confirm,
    booking_decline,
    bookings_mark_no_show,
    bookings_remind,
)
from eqiao.appointments.tests.factories import at
from eqiao.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from eqiao.core.models import AuditEntry
from eqiao.core.scheduling import scheduled_jobs_registered

pytestmark = pytest.mark.django_db


def _walk_in(desk, when, phone="13906359999"):
    return booking_create(
        person=person_citizen(name="李桂兰", phone=phone),
        resource=desk.reception,
        kind=K.WALK_IN,
        starts_at=when,
    )


def _meeting(desk, when):
    return booking_create(
        person=person_lawyer(lawyer=desk.lawyer),
        resource=desk.lawyers_room,
        kind=K.MEETING,
        starts_at=when,
    )


def test_staff_confirm_a_pending_booking_and_the_person_gets_the_code(desk, clock, queued):
    booking = _meeting(desk, at(1, 14))
    booking_confirm(actor=desk.tree.guanxian_receptionist, booking=booking)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.decided_by == desk.tree.guanxian_receptionist.user
    assert booking.checkin_code in queued()[-1].text and "已确认" in queued()[-1].text


def test_declining_needs_a_reason_the_person_reads_and_frees_the_seat(desk, clock, queued):
    booking = _meeting(desk, at(1, 14))
    staff = desk.tree.guanxian_receptionist
    with pytest.raises(ApplicationError) as exc:
        booking_decline(actor=staff, booking=booking, reason="  ")
    assert exc.value.field == "reason"
    booking_decline(actor=staff, booking=booking, reason="承办检察官当日出庭，请改约其他时间。")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.DECLINED and booking.slot.booked == 0
    assert "承办检察官当日出庭" in queued()[-1].text
    with pytest.raises(ApplicationError, match="不需要确认"):
        booking_confirm(actor=staff, booking=booking)


def test_only_staff_of_the_office_subtree_with_the_capability_handle_bookings(desk, clock):
    booking = _meeting(desk, at(1, 14))
    with pytest.raises(PermissionDeniedError, match="不属于您所在单位"):
        booking_confirm(actor=desk.tree.linqing_head, booking=booking)
    with pytest.raises(PermissionDeniedError, match="管理预约"):
        booking_confirm(actor=_editor_only(desk), booking=booking)


def _editor_only(desk):
    from eqiao.offices.models import Role
    from eqiao.offices.tests.factories import make_staff

    return make_staff(desk.tree.guanxian, Role.EDITOR, "gx_only_editor")


def test_check_in_from_an_hour_before_until_the_slot_ends(desk, clock):
    booking = _walk_in(desk, at(0, 10))
    staff = desk.tree.qingshui_head
    with pytest.raises(ApplicationError, match="还没到签到时间"):
        booking_check_in(actor=staff, booking=booking)
    clock.move_to(at(0, 9, 5))
    booking_check_in(actor=staff, booking=booking)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CHECKED_IN and booking.checked_in_by == staff.user
    with pytest.raises(ApplicationError, match="已签到"):
        booking_check_in(actor=staff, booking=booking)


def test_the_person_shows_their_code_and_is_checked_in(desk, clock):
    booking = _walk_in(desk, at(0, 10))
    clock.move_to(at(0, 9, 50))
    with pytest.raises(ApplicationError, match="6位数字"):
        booking_check_in_by_code(actor=desk.tree.qingshui_head, code="12")
    # A county that is not the office's own does not find it.
    with pytest.raises(NotFoundError, match="没有这个签到码"):
        booking_check_in_by_code(actor=desk.tree.linqing_head, code=booking.checkin_code)
    found = booking_check_in_by_code(
        actor=desk.tree.guanxian_receptionist, code=f" {booking.checkin_code} "
    )
    assert found.pk == booking.pk and found.status == BookingStatus.CHECKED_IN


def test_no_show_is_recorded_once_the_slot_has_ended(desk, clock):
    came = _walk_in(desk, at(0, 10))
    missed = _walk_in(desk, at(0, 14), phone="13906358888")
    later = _walk_in(desk, at(0, 16), phone="13906357777")
    clock.move_to(at(0, 9, 55))
    booking_check_in(actor=desk.tree.qingshui_head, booking=came)
    clock.move_to(at(0, 14, 30))
    assert bookings_mark_no_show() == 1
    assert bookings_mark_no_show() == 0  # safe to run twice
    for booking, status in (
        (came, BookingStatus.CHECKED_IN),
        (missed, BookingStatus.NO_SHOW),
        (later, BookingStatus.CONFIRMED),
    ):
        booking.refresh_from_db()
        assert booking.status == status
    assert AuditEntry.objects.filter(action="appointment.no_show").count() == 1


def test_the_reminder_goes_the_day_before_once_per_booking(desk, clock, queued):
    tomorrow = _walk_in(desk, at(1, 10))
    _walk_in(desk, at(2, 10), phone="13906358888")  # the day after: not yet
    pending = _meeting(desk, at(1, 9))  # not confirmed: no reminder
    clock.move_to(at(0, 7, 30))
    assert bookings_remind() == 0, "not before 08:00"
    clock.move_to(at(0, 18))
    assert bookings_remind() == 1
    assert bookings_remind() == 0
    reminder = queued()[-1]
    assert reminder.recipient == tomorrow.phone
    assert "明天10:00" in reminder.text and tomorrow.checkin_code in reminder.text
    assert not [
        m for m in queued() if m.template == "appointments.reminder" and m.ref == pending.reference
    ]


def test_the_jobs_are_registered_with_the_scheduler():
    names = {spec.name: spec for spec in scheduled_jobs_registered()}
    assert names["appointments.reminders"].task_path.endswith("reminders_task")
    assert names["appointments.no_shows"].task_path.endswith("no_shows_task")


def test_the_calendar_file_has_the_booking_in_china_time(desk, clock):
    booking = _walk_in(desk, at(1, 10))
    calendar = Calendar.from_ical(booking_ics(booking))
    (event,) = calendar.walk("VEVENT")
    start = event.decoded("dtstart")
    assert start == at(1, 10) and start.utcoffset() == dt.timedelta(hours=8)
    assert event.decoded("dtend") == at(1, 10, 30)
    assert str(event["dtstart"].params["TZID"]) == "Asia/Shanghai"
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Asia/Shanghai"
    assert booking.reference in str(event["description"])
    assert "清水检察室" in str(event["summary"])


def test_a_pending_booking_notifies_the_staff_who_handle_appointments(desk, clock):
    from eqiao.core.models import Notification
    from eqiao.core.notifications import notification_link

    booking = _meeting(desk, at(1, 14))
    notes = Notification.objects.filter(target_kind="appointment", target_id=booking.pk)
    recipients = {n.recipient for n in notes}
    tree = desk.tree
    assert tree.guanxian_receptionist.user in recipients and tree.guanxian_head.user in recipients
    assert tree.linqing_head.user not in recipients
    assert booking.reference in notes.first().text
    assert notification_link(notes.first()) == f"/staff/appointments/{booking.pk}/"
    _walk_in(desk, at(1, 9))  # confirmed at once: nobody is disturbed
    assert Notification.objects.filter(target_kind="appointment").count() == notes.count()


def test_the_scheduled_tasks_run_the_jobs(desk, clock):
    from eqiao.appointments.tasks import no_shows_task, reminders_task

    booking = _walk_in(desk, at(0, 10))
    result = no_shows_task.enqueue(now=at(0, 11).isoformat())
    assert result.return_value == 1
    booking.refresh_from_db()
    assert booking.status == BookingStatus.NO_SHOW
    _walk_in(desk, at(1, 10), phone="13906358888")
    assert reminders_task.enqueue(now=at(0, 12).isoformat()).return_value == 1
