"""Booking, cancelling and rescheduling, as the person does it."""

from __future__ import annotations

import datetime as dt

import pytest

from eqiao.appointments.kinds import AppointmentKind as K
from eqiao.appointments.models import Booking, BookingStatus, Slot
from eqiao.appointments.services.booking import (
    booking_cancel,
    booking_create,
    booking_reschedule,
    person_citizen,
    person_lawyer,
)
from eqiao.appointments.tests.factories import at, make_case, make_lawyer
from eqiao.cases.models import LawyerStatus
from eqiao.core.errors import ApplicationError, PermissionDeniedError
from eqiao.core.models import Holiday

pytestmark = pytest.mark.django_db


def _citizen(phone="13906359999", name="李桂兰"):
    return person_citizen(name=name, phone=phone)


def test_a_lawyer_counsel_in_the_case_gets_file_review_confirmed_with_an_sms(desk, clock, queued):
    booking = booking_create(
        person=person_lawyer(lawyer=desk.lawyer),
        resource=desk.lawyers_room,
        kind=K.FILE_REVIEW,
        starts_at=at(1, 9, 30),
        case_number=desk.case.number,
    )
    assert booking.status == BookingStatus.CONFIRMED
    assert booking.case == desk.case
    (sms,) = queued()
    assert sms.recipient == desk.lawyer.phone
    assert booking.reference in sms.text and booking.checkin_code in sms.text
    assert "2026-12-15 09:30-10:00" in sms.text


def test_file_review_of_a_case_the_lawyer_is_not_counsel_in_waits_for_staff(desk, clock, queued):
    other_case = make_case(desk.tree.guanxian, counsel=make_lawyer())
    booking = booking_create(
        person=person_lawyer(lawyer=desk.lawyer),
        resource=desk.lawyers_room,
        kind=K.FILE_REVIEW,
        starts_at=at(1, 9, 30),
        case_number=other_case.number,
    )
    assert booking.status == BookingStatus.PENDING
    assert "辩护或代理关系" in booking.pending_reason
    assert "工作人员确认后" in queued()[0].text


def test_file_review_of_an_unknown_case_number_waits_for_staff(desk, clock):
    booking = booking_create(
        person=person_lawyer(lawyer=desk.lawyer),
        resource=desk.lawyers_room,
        kind=K.FILE_REVIEW,
        starts_at=at(1, 9, 30),
        case_number="冠检刑诉受〔2026〕999号",
    )
    assert booking.status == BookingStatus.PENDING and booking.case is None
    assert "未查到该案件编号" in booking.pending_reason


def test_file_review_needs_a_case_number(desk, clock):
    with pytest.raises(ApplicationError) as exc:
        booking_create(
            person=person_lawyer(lawyer=desk.lawyer),
            resource=desk.lawyers_room,
            kind=K.FILE_REVIEW,
            starts_at=at(1, 9, 30),
        )
    assert exc.value.field == "case_number" and "案件编号" in exc.value.message


def test_a_meeting_always_waits_for_staff(desk, clock):
    booking = booking_create(
        person=person_lawyer(lawyer=desk.lawyer),
        resource=desk.lawyers_room,
        kind=K.MEETING,
        starts_at=at(1, 14),
        case_number=desk.case.number,
    )
    assert booking.status == BookingStatus.PENDING


@pytest.mark.parametrize("status", [LawyerStatus.PENDING, LawyerStatus.SUSPENDED])
def test_an_unverified_lawyer_cannot_book(desk, clock, status):
    lawyer = make_lawyer(status=status)
    with pytest.raises(PermissionDeniedError, match="尚未通过认证"):
        person_lawyer(lawyer=lawyer)


def test_lawyer_kinds_refuse_citizens_and_citizen_kinds_refuse_lawyers(desk, clock):
    with pytest.raises(PermissionDeniedError, match="只接受已认证律师预约"):
        booking_create(
            person=_citizen(),
            resource=desk.lawyers_room,
            kind=K.SUBMISSION,
            starts_at=at(1, 9),
        )
    with pytest.raises(ApplicationError, match="律师账户不能代约"):
        booking_create(
            person=person_lawyer(lawyer=desk.lawyer),
            resource=desk.reception,
            kind=K.WALK_IN,
            starts_at=at(1, 9),
        )


