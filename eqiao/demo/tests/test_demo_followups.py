"""The demo's month of follow-ups: 389 people written to on 5 November about what closed in
October, 120 replies read into evaluations (mostly satisfied), dissatisfied ones with tasks
for the heads, and the campaign due again on 5 December at 10:00."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from eqiao.demo.loader import DEMO_TODAY
from eqiao.followups.models import Campaign, Evaluation, FollowUp, FollowUpTask


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


def test_a_month_of_follow_ups_in_the_reports_proportions(loaded):
    assert FollowUp.objects.count() == 389
    assert FollowUp.objects.filter(replied_at__isnull=False).count() == 120
    assert FollowUp.objects.filter(records__isnull=False).distinct().count() == 389
    assert FollowUp.objects.filter(records__case__number__startswith="聊检回访附").exists()
    levels = Counter(
        Evaluation.objects.filter(detail__followup__isnull=False).values_list("level", flat=True)
    )
    assert levels["satisfied"] + levels["very_satisfied"] > levels["basic"] > levels["dissatisfied"]
    assert levels["dissatisfied"] >= 5 and levels["unclear"] >= 3
    tasks = FollowUpTask.objects.all()
    assert tasks.count() == levels["dissatisfied"]
    assert tasks.filter(status="done").count() == 2
    campaign = Campaign.objects.get()
    assert (campaign.schedule, timezone.localtime(campaign.next_run_at)) == (
        "monthly 5 10:00",
        timezone.make_aware(dt.datetime(2026, 12, 5, 10, 0)),
    )
