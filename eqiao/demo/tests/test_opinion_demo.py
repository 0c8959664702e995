"""The monitoring part of the demo on the test office tree: a week of posts from the feed,
the vendor's export and Weibo; events and alerts; one event closed with its article."""

from __future__ import annotations

import datetime as dt

import pytest

from eqiao.offices.models import Role
from eqiao.offices.tests.factories import make_staff
from eqiao.opinion.models import EventStatus, OpinionAlert, OpinionEvent, OpinionPost

NOW = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)
pytestmark = pytest.mark.django_db


def test_the_demo_week_has_sources_events_alerts_and_a_closed_event(office_tree):
    from eqiao.demo.opinion import opinion_demo_create

    make_staff(office_tree.city, Role.OPINION_ANALYST, "city_analyst")
    make_staff(office_tree.city, Role.EDITOR, "city_editor")
    make_staff(office_tree.guanxian, Role.OFFICE_HEAD, "guanxian_head")
    count = opinion_demo_create(now=NOW)
    assert count == OpinionPost.objects.count() > 90
    assert set(OpinionPost.objects.values_list("source__code", flat=True)) == {
        "liaocheng-news",
        "vendor-export",
        "weibo",
    }
    assert OpinionPost.objects.filter(analysed_at__isnull=True).count() == 0
    assert OpinionPost.objects.filter(relevant=True).count() > 20
    assert OpinionPost.objects.filter(relevant=False).count() > 20
    assert OpinionAlert.objects.filter(colour="orange").exists()
    closed = OpinionEvent.objects.get(status=EventStatus.CLOSED)
    assert closed.office == office_tree.guanxian and closed.article is not None
    assert closed.reach >= 20
    assert min(OpinionPost.objects.values_list("posted_at", flat=True)) >= NOW - dt.timedelta(
        days=7
    )