def test_a_citizen_walk_in_is_confirmed_and_reception_day_waits(desk, clock):
    walk_in = booking_create(
        person=_citizen(), resource=desk.reception, kind=K.WALK_IN, starts_at=at(1, 9)
    )
    assert walk_in.status == BookingStatus.CONFIRMED
    reception = booking_create(
        person=_citizen(), resource=desk.reception, kind=K.RECEPTION_DAY, starts_at=at(2, 9)
    )
    assert reception.status == BookingStatus.PENDING


def test_a_citizen_needs_a_name_and_a_valid_mobile():
    with pytest.raises(ApplicationError) as exc:
        person_citizen(name=" ", phone="13906359999")
    assert exc.value.field == "name"
    with pytest.raises(ApplicationError) as exc:
        person_citizen(name="李桂兰", phone="1234")
    assert exc.value.field == "phone" and "11位" in exc.value.message


def test_one_person_cannot_hold_two_overlapping_bookings(desk, clock):
    first = booking_create(
        person=_citizen(), resource=desk.reception, kind=K.WALK_IN, starts_at=at(1, 9)
    )
    other_office = desk.lawyers_room.__class__.objects.create(
        office=desk.tree.lindong, name="窗口", kinds=[K.WALK_IN], min_notice_hours=1
    )
    with pytest.raises(ApplicationError) as exc:
        booking_create(person=_citizen(), resource=other_office, kind=K.WALK_IN, starts_at=at(1, 9))
    assert first.reference in exc.value.message and "同一时间不能再约" in exc.value.message
    # The next slot does not overlap; another person may take the same time elsewhere.
    booking_create(person=_citizen(), resource=other_office, kind=K.WALK_IN, starts_at=at(1, 9, 30))
    booking_create(
        person=_citizen(phone="13906358888"),
        resource=other_office,
        kind=K.WALK_IN,
        starts_at=at(1, 9),
    )


def test_a_lawyer_account_cannot_hold_two_overlapping_bookings(desk, clock):
    lawyer = person_lawyer(lawyer=desk.lawyer)
    booking_create(
        person=lawyer,
        resource=desk.lawyers_room,
        kind=K.FILE_REVIEW,
        starts_at=at(1, 9),
        case_number=desk.case.number,
    )
    with pytest.raises(ApplicationError, match="同一时间不能再约"):
        booking_create(
            person=lawyer, resource=desk.lawyers_room, kind=K.SUBMISSION, starts_at=at(1, 9)
        )


def test_a_full_slot_is_never_overbooked(desk, clock):
    for phone in ("13906351111", "13906352222"):
        booking_create(
            person=person_lawyer(lawyer=make_lawyer(phone=phone)),
            resource=desk.lawyers_room,
            kind=K.SUBMISSION,
            starts_at=at(1, 9),
        )
    with pytest.raises(ApplicationError, match="该时段已约满"):
        booking_create(
            person=person_lawyer(lawyer=desk.lawyer),
            resource=desk.lawyers_room,
            kind=K.SUBMISSION,
            starts_at=at(1, 9),
        )
    slot = Slot.objects.get(resource=desk.lawyers_room, starts_at=at(1, 9))
    assert (slot.booked, slot.capacity) == (2, 2)
    assert Booking.objects.filter(slot=slot).count() == 2


@pytest.mark.parametrize(
    ("moment", "message"),
    [
        (at(0, 9), "至少提前1小时"),  # 30 minutes from the clock below
        (at(0, 12), "不在开放时段内"),  # lunch
        (at(0, 9, 10), "不在开放时段内"),  # not a slot start
        (at(5, 9), "不在开放时段内"),  # Saturday
        (at(16, 9), "14天以内"),  # beyond the booking window
    ],
)
def test_the_slot_must_be_open_and_far_enough_ahead(desk, clock, moment, message):
    clock.move_to(at(0, 8, 30))
    with pytest.raises(ApplicationError, match=message) as exc:
        booking_create(person=_citizen(), resource=desk.reception, kind=K.WALK_IN, starts_at=moment)
    assert exc.value.field == "slot"


