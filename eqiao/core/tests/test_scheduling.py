"""Scheduled jobs as data: schedules parse, next runs fall where a person expects, due jobs
are enqueued exactly once even with two schedulers, and the seeded jobs exist."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from eqiao.core.models import ScheduledJob
from eqiao.core.scheduling import (
    ScheduleError,
    next_run_after,
    schedule_parse,
    scheduled_job_register,
    scheduled_jobs_ensure,
    scheduled_jobs_registered,
    scheduled_jobs_run_due,
    task_resolve,
)
from eqiao.core.tests import scheduling_probe

SH = ZoneInfo("Asia/Shanghai")
PROBE = "eqiao.core.tests.scheduling_probe.probe_task"


def at(
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0
) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=SH)


@pytest.fixture(autouse=True)
def _probe_calls():
    scheduling_probe.calls.clear()
    yield scheduling_probe.calls


@pytest.mark.parametrize(
    ("schedule", "after", "expected"),
    [
        ("daily 08:00", at(2025, 3, 3, 7, 59), at(2025, 3, 3, 8, 0)),
        ("daily 08:00", at(2025, 3, 3, 8, 0), at(2025, 3, 4, 8, 0)),
        ("Daily  8:00", at(2025, 12, 31, 9, 0), at(2026, 1, 1, 8, 0)),
        ("every 2 minutes", at(2025, 3, 3, 8, 0, 30), at(2025, 3, 3, 8, 2, 30)),
        ("every 1 hours", at(2025, 3, 3, 23, 30), at(2025, 3, 4, 0, 30)),
        ("weekly mon 09:00", at(2025, 3, 3, 9, 0), at(2025, 3, 10, 9, 0)),
        ("weekly fri 17:30", at(2025, 3, 3, 9, 0), at(2025, 3, 7, 17, 30)),
        ("monthly 1 09:00", at(2025, 1, 15, 0, 0), at(2025, 2, 1, 9, 0)),
    ],
)
def test_next_run_after(schedule, after, expected):
    assert next_run_after(schedule, after) == expected


def test_next_run_is_computed_in_local_time_from_a_utc_instant():
    utc_midnight = dt.datetime(2025, 3, 3, 0, 0, tzinfo=dt.UTC)  # 08:00 in Shanghai
    assert next_run_after("daily 08:00", utc_midnight) == at(2025, 3, 4, 8, 0)


@pytest.mark.parametrize(
    "bad", ["", "hourly", "daily 25:00", "every 0 minutes", "monthly 31 09:00", "weekly xyz 9:00"]
)
def test_bad_schedules_are_rejected(bad):
    with pytest.raises(ScheduleError):
        schedule_parse(bad)


def test_task_resolve_accepts_only_tasks():
    assert task_resolve(PROBE).name == "probe_task"
    with pytest.raises(TypeError):
        task_resolve("eqiao.core.scheduling.next_run_after")
    with pytest.raises(ImportError):
        task_resolve("eqiao.nowhere.task")


@pytest.fixture
def no_seeded_jobs(db):
    """The migration seeds real jobs; these tests look at their own probe job alone."""
    ScheduledJob.objects.all().delete()


def _job(**fields) -> ScheduledJob:
    defaults = {"name": "probe", "task_path": PROBE, "schedule": "every 5 minutes"}
    return ScheduledJob.objects.create(**{**defaults, **fields})


@pytest.mark.usefixtures("no_seeded_jobs")
def test_a_due_job_is_enqueued_and_its_next_run_computed(_probe_calls):
    now = timezone.now()
    job = _job(next_run_at=now - dt.timedelta(seconds=1), kwargs={"label": "x"})
    assert scheduled_jobs_run_due(now=now) == ["probe"]
    job.refresh_from_db()
    assert _probe_calls == ["x"]
    assert job.last_run_at == now
    assert job.next_run_at == now + dt.timedelta(minutes=5)
    assert job.last_error == ""
    # Not due again until then.
    assert scheduled_jobs_run_due(now=now + dt.timedelta(minutes=4)) == []
    assert _probe_calls == ["x"]


@pytest.mark.usefixtures("no_seeded_jobs")
def test_a_new_job_is_scheduled_not_run_at_once(_probe_calls):
    now = at(2025, 3, 3, 7, 0)
    job = _job(schedule="daily 08:00")
    assert scheduled_jobs_run_due(now=now) == []
    job.refresh_from_db()
    assert job.next_run_at == at(2025, 3, 3, 8, 0)
    assert scheduled_jobs_run_due(now=at(2025, 3, 3, 8, 0, 5)) == ["probe"]
    assert _probe_calls == ["default"]


@pytest.mark.usefixtures("no_seeded_jobs")
def test_disabled_jobs_do_not_run(_probe_calls):
    now = timezone.now()
    _job(enabled=False, next_run_at=now - dt.timedelta(minutes=1))
    assert scheduled_jobs_run_due(now=now) == []
    assert _probe_calls == []


@pytest.mark.usefixtures("no_seeded_jobs")
def test_missed_runs_collapse_into_one(_probe_calls):
    now = timezone.now()
    _job(next_run_at=now - dt.timedelta(days=3))
    assert scheduled_jobs_run_due(now=now) == ["probe"]
    assert len(_probe_calls) == 1


@pytest.mark.usefixtures("no_seeded_jobs")
def test_two_schedulers_never_run_the_same_job_twice(_probe_calls):
    """The second scheduler read the job before the first claimed it: its conditional
    UPDATE finds next_run_at changed and does nothing."""
    from eqiao.core.scheduling import _run

    now = timezone.now()
    job = _job(next_run_at=now - dt.timedelta(seconds=1))
    stale_copy = ScheduledJob.objects.get(pk=job.pk)
    assert _run(job, now) is True
    assert _run(stale_copy, now) is False
    assert len(_probe_calls) == 1


@pytest.mark.usefixtures("no_seeded_jobs")
def test_an_unknown_task_is_recorded_not_fatal(_probe_calls):
    now = timezone.now()
    broken = _job(name="broken", task_path="eqiao.nowhere.task", next_run_at=now)
    _job(next_run_at=now)
    assert sorted(scheduled_jobs_run_due(now=now)) == ["broken", "probe"]
    broken.refresh_from_db()
    assert "nowhere" in broken.last_error
    assert broken.next_run_at == now + dt.timedelta(minutes=5)
    assert _probe_calls == ["default"]


@pytest.mark.usefixtures("no_seeded_jobs")
def test_a_broken_schedule_parks_the_job():
    now = timezone.now()
    job = _job(schedule="sometimes", next_run_at=now)
    assert scheduled_jobs_run_due(now=now) == []
    job.refresh_from_db()
    assert job.next_run_at is None
    assert "sometimes" in job.last_error


@pytest.mark.django_db
def test_the_apps_register_their_jobs_and_migrate_creates_them():
    """Core names no task: intake and channels register theirs from AppConfig.ready(), and
    the rows exist after migrate with the registered schedules."""
    registered = {spec.name: spec for spec in scheduled_jobs_registered()}
    assert registered["intake.daily_digest"].task_path == "eqiao.intake.tasks.daily_digest_task"
    assert registered["channels.sms_retry"].schedule == "every 2 minutes"
    seeded = dict(ScheduledJob.objects.values_list("name", "schedule"))
    assert seeded["intake.daily_digest"] == "daily 08:00"
    assert seeded["channels.sms_retry"] == "every 2 minutes"
    for spec in registered.values():
        task_resolve(spec.task_path)
        schedule_parse(spec.schedule)


def test_core_code_names_no_task_of_another_app():
    from pathlib import Path

    core = Path(__file__).resolve().parent.parent
    sources = [
        core / "scheduling.py",
        core / "apps.py",
        core / "migrations/0003_seed_scheduled_jobs.py",
    ]
    sources += core.glob("management/commands/*.py")
    for path in sources:
        text = path.read_text(encoding="utf-8")
        assert "eqiao.intake" not in text and "eqiao.channels" not in text, path


@pytest.mark.django_db
def test_ensure_recreates_missing_jobs_and_keeps_an_administrators_edits():
    ScheduledJob.objects.filter(name="channels.sms_retry").delete()
    ScheduledJob.objects.filter(name="intake.daily_digest").update(
        schedule="daily 07:30", enabled=False
    )
    scheduled_jobs_ensure()
    assert ScheduledJob.objects.get(name="channels.sms_retry").next_run_at is not None
    digest = ScheduledJob.objects.get(name="intake.daily_digest")
    assert (digest.schedule, digest.enabled) == ("daily 07:30", False)


@pytest.mark.usefixtures("no_seeded_jobs")
def test_a_job_registered_by_an_app_is_created_by_the_scheduler(_probe_calls):
    from eqiao.core import scheduling

    spec = scheduled_job_register(
        name="probe.registered", task=scheduling_probe.probe_task, schedule="every 5 minutes"
    )
    try:
        assert spec.task_path == PROBE
        call_command("run_scheduler", "--once")
        job = ScheduledJob.objects.get(name="probe.registered")
        assert (job.task_path, job.schedule) == (PROBE, "every 5 minutes")
        assert _probe_calls == []  # created with its next run, not run at once
    finally:
        scheduling._registry.pop("probe.registered")


def test_a_registered_schedule_with_a_typo_fails_at_once():
    with pytest.raises(ScheduleError):
        scheduled_job_register(name="probe.typo", task=PROBE, schedule="dialy 08:00")


@pytest.mark.usefixtures("no_seeded_jobs")
def test_run_scheduler_once_enqueues_due_jobs(_probe_calls, capsys):
    _job(next_run_at=timezone.now() - dt.timedelta(seconds=1))
    call_command("run_scheduler", "--once")
    assert _probe_calls == ["default"]
    assert "probe" in capsys.readouterr().out


@pytest.mark.django_db
def test_the_admin_form_checks_schedule_and_task_and_reschedules():
    from eqiao.core.admin import ScheduledJobForm

    bad = ScheduledJobForm(
        data={
            "name": "x",
            "task_path": "eqiao.nowhere.task",
            "schedule": "sometimes",
            "kwargs": "{}",
            "enabled": True,
        }
    )
    assert not bad.is_valid()
    assert set(bad.errors) == {"task_path", "schedule"}
    good = ScheduledJobForm(
        data={
            "name": "x",
            "task_path": PROBE,
            "schedule": "daily  07:30",
            "kwargs": "{}",
            "enabled": True,
        }
    )
    assert good.is_valid(), good.errors
    job = good.save()
    assert job.schedule == "daily 07:30"
    assert job.next_run_at is not None and job.next_run_at > timezone.now()
