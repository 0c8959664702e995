"""The monitoring desk's pages: an analyst sees the dashboard, the posts and events of
their subtree, runs an event to closure from its page, and acknowledges an alert."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from eqiao.offices.models import Role
from eqiao.offices.tests.factories import make_staff
from eqiao.opinion.models import EventStatus, OpinionAlert, OpinionEvent, OpinionPost
from eqiao.opinion.services.alerts import default_rules_create
from eqiao.opinion.services.ingest import PostInput, posts_ingest, source_get_or_create
from eqiao.opinion.services.process import analyzer_reset, posts_process
from eqiao.workbench.tests.conftest import login_as

NOW = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)
ACCUSATION = "冠县检察院的张立新收了对方的钱，把我哥的案子压下来了，求扩散！"

pytestmark = pytest.mark.django_db


@pytest.fixture
def monitored(office_tree):
    analyzer_reset()
    default_rules_create()
    source = source_get_or_create(code="feed", kind="import", name="聊城论坛")
    texts = [
        ACCUSATION,
        "太黑了//@甲: " + ACCUSATION,
        "临清检察院开展检察开放日活动",
        "《人民的名义》真好看",
    ]
    with time_machine.travel(NOW, tick=False):
        posts_ingest(
            source=source,
            posts=[
                PostInput(source_post_id=str(i), text=t, posted_at=NOW) for i, t in enumerate(texts)
            ],
        )
        posts_process()
    yield office_tree
    analyzer_reset()


def test_the_dashboard_lists_events_and_embeds_chart_data(client, monitored):
    analyst = make_staff(monitored.city, Role.OPINION_ANALYST, "analyst")
    login_as(client, analyst)
    with time_machine.travel(NOW + dt.timedelta(hours=1), tick=False):
        page = client.get("/staff/opinion/").content.decode()
    assert "opinion-chart" in page and "vendor/echarts" in page
    assert "冠县检察院的张立新" in page
    posts = client.get("/staff/opinion/posts/").content.decode()
    assert "临清检察院开展检察开放日活动" in posts and "人民的名义" not in posts


def test_an_analyst_runs_an_event_to_closure_from_its_page(client, monitored):
    analyst = make_staff(monitored.city, [Role.OPINION_ANALYST, Role.EDITOR], "analyst")
    login_as(client, analyst)
    event = OpinionPost.objects.get(source_post_id="0").event
    url = f"/staff/opinion/events/{event.pk}/"
    assert client.post(url + "assess/", {"risk_level": "high", "risk_note": ""}).status_code == 400
    assert (
        client.post(url + "assess/", {"risk_level": "high", "risk_note": "具名指控"}).status_code
        == 302
    )
    response = client.post(
        url + "handle/", {"office": monitored.guanxian.pk, "note": "核查", "petition": "X-404"}
    )
    assert (
        response.status_code == 400
        and "找不到受理编号为 X-404 的信访件" in response.content.decode()
    )
    assert (
        client.post(url + "handle/", {"office": monitored.guanxian.pk, "note": "核查"}).status_code
        == 302
    )
    assert (
        client.post(url + "guide/", {"title": "情况说明", "body": "经核查不实"}).status_code == 302
    )
    assert client.post(url + "close/", {"summary": "已澄清"}).status_code == 302
    event.refresh_from_db()
    assert event.status == EventStatus.CLOSED and event.article is not None
    assert "已澄清" in client.get(url).content.decode()


def test_an_alert_is_acknowledged_from_the_list(client, monitored):
    analyst = make_staff(monitored.city, Role.OPINION_ANALYST, "analyst")
    login_as(client, analyst)
    alert = OpinionAlert.objects.filter(rule__trigger="major_post").get()
    assert alert.title in client.get("/staff/opinion/alerts/?open=1").content.decode()
    client.post(f"/staff/opinion/alerts/{alert.pk}/acknowledge/")
    alert.refresh_from_db()
    assert alert.acknowledged_at is not None


def test_staff_without_the_capability_are_refused_and_others_see_only_their_subtree(
    client, monitored
):
    login_as(client, monitored.city_receptionist)
    response = client.get("/staff/opinion/")
    assert response.status_code == 403 and "研判舆情" in response.content.decode()
    linqing_analyst = make_staff(monitored.linqing, Role.OPINION_ANALYST, "lq_analyst")
    login_as(client, linqing_analyst)
    guanxian_event = OpinionEvent.objects.get(office=monitored.guanxian)
    assert client.get(f"/staff/opinion/events/{guanxian_event.pk}/").status_code == 404
