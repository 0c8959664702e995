"""Offices configure their resources as data; the rules apply to the next booking."""

from __future__ import annotations

import pytest

from eqiao.appointments.kinds import AppointmentKind as K
from eqiao.appointments.selectors import open_days, slots_for_day
from eqiao.appointments.services.booking import booking_create, person_citizen
from eqiao.appointments.services.resources import resource_create, resource_update
from eqiao.appointments.tests.factories import NOW, at
from eqiao.core.errors import ApplicationError, PermissionDeniedError

pytestmark = pytest.mark.django_db

VALUES = {
    "name": "律师接待室",
    "kinds": [K.FILE_REVIEW, K.MEETING],
    "hours": "０９：００－１１：３０，14:00-17:00",
    "weekdays": [],
    "slot_minutes": 60,
    "capacity": 3,
    "min_notice_hours": 24,
    "cancel_cutoff_hours": 12,
    "advance_days": 10,
    "location": "二楼东侧",
}


def test_an_office_head_sets_up_a_resource_typed_with_full_width_digits(office_tree):
    resource = resource_create(
        actor=office_tree.guanxian_head, office=office_tree.guanxian, **VALUES
    )
    assert resource.hours == "09:00-11:30,14:00-17:00"
    assert resource.kinds == [K.FILE_REVIEW, K.MEETING]


def test_a_prosecutor_may_not_configure_and_a_sibling_county_may_not_either(office_tree):
    with pytest.raises(PermissionDeniedError, match="设置预约资源和开放时间"):
        resource_create(
            actor=office_tree.guanxian_prosecutor, office=office_tree.guanxian, **VALUES
        )
    with pytest.raises(PermissionDeniedError, match="不属于您所在单位"):
        resource_create(actor=office_tree.linqing_head, office=office_tree.guanxian, **VALUES)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"hours": "9点到11点"}, "hours", "格式不对"),
        ({"hours": "11:00-09:00"}, "hours", "结束时间应晚于开始时间"),
        ({"hours": "09:00-12:00,11:00-15:00"}, "hours", "不能重叠"),
        ({"hours": "25:00-26:00"}, "hours", "不是有效的时间"),
        ({"kinds": []}, "kinds", "至少选择一项"),
        ({"capacity": 0}, "capacity", "可约人数应在1到200之间"),
        ({"name": ""}, "name", "资源名称"),
    ],
)
def test_bad_settings_are_refused_with_the_field_and_reason(office_tree, change, field, message):
    with pytest.raises(ApplicationError) as exc:
        resource_create(
            actor=office_tree.guanxian_head, office=office_tree.guanxian, **{**VALUES, **change}
        )
    assert exc.value.field == field and message in exc.value.message


def test_slots_show_the_seats_left_and_capacity_changes_never_bump_anyone(desk, clock):
    for phone in ("13906351111", "13906352222"):
        booking_create(
            person=person_citizen(name="李桂兰", phone=phone),
            resource=desk.reception,
            kind=K.WALK_IN,
            starts_at=at(1, 9 if phone.endswith("1111") else 10),
        )
    resource_update(
        actor=desk.tree.qingshui_head,
        resource=desk.reception,
        **{
            **VALUES,
            "name": "接待窗口",
            "kinds": [K.WALK_IN],
            "slot_minutes": 30,
            "capacity": 2,
            "min_notice_hours": 1,
            "advance_days": 14,
        },
    )
    slots = {
        s.starts_at: s
        for s in slots_for_day(
            office=desk.tree.qingshui, kind=K.WALK_IN, day=at(1, 0).date(), now=NOW
        )
    }
    assert slots[at(1, 9)].remaining == 1 and slots[at(1, 9)].capacity == 2
    assert slots[at(1, 9, 30)].remaining == 2
    assert at(1, 12) not in slots  # lunch
    # Weekends are not offered.
    days = open_days(office=desk.tree.qingshui, kind=K.WALK_IN, now=NOW)
    assert all(d.weekday() < 5 for d in days) and days[0] == NOW.date()
