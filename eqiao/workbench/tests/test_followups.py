"""Follow-up pages: a head sets up a campaign, previews it, runs it and watches the run;
pauses and resumes it; settles an unclear reply; records what was done about a
dissatisfied one. A sibling county sees none of it."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from eqiao.channels.services import inbound_dispatch
from eqiao.followups.models import Campaign, CampaignStatus, Evaluation, FollowUpTask
from eqiao.followups.tests.factories import make_campaign, make_closed_case

pytestmark = pytest.mark.django_db
RUN_AT = dt.datetime(2026, 11, 5, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(RUN_AT, tick=False):
        yield


def test_a_head_creates_previews_runs_and_watches_a_campaign(
    as_staff, office_tree, sms_outbox, django_capture_on_commit_callbacks
):
    t = office_tree
    make_closed_case(t.qingshui, parties=[("李四", "13800000001"), ("王五", "13800000002")])
    client = as_staff(t.guanxian_head)
    bad = client.post(
        reverse("workbench:followup_campaign_new"),
        {
            "name": "月度回访",
            "office": t.guanxian.pk,
            "source": "both",
            "period": "previous_month",
            "template": "followups.evaluate",
            "schedule": "每月5号",
        },
    )
    assert bad.status_code == 200 and "发送时间写法有误" in bad.content.decode()
    response = client.post(
        reverse("workbench:followup_campaign_new"),
        {
            "name": "月度回访",
            "office": t.guanxian.pk,
            "source": "both",
            "period": "previous_month",
            "template": "followups.evaluate",
            "schedule": "monthly 5 10:00",
        },
    )
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    preview = client.get(reverse("workbench:followup_campaign", args=[campaign.pk]) + "?preview=1")
    page = preview.content.decode()
    assert "2 人" in page and "138****0001" in page and "回复1满意" in page
    with django_capture_on_commit_callbacks(execute=True):
        ran = client.post(reverse("workbench:followup_campaign_act", args=[campaign.pk, "run"]))
    assert len(sms_outbox) == 2
    run_page = client.get(ran["Location"]).content.decode()
    assert "已发送 2 / 2" in run_page and "hx-get" not in run_page  # finished: no more polling
    client.post(reverse("workbench:followup_campaign_act", args=[campaign.pk, "pause"]))
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.PAUSED and campaign.next_run_at is None
    client.post(reverse("workbench:followup_campaign_act", args=[campaign.pk, "resume"]))
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.ACTIVE and campaign.next_run_at is not None

    as_staff(t.linqing_head)
    assert client.get(reverse("workbench:followup_campaign", args=[campaign.pk])).status_code == 404
    assert "月度回访" not in client.get(reverse("workbench:followups")).content.decode()


def test_unclear_replies_and_dissatisfied_tasks_are_settled_in_the_workbench(
    as_staff, office_tree, django_capture_on_commit_callbacks
):
    t = office_tree
    make_closed_case(t.guanxian, parties=[("李四", "13800000001"), ("王五", "13800000002")])
    campaign = make_campaign(t.guanxian)
    client = as_staff(t.guanxian_head)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("workbench:followup_campaign_act", args=[campaign.pk, "run"]))
    inbound_dispatch(
        channel="sms",
        provider="f",
        provider_message_id="a",
        sender="13800000001",
        text="你们什么时候再联系我",
    )
    inbound_dispatch(
        channel="sms",
        provider="f",
        provider_message_id="b",
        sender="13800000002",
        text="3 态度不好",
    )
    queue = client.get(reverse("workbench:followup_evaluations")).content.decode()
    assert "你们什么时候再联系我" in queue
    unclear = Evaluation.objects.get(level="unclear")
    client.post(
        reverse("workbench:followup_evaluation_settle", args=[unclear.pk]), {"level": "basic"}
    )
    unclear.refresh_from_db()
    assert unclear.level == "basic"
    assert (
        "你们什么时候再联系我"
        not in client.get(reverse("workbench:followup_evaluations")).content.decode()
    )

    task = FollowUpTask.objects.get()
    assert "态度不好" in client.get(reverse("workbench:followup_tasks")).content.decode()
    empty = client.post(reverse("workbench:followup_task", args=[task.pk]), {"outcome": ""})
    assert empty.status_code == 200
    client.post(reverse("workbench:followup_task", args=[task.pk]), {"outcome": "已上门回访"})
    task.refresh_from_db()
    assert task.status == "done" and task.outcome == "已上门回访"
