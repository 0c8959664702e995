"""The appointment journey the issue promises, in a real browser: a verified lawyer books
file review of their case on a phone, reschedules it by the booking's page, and the county's
receptionist checks them in at the office. The clock is fixed to a Monday morning (moving
only when the test says), so the test never depends on the day it runs."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from eqiao.appointments.hours import CHINA
from eqiao.appointments.kinds import AppointmentKind as K
from eqiao.appointments.models import Booking, BookingStatus
from eqiao.appointments.tests.factories import make_case, make_lawyer, make_resource
from tests.e2e.conftest import screenshot
from tests.e2e.test_citizen_journey import _staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MONDAY_8AM = dt.datetime(2026, 12, 14, 8, 0, tzinfo=CHINA)


def _lawyer_session(page, base_url, lawyer) -> None:
    """The lawyer's login (the lawyers' login page belongs to the cases pages): a session
    made by Django's test client, handed to the browser as its cookie."""
    client = Client()
    client.force_login(lawyer.user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": base_url}])


def test_a_lawyer_books_file_review_reschedules_and_is_checked_in(
    live_server, office_tree, phone, desk
):
    with time_machine.travel(MONDAY_8AM, tick=True) as clock:
        base = live_server.url
        make_resource(
            office_tree.guanxian, name="律师阅卷室", kinds=[K.FILE_REVIEW], hours="09:00-11:30"
        )
        lawyer = make_lawyer()
        case = make_case(office_tree.guanxian, counsel=lawyer)

        # 1. The lawyer books file review of their case for 11:00 today.
        _lawyer_session(phone, base, lawyer)
        phone.goto(f"{base}/appointments/")
        phone.get_by_role("link", name="冠县人民检察院").click()
        phone.get_by_role("link", name="预约律师阅卷").click()
        phone.locator("label.choice", has_text="11:00–11:30").click()
        phone.fill("#f-case_number", case.number)
        screenshot(phone, "appointments-01-lawyer-books")
        phone.get_by_role("button", name="确认预约").click()
        phone.get_by_text("预约成功").wait_for()
        reference = phone.get_by_test_id("booking-reference").inner_text().strip()
        assert phone.get_by_test_id("booking-status").inner_text() == "已确认"
        assert "11:00–11:30" in phone.get_by_test_id("booking-time").inner_text()
        booking = Booking.objects.get(reference=reference)
        assert booking.case == case and booking.status == BookingStatus.CONFIRMED

        # 2. They move it to 10:00 on the booking's own page.
        phone.get_by_role("link", name="改约").click()
        phone.locator("label.choice", has_text="10:00–10:30").click()
        screenshot(phone, "appointments-02-lawyer-reschedules")
        phone.get_by_role("button", name="确认改约").click()
        phone.get_by_text("已改约").wait_for()
        assert "10:00–10:30" in phone.get_by_test_id("booking-time").inner_text()
        booking.refresh_from_db()
        assert booking.starts_at == MONDAY_8AM.replace(hour=10)

        # 3. At the office, the receptionist checks them in from the day's list.
        clock.move_to(MONDAY_8AM.replace(hour=9, minute=45))
        staff = desk()
        _staff_login(staff, base, office_tree.guanxian_receptionist, office_tree.password)
        staff.get_by_role("link", name="预约", exact=True).click()
        row = staff.locator("tr", has_text=reference)
        row.get_by_role("button", name="签到").click()
        staff.get_by_text("已签到").first.wait_for()
        screenshot(staff, "appointments-03-staff-checks-in")
        booking.refresh_from_db()
        assert booking.status == BookingStatus.CHECKED_IN
        assert booking.checked_in_by == office_tree.guanxian_receptionist.user
