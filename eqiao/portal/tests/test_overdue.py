"""A late reply is owned up to: the status page no longer promises a date that has passed,
it says how many days late the reply is, that the office is being urged, and whom to call."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from eqiao.intake.models import Status
from eqiao.intake.tests.factories import PASSWORD, make_petition
from eqiao.offices.models import Procuratorate
from eqiao.portal.selectors import petition_citizen_clock

pytestmark = pytest.mark.django_db
ACCEPTED = dt.date(2026, 9, 1)  # a Tuesday; the procedural reply is due 7 working days later


def _at(day: dt.date):
    return time_machine.travel(
        timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0))), tick=False
    )


def _page(client, petition) -> str:
    client.post(
        reverse("portal:track"),
        {"tracking_number": petition.tracking_number, "password": PASSWORD},
    )
    url = reverse("portal:petition", kwargs={"number": petition.tracking_number})
    return client.get(url).content.decode()


@pytest.fixture
def late(office_tree):
    Procuratorate.objects.filter(pk=office_tree.qingshui.pk).update(phone="0635-5201234")
    Procuratorate.objects.filter(pk=office_tree.guanxian.pk).update(phone="0635-5202345")
    return make_petition(office_tree.qingshui, accepted_on=ACCEPTED)


def test_on_time_the_page_promises_the_dates(client, late):
    with _at(late.procedural_reply_due):
        page = _page(client, late)
    assert "前告诉您由谁办理" in page and "晚了" not in page


def test_a_late_procedural_reply_is_owned_up_to(client, late):
    with _at(late.procedural_reply_due + dt.timedelta(days=5)):
        page = _page(client, late)
    due = f"{late.procedural_reply_due.month}月{late.procedural_reply_due.day}日"
    assert f"本应在{late.procedural_reply_due.year}年{due}前告诉您由谁办理，已经晚了5天" in page
    assert "我们会在" not in page.split("办理记录")[0]  # no promise of a passed date
    status = page[page.index('class="status-words"') :]
    assert status[: status.index("</p>")].endswith('<span class="status-late">已超期5天</span>')
    assert "系统每天都在催冠县人民检察院驻清水检察室尽快答复您" in page
    assert "0635-5201234" in page
    assert "向上一级的冠县人民检察院反映，电话 0635-5202345" in page


def test_a_late_result_is_owned_up_to_after_the_procedural_reply(client, late):
    type(late).objects.filter(pk=late.pk).update(
        procedural_replied_at=timezone.make_aware(dt.datetime(2026, 9, 5, 9)),
        status=Status.REPLIED,
    )
    late.refresh_from_db()
    with _at(late.result_reply_due + dt.timedelta(days=12)):
        page = _page(client, late)
    assert "办理结果本应在" in page and "已经晚了12天" in page


def test_a_closed_petition_has_no_clock(office_tree):
    petition = make_petition(office_tree.qingshui, accepted_on=ACCEPTED, status=Status.CLOSED)
    clock = petition_citizen_clock(petition=petition, today=dt.date(2027, 6, 1))
    assert not clock.running and not clock.overdue


def test_the_city_office_has_no_office_above_to_name(office_tree):
    petition = make_petition(office_tree.city, accepted_on=ACCEPTED)
    clock = petition_citizen_clock(petition=petition, today=dt.date(2026, 10, 1))
    assert clock.late == "procedural" and clock.late_days > 0 and clock.upper is None
