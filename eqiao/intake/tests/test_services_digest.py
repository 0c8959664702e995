"""The daily clock digest: each office head hears about the overdue and due-soon petitions
of their subtree, once a working day, in the app and by SMS."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from eqiao.core.models import Notification, ScheduledJob
from eqiao.core.scheduling import scheduled_jobs_run_due
from eqiao.intake.services.digest import digest_send, digest_summary
from eqiao.intake.tasks import daily_digest_task
from eqiao.intake.tests.factories import make_petition

SH = ZoneInfo("Asia/Shanghai")
WEDNESDAY = dt.date(2025, 3, 12)
SATURDAY = dt.date(2025, 3, 15)


@pytest.fixture
def due_tree(office_tree):
    """At 清水: one overdue, one due soon, one fresh. At 临东 (the sibling county): one overdue."""
    t = office_tree
    return {
        "overdue": make_petition(t.qingshui, accepted_on=WEDNESDAY - dt.timedelta(days=20)),
        "soon": make_petition(t.qingshui, accepted_on=WEDNESDAY - dt.timedelta(days=8)),
        "fresh": make_petition(t.qingshui, accepted_on=WEDNESDAY),
        "sibling": make_petition(t.lindong, accepted_on=WEDNESDAY - dt.timedelta(days=20)),
    }


def test_summary_counts_the_subtree_most_urgent_first(office_tree, due_tree):
    summary = digest_summary(office=office_tree.guanxian, today=WEDNESDAY)
    assert (summary.overdue, summary.due_soon) == (1, 1)
    assert summary.urgent_numbers == [
        due_tree["overdue"].tracking_number,
        due_tree["soon"].tracking_number,
    ]
    city = digest_summary(office=office_tree.city, today=WEDNESDAY)
    assert city.overdue == 2


def test_digest_reaches_the_head_in_the_app_and_by_sms_once(
    office_tree, due_tree, sms_outbox, django_capture_on_commit_callbacks
):
    t = office_tree
    with django_capture_on_commit_callbacks(execute=True):
        assert digest_send(office=t.qingshui, today=WEDNESDAY) == 1
    note = Notification.objects.get(recipient=t.qingshui_head.user)
    assert "超期1件" in note.text and "即将到期1件" in note.text
    assert due_tree["overdue"].tracking_number in note.text
    assert due_tree["sibling"].tracking_number not in note.text
    assert [s.phone for s in sms_outbox] == [t.qingshui_head.mobile]
    assert due_tree["overdue"].tracking_number in sms_outbox[0].text
    # Running again the same day tells nobody again.
    with django_capture_on_commit_callbacks(execute=True):
        assert digest_send(office=t.qingshui, today=WEDNESDAY) == 0
    assert len(sms_outbox) == 1
    assert Notification.objects.filter(recipient=t.qingshui_head.user).count() == 1


def test_nothing_due_means_no_digest(office_tree):
    make_petition(office_tree.ganguantun, accepted_on=WEDNESDAY)
    assert digest_send(office=office_tree.ganguantun, today=WEDNESDAY) == 0
    assert not Notification.objects.exists()


def test_the_daily_task_runs_on_working_days_and_is_safe_twice(office_tree, due_tree):
    t = office_tree
    assert daily_digest_task.call(day=SATURDAY.isoformat()) == 0
    told = daily_digest_task.call(day=WEDNESDAY.isoformat())
    # Heads of 清水, 冠县, the city (清水's overdue) and 临东, 临清 (the sibling's overdue).
    assert told == 5
    assert daily_digest_task.call(day=WEDNESDAY.isoformat()) == 0
    assert Notification.objects.filter(recipient=t.lindong_head.user).count() == 1


def test_the_seeded_schedule_runs_the_digest(office_tree, due_tree):
    """The 08:00 job gets its first run time, and once due enqueues the digest task (run at
    once in tests). The day is pinned through the job's kwargs."""
    ScheduledJob.objects.exclude(name="intake.daily_digest").update(enabled=False)
    ScheduledJob.objects.filter(name="intake.daily_digest").update(
        kwargs={"day": WEDNESDAY.isoformat()}
    )
    assert scheduled_jobs_run_due() == []
    job = ScheduledJob.objects.get(name="intake.daily_digest")
    assert job.next_run_at.astimezone(SH).time() == dt.time(8, 0)
    assert scheduled_jobs_run_due(now=job.next_run_at) == ["intake.daily_digest"]
    assert Notification.objects.filter(recipient=office_tree.qingshui_head.user).exists()
