# ruff: noqa: F811 — the appointments fixtures are imported, then requested by name
"""The booking pages of the portal, through the test client."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse

from eqiao.appointments.kinds import AppointmentKind as K
from eqiao.appointments.links import booking_token
from eqiao.appointments.models import Booking, BookingStatus
from eqiao.appointments.tests.conftest import clock, desk  # noqa: F401 — shared fixtures
from eqiao.appointments.tests.factories import at, make_lawyer
from eqiao.cases.models import LawyerStatus
from eqiao.portal.views.common import PHONE_AT_KEY, PHONE_KEY

pytestmark = pytest.mark.django_db


def _slot(resource, moment):
    return f"{resource.pk}@{moment:%Y-%m-%dT%H:%M}"


def _verify_phone(client, phone="13906359999"):
    session = client.session
    session[PHONE_KEY] = phone
    session[PHONE_AT_KEY] = time.time()
    session.save()


def test_the_office_list_and_kinds_show_who_may_book(client, desk, clock):
    page = client.get(reverse("portal:appointments")).content.decode()
    assert "冠县人民检察院" in page and "清水" in page
    page = client.get(reverse("portal:appointment_kinds", args=[desk.tree.guanxian.pk]))
    text = page.content.decode()
    assert "律师阅卷" in text and "须以已认证的律师账户登录" in text
    assert (
        client.get(reverse("portal:appointment_kinds", args=[desk.tree.linqing.pk])).status_code
        == 404
    )


def test_a_lawyer_books_file_review_and_sees_the_code_and_calendar(client, desk, clock):
    url = reverse("portal:appointment_book", args=[desk.tree.guanxian.pk, K.FILE_REVIEW])
    client.force_login(desk.lawyer.user)
    page = client.get(url, {"day": "2026-12-15"}).content.decode()
    assert "09:00–09:30" in page and "剩余 2 个名额" in page
    response = client.post(
        url,
        {
            "day": "2026-12-15",
            "slot": _slot(desk.lawyers_room, at(1, 9)),
            "case_number": desk.case.number,
        },
    )
    booking = Booking.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/b/{booking_token(booking)}/")
    page = client.get(response.url).content.decode()
    assert booking.reference in page and booking.checkin_code in page and "已确认" in page
    assert '<svg class="qr"' in page  # the code to scan at the office
    ics = client.get(reverse("portal:appointment_ics", args=[booking_token(booking)]))
    assert ics["Content-Type"].startswith("text/calendar")
    assert b"DTSTART;TZID=Asia/Shanghai:20261215T090000" in ics.content
    # The slot now shows one seat fewer.
    assert "剩余 1 个名额" in client.get(url, {"day": "2026-12-15"}).content.decode()


def test_htmx_day_change_returns_only_the_slots(client, desk, clock):
    client.force_login(desk.lawyer.user)
    url = reverse("portal:appointment_book", args=[desk.tree.guanxian.pk, K.SUBMISSION])
    response = client.get(url, {"day": "2026-12-16"}, HTTP_HX_REQUEST="true")
    text = response.content.decode()
    assert text.lstrip().startswith('<div id="slots">') and "<html" not in text


def test_an_unverified_lawyer_or_a_citizen_cannot_book_lawyer_kinds(client, desk, clock):
    url = reverse("portal:appointment_book", args=[desk.tree.guanxian.pk, K.FILE_REVIEW])
    page = client.get(url).content.decode()
    assert "须以已认证的律师账户登录" in page and "确认预约" not in page
    client.force_login(make_lawyer(status=LawyerStatus.PENDING).user)
    response = client.post(url, {"slot": _slot(desk.lawyers_room, at(1, 9)), "case_number": "x"})
    assert response.status_code == 400 and "尚未通过认证" in response.content.decode()
    assert not Booking.objects.exists()


def test_a_citizen_verifies_the_phone_first_then_books(client, desk, clock):
    url = reverse("portal:appointment_book", args=[desk.tree.qingshui.pk, K.WALK_IN])
    page = client.get(url).content.decode()
    assert "验证手机号" in page and "/login/?next=" in page
    _verify_phone(client)
    response = client.post(url, {"slot": _slot(desk.reception, at(1, 9)), "name": ""})
    assert response.status_code == 400 and "请填写您的姓名" in response.content.decode()
    response = client.post(url, {"slot": _slot(desk.reception, at(1, 9)), "name": "李桂兰"})
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert booking.phone == "13906359999" and booking.status == BookingStatus.CONFIRMED


@pytest.mark.parametrize("slot", ["", "abc", "999@2026-12-15T09:00", "1@2026-13-45T99:00"])
def test_a_bad_slot_gets_a_chinese_error_not_a_500(client, desk, clock, slot):
    _verify_phone(client)
    url = reverse("portal:appointment_book", args=[desk.tree.qingshui.pk, K.WALK_IN])
    response = client.post(url, {"slot": slot, "name": "李桂兰"})
    assert response.status_code == 400 and "请选择一个时段" in response.content.decode()


def test_reschedule_and_cancel_by_the_link_and_the_cutoff_error(client, desk, clock):
    _verify_phone(client)
    url = reverse("portal:appointment_book", args=[desk.tree.qingshui.pk, K.WALK_IN])
    client.post(url, {"slot": _slot(desk.reception, at(0, 14)), "name": "李桂兰"})
    booking = Booking.objects.get()
    token = booking_token(booking)
    other = client.__class__()  # the link alone opens it, on any phone
    response = other.post(
        reverse("portal:appointment_reschedule", args=[token]),
        {"slot": _slot(desk.reception, at(0, 15))},
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.starts_at == at(0, 15)
    clock.move_to(at(0, 13, 30))  # 90 minutes before 15:00; the cut-off is 2 hours
    page = other.get(reverse("portal:appointment", args=[token])).content.decode()
    assert "已过网上取消和改约的截止时间" in page
    response = other.post(reverse("portal:appointment_cancel", args=[token]))
    assert response.status_code == 400
    assert "已超过取消和改约的截止时间（预约开始前2小时）" in response.content.decode()


def test_a_forged_link_is_not_found(client, desk):
    response = client.get(reverse("portal:appointment", args=["forged:token"]))
    assert response.status_code == 404


def test_my_appointments_lists_the_lawyers_or_the_phones_bookings(client, desk, clock):
    assert client.get(reverse("portal:my_appointments")).status_code == 302  # log in first
    _verify_phone(client)
    client.post(
        reverse("portal:appointment_book", args=[desk.tree.qingshui.pk, K.WALK_IN]),
        {"slot": _slot(desk.reception, at(1, 9)), "name": "李桂兰"},
    )
    booking = Booking.objects.get()
    page = client.get(reverse("portal:my_appointments")).content.decode()
    assert booking.reference in page and booking_token(booking) in page
    client.force_login(desk.lawyer.user)
    page = client.get(reverse("portal:my_appointments")).content.decode()
    assert booking.reference not in page and "您暂时没有预约" in page


@pytest.mark.parametrize(
    ("field", "message"), [("name", "姓名里有无法识别的字符"), ("note", "事由里有无法识别的字符")]
)
def test_control_characters_get_a_specific_error(client, desk, clock, field, message):
    _verify_phone(client)
    url = reverse("portal:appointment_book", args=[desk.tree.qingshui.pk, K.WALK_IN])
    form = {"slot": _slot(desk.reception, at(1, 9)), "name": "李桂兰", "note": "咨询"}
    response = client.post(url, {**form, field: "李\x00桂兰"})
    assert response.status_code == 400 and message in response.content.decode()
    assert not Booking.objects.exists()


def test_huge_ids_are_not_found_not_a_500(client, desk):
    huge = 10**20
    assert client.get(f"/appointments/o/{huge}/").status_code == 404
    _verify_phone(client)
    url = reverse("portal:appointment_book", args=[desk.tree.qingshui.pk, K.WALK_IN])
    response = client.post(url, {"slot": f"{huge}@2026-12-15T09:00", "name": "李桂兰"})
    assert response.status_code == 400