def test_holidays_from_the_calendar_close_the_office(desk, clock):
    Holiday.objects.create(date=at(1, 0).date(), name="测试假日")
    with pytest.raises(ApplicationError, match="不在开放时段内"):
        booking_create(
            person=_citizen(), resource=desk.reception, kind=K.WALK_IN, starts_at=at(1, 9)
        )


def test_cancel_before_the_cutoff_frees_the_seat(desk, clock, queued):
    booking = booking_create(
        person=_citizen(), resource=desk.reception, kind=K.WALK_IN, starts_at=at(1, 9)
    )
    booking_cancel(booking=booking)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert booking.slot.booked == 0
    assert "已取消" in queued()[-1].text
    # The freed seat can be taken by someone else.
    booking_create(
        person=_citizen(phone="13906358888"),
        resource=desk.reception,
        kind=K.WALK_IN,
        starts_at=at(1, 9),
    )


def test_after_the_cutoff_cancel_and_reschedule_say_why_in_chinese(desk, clock):
    booking = booking_create(
        person=_citizen(), resource=desk.reception, kind=K.WALK_IN, starts_at=at(0, 11)
    )
    clock.move_to(at(0, 9, 30))  # 90 minutes before; the cut-off is 2 hours
    for attempt in (
        lambda: booking_cancel(booking=booking),
        lambda: booking_reschedule(booking=booking, starts_at=at(1, 9)),
    ):
        with pytest.raises(ApplicationError) as exc:
            attempt()
        assert "已超过取消和改约的截止时间（预约开始前2小时）" in exc.value.message
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED and booking.starts_at == at(0, 11)


def test_reschedule_moves_the_seat_and_tells_the_person(desk, clock, queued):
    booking = booking_create(
        person=person_lawyer(lawyer=desk.lawyer),
        resource=desk.lawyers_room,
        kind=K.FILE_REVIEW,
        starts_at=at(1, 9),
        case_number=desk.case.number,
    )
    old_slot = booking.slot
    moved = booking_reschedule(booking=booking, starts_at=at(2, 14, 30))
    assert moved.status == BookingStatus.CONFIRMED
    assert moved.starts_at == at(2, 14, 30) and moved.reference == booking.reference
    old_slot.refresh_from_db()
    assert old_slot.booked == 0 and moved.slot.booked == 1
    assert len(queued()) == 2 and "2026-12-16 14:30-15:00" in queued()[-1].text


def test_reschedule_into_a_full_slot_changes_nothing(desk, clock):
    booking = booking_create(
        person=_citizen(), resource=desk.reception, kind=K.WALK_IN, starts_at=at(1, 9)
    )
    booking_create(
        person=_citizen(phone="13906358888"),
        resource=desk.reception,
        kind=K.WALK_IN,
        starts_at=at(1, 10),
    )
    with pytest.raises(ApplicationError, match="该时段已约满"):
        booking_reschedule(booking=booking, starts_at=at(1, 10))
    booking.refresh_from_db()
    assert booking.starts_at == at(1, 9) and booking.slot.booked == 1


def test_a_cancelled_booking_cannot_be_rescheduled(desk, clock):
    booking = booking_create(
        person=_citizen(), resource=desk.reception, kind=K.WALK_IN, starts_at=at(1, 9)
    )
    booking_cancel(booking=booking)
    with pytest.raises(ApplicationError, match="已取消"):
        booking_reschedule(booking=booking, starts_at=at(1, 10))


def test_times_are_china_time_whatever_the_input_zone(desk, clock):
    utc_moment = at(1, 9).astimezone(dt.UTC)  # 01:00 UTC
    booking = booking_create(
        person=_citizen(), resource=desk.reception, kind=K.WALK_IN, starts_at=utc_moment
    )
    assert booking.starts_at == at(1, 9)
