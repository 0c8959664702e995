"""The demo's appointment desk: rooms and hours at the Liaocheng offices and about thirty
bookings around the demo's fixed date, every one made through the real services."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import transaction

from eqiao.appointments.hours import CHINA
from eqiao.appointments.models import Booking, BookingStatus, Resource, Slot
from eqiao.demo.loader import DEMO_TODAY
from eqiao.offices.models import Level


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command(
                "load_demo", petitions=5, today=DEMO_TODAY.isoformat(), stdout=io.StringIO()
            )
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def loaded(demo, db):
    return demo


def test_every_county_and_outpost_takes_appointments(loaded):
    offices = {r.office.level for r in Resource.objects.select_related("office")}
    assert offices == {Level.CITY, Level.COUNTY, Level.TOWNSHIP}
    assert Resource.objects.filter(office__level=Level.TOWNSHIP).count() == 33
    chief = Resource.objects.get(office__level=Level.CITY, name="检察长接待室")
    assert chief.weekdays == [3] and chief.kinds == ["reception_day"]


def test_about_thirty_bookings_around_the_demo_date_in_every_state(loaded):
    bookings = list(Booking.objects.all())
    assert 30 <= len(bookings) <= 40
    statuses = Counter(b.status for b in bookings)
    assert set(statuses) == set(BookingStatus.values)
    days = {b.starts_at.astimezone(CHINA).date() for b in bookings}
    assert min(days) >= DEMO_TODAY - dt.timedelta(days=10)
    assert max(days) <= DEMO_TODAY + dt.timedelta(days=14)
    assert all(d.weekday() < 5 for d in days)
    # The seat counters agree with the bookings that hold a seat.
    for slot in Slot.objects.all():
        holding = slot.bookings.exclude(status__in=["cancelled", "declined"]).count()
        assert slot.booked == holding


def test_the_demo_is_the_same_on_every_load(loaded):
    first = Booking.objects.order_by("starts_at", "office_id").first()
    assert first.reference == "F2965HEC"
    assert first.starts_at == dt.datetime(2026, 11, 23, 9, tzinfo=CHINA)
