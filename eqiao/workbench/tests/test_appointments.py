# ruff: noqa: F811 — the appointments fixtures are imported, then requested by name
"""The appointment pages of the workbench: the day's bookings, confirm and decline with a
reason, check-in by code, the week calendar, and the resources' settings."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from eqiao.appointments.kinds import AppointmentKind as K
from eqiao.appointments.models import BookingStatus, Resource
from eqiao.appointments.services.booking import booking_create, person_citizen, person_lawyer
from eqiao.appointments.tests.conftest import clock, desk  # noqa: F401
from eqiao.appointments.tests.factories import at
from eqiao.workbench.tests.conftest import login_as

pytestmark = pytest.mark.django_db


def _walk_in(desk, when, phone="13906359999"):
    return booking_create(
        person=person_citizen(name="李桂兰", phone=phone),
        resource=desk.reception,
        kind=K.WALK_IN,
        starts_at=when,
    )


def test_the_day_list_masks_people_and_is_scoped(client, desk, clock):
    booking = _walk_in(desk, at(0, 10))
    login_as(client, desk.tree.guanxian_receptionist)
    page = client.get(reverse("workbench:appointments")).content.decode()
    assert booking.reference in page and "李**" in page and "李桂兰" not in page
    login_as(client, desk.tree.linqing_head)
    page = client.get(reverse("workbench:appointments")).content.decode()
    assert booking.reference not in page
    detail = client.get(reverse("workbench:appointment_detail", args=[booking.pk]))
    assert detail.status_code == 404


def test_the_list_costs_the_same_queries_for_many_bookings(client, desk, clock):
    login_as(client, desk.tree.guanxian_receptionist)
    _walk_in(desk, at(0, 10))
    url = reverse("workbench:appointments")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n, hour in enumerate((11, 14, 15, 16)):
        _walk_in(desk, at(0, hour), phone=f"1390635800{n}")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_staff_decline_with_a_reason_and_confirm(client, desk, clock):
    meeting = booking_create(
        person=person_lawyer(lawyer=desk.lawyer),
        resource=desk.lawyers_room,
        kind=K.MEETING,
        starts_at=at(1, 14),
    )
    login_as(client, desk.tree.guanxian_receptionist)
    url = reverse("workbench:appointment_act", args=[meeting.pk, "decline"])
    page = client.post(url, {"reason": ""}, follow=True).content.decode()
    assert "请填写不予安排的原因" in page
    client.post(url, {"reason": "当日检察官出庭"})
    meeting.refresh_from_db()
    assert meeting.status == BookingStatus.DECLINED and meeting.decision_reason == "当日检察官出庭"


def test_check_in_by_the_code_the_person_shows(client, desk, clock):
    booking = _walk_in(desk, at(0, 10))
    clock.move_to(at(0, 9, 45))
    login_as(client, desk.tree.qingshui_head)
    url = reverse("workbench:appointment_check_in")
    page = client.post(url, {"code": "000000"}, follow=True).content.decode()
    assert "没有这个签到码" in page
    response = client.post(url, {"code": booking.checkin_code})
    assert response.url == reverse("workbench:appointment_detail", args=[booking.pk])
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CHECKED_IN


def test_the_week_calendar_shows_bookings_and_htmx_moves_weeks(client, desk, clock):
    _walk_in(desk, at(1, 10))
    login_as(client, desk.tree.qingshui_head)
    url = reverse("workbench:appointment_calendar", args=[desk.reception.pk])
    page = client.get(url).content.decode()
    assert "2026-12-14 – 12-20" in page and "李** · 已确认" in page
    partial = client.get(url, {"week": "2026-12-21"}, HTTP_HX_REQUEST="true").content.decode()
    assert (
        partial.lstrip().startswith('<section id="week-grid"') and "2026-12-21 – 12-27" in partial
    )
    assert "李**" not in partial


def test_a_head_edits_a_resource_and_a_prosecutor_is_refused(client, desk, clock):
    url = reverse("workbench:appointment_resource_edit", args=[desk.lawyers_room.pk])
    form = {
        "name": "律师阅卷室",
        "kinds": [K.FILE_REVIEW],
        "hours": "08:30-11:30",
        "slot_minutes": 60,
        "capacity": 3,
        "min_notice_hours": 24,
        "cancel_cutoff_hours": 12,
        "advance_days": 20,
        "is_active": "on",
    }
    login_as(client, desk.tree.guanxian_prosecutor)
    page = client.post(url, form).content.decode()
    assert "设置预约资源和开放时间" in page
    login_as(client, desk.tree.guanxian_head)
    page = client.post(url, {**form, "hours": "8点半"}).content.decode()
    assert "格式不对" in page
    response = client.post(url, form)
    assert response.status_code == 302
    resource = Resource.objects.get(pk=desk.lawyers_room.pk)
    assert resource.hours == "08:30-11:30" and resource.capacity == 3
