"""Two people booking the last seat at the same moment, each on their own connection: one
gets it, the other is told the slot is full, and the counter never passes the capacity.
Real concurrent connections need a server database, so the race runs on PostgreSQL (the
CI's PostgreSQL stage); the rule it relies on — the conditional UPDATE of the slot's
counter — is checked on every backend below."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from eqiao.appointments.kinds import AppointmentKind as K
from eqiao.appointments.models import Booking, Slot
from eqiao.appointments.services.booking import booking_create, person_citizen, person_lawyer
from eqiao.appointments.services.common import seat_take
from eqiao.appointments.tests.factories import at, make_lawyer
from eqiao.core.errors import ApplicationError

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs concurrent connections (PostgreSQL)"
)


def run_together(*calls):
    """Start every call at once in its own thread (own connection); return what each
    returned or raised."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def worker(index, call):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            results[index] = call()
        except Exception as exc:  # noqa: BLE001 — reported to the test
            results[index] = exc
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@pytest.mark.django_db
def test_the_counter_update_refuses_a_seat_beyond_capacity(desk):
    slot = Slot.objects.create(
        resource=desk.reception, starts_at=at(1, 9), ends_at=at(1, 9, 30), capacity=2
    )
    assert [seat_take(slot.pk) for _i in range(3)] == [True, True, False]
    slot.refresh_from_db()
    assert slot.booked == 2


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_six_people_racing_for_the_last_two_seats_get_two_bookings(desk, clock):
    lawyers = [make_lawyer(phone=f"1390635{n:04d}") for n in range(6)]

    def book(lawyer):
        return lambda: booking_create(
            person=person_lawyer(lawyer=lawyer),
            resource=desk.lawyers_room,
            kind=K.SUBMISSION,
            starts_at=at(1, 9),
        )

    results = run_together(*[book(lawyer) for lawyer in lawyers])
    booked = [r for r in results if isinstance(r, Booking)]
    refused = [r for r in results if isinstance(r, ApplicationError)]
    assert len(booked) == 2, results
    assert len(refused) == 4 and all("已约满" in e.message for e in refused), results
    slot = Slot.objects.get(resource=desk.lawyers_room, starts_at=at(1, 9))
    assert slot.booked == 2 == Booking.objects.filter(slot=slot).count()


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_people_booking_the_last_seat_at_the_same_moment(desk, clock):
    def book(phone):
        return lambda: booking_create(
            person=person_citizen(name="李桂兰", phone=phone),
            resource=desk.reception,
            kind=K.WALK_IN,
            starts_at=at(1, 9),
        )

    results = run_together(book("13906351111"), book("13906352222"))
    assert sum(isinstance(r, Booking) for r in results) == 1, results
    assert sum(isinstance(r, ApplicationError) for r in results) == 1, results
    assert Slot.objects.get(resource=desk.reception, starts_at=at(1, 9)).booked == 1


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_one_person_booking_two_offices_at_the_same_moment_gets_one(desk, clock):
    other = desk.reception.__class__.objects.create(
        office=desk.tree.lindong, name="窗口", kinds=[K.WALK_IN], min_notice_hours=1
    )

    def book(resource):
        return lambda: booking_create(
            person=person_citizen(name="李桂兰", phone="13906359999"),
            resource=resource,
            kind=K.WALK_IN,
            starts_at=at(1, 9),
        )

    results = run_together(book(desk.reception), book(other))
    assert sum(isinstance(r, Booking) for r in results) == 1, results
    (error,) = [r for r in results if isinstance(r, ApplicationError)]
    assert "同一时间不能再约" in error.message
