"""Scheduled jobs as data: parsing a job's schedule, computing its next run, and enqueueing
the django-tasks task of every job that is due (`run_scheduler` calls this in a loop).

Schedules, in local time (Asia/Shanghai):
    daily HH:MM            every day at that time
    every N minutes        N minutes after the previous run (also `every N hours`)
    weekly DAY HH:MM       DAY one of mon tue wed thu fri sat sun
    monthly D HH:MM        day D (1–28) of every month
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import Task

from eqiao.core.models import ScheduledJob

log = logging.getLogger(__name__)

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class JobSpec:
    """A job an app runs on every installation, with its default schedule."""

    name: str
    task_path: str
    schedule: str
    kwargs: dict = field(default_factory=dict)


# Filled by the apps that own the tasks, from their AppConfig.ready() (core names none).
_registry: dict[str, JobSpec] = {}


_PATTERNS = {
    "daily": re.compile(r"^daily (\d{1,2}):(\d{2})$"),
    "every": re.compile(r"^every (\d+) (minute|minutes|hour|hours)$"),
    "weekly": re.compile(r"^weekly (mon|tue|wed|thu|fri|sat|sun) (\d{1,2}):(\d{2})$"),
    "monthly": re.compile(r"^monthly (\d{1,2}) (\d{1,2}):(\d{2})$"),
}


class ScheduleError(ValueError):
    """The schedule text cannot be understood."""


@dataclass(frozen=True)
class Schedule:
    kind: str  # daily, every, weekly, monthly
    interval: dt.timedelta | None = None
    at: dt.time | None = None
    weekday: int | None = None
    day: int | None = None


def _time(hour: str, minute: str) -> dt.time:
    h, m = int(hour), int(minute)
    if h > 23 or m > 59:
        raise ScheduleError(f"no such time of day: {hour}:{minute}")
    return dt.time(h, m)


def schedule_parse(text: str) -> Schedule:
    """Parse a schedule (see the module docstring); raises ScheduleError."""
    norm = " ".join((text or "").lower().split())
    for kind, pattern in _PATTERNS.items():
        match = pattern.match(norm)
        if not match:
            continue
        groups = match.groups()
        if kind == "daily":
            return Schedule(kind, at=_time(*groups))
        if kind == "every":
            count = int(groups[0])
            if count < 1:
                raise ScheduleError("the interval must be at least 1")
            unit = "minutes" if groups[1].startswith("minute") else "hours"
            return Schedule(kind, interval=dt.timedelta(**{unit: count}))
        if kind == "weekly":
            return Schedule(kind, weekday=WEEKDAYS.index(groups[0]), at=_time(*groups[1:]))
        day = int(groups[0])
        if not 1 <= day <= 28:
            raise ScheduleError("the day of the month must be 1–28 (every month has it)")
        return Schedule(kind, day=day, at=_time(*groups[1:]))
    raise ScheduleError(f"unknown schedule: {text!r}")


def next_run_after(schedule: str | Schedule, after: dt.datetime) -> dt.datetime:
    """The first run strictly after `after` (an aware datetime), as an aware datetime."""
    parsed = schedule_parse(schedule) if isinstance(schedule, str) else schedule
    if parsed.kind == "every":
        assert parsed.interval is not None
        return after + parsed.interval
    local = timezone.localtime(after)
    tz = local.tzinfo
    assert parsed.at is not None
    day = local.date()
    for _offset in range(0, 62):
        if _matches(parsed, day):
            candidate = dt.datetime.combine(day, parsed.at, tzinfo=tz)
            if candidate > local:
                return candidate
        day += dt.timedelta(days=1)
    raise ScheduleError("no run within two months")  # unreachable for valid schedules


def _matches(parsed: Schedule, day: dt.date) -> bool:
    if parsed.kind == "weekly":
        return day.weekday() == parsed.weekday
    if parsed.kind == "monthly":
        return day.day == parsed.day
    return True


def task_resolve(task_path: str) -> Task:
    """The django-tasks Task at `task_path`; ImportError or TypeError if it is not one."""
    obj = import_string(task_path)
    if not isinstance(obj, Task):
        raise TypeError(f"{task_path} is not a django-tasks task (decorate it with @task())")
    return obj


_task_labels: dict[str, Any] = {}


def task_labels_register(labels: dict[Task | str, Any]) -> None:
    """Name background tasks for the admin's task tables (call from the owning app's
    AppConfig.ready()): the stored module path means nothing to an administrator."""
    for task, label in labels.items():
        _task_labels[task if isinstance(task, str) else task.module_path] = label


def task_label(task_path: str) -> str:
    """The registered name of the task at `task_path`, or the path when it has none."""
    label = _task_labels.get(task_path)
    return task_path if label is None else str(label)


def scheduled_job_register(
    *, name: str, task: Task | str, schedule: str, kwargs: dict | None = None
) -> JobSpec:
    """Declare a job every installation runs (call from the owning app's AppConfig.ready()).
    `scheduled_jobs_ensure` creates its row with this default schedule if it is missing;
    an administrator's later changes to the row are never overwritten. Registering the same
    name again replaces the declaration."""
    schedule_parse(schedule)  # a typo fails at start-up, not at the first run
    task_path = task if isinstance(task, str) else task.module_path
    spec = JobSpec(name=name, task_path=task_path, schedule=schedule, kwargs=dict(kwargs or {}))
    _registry[name] = spec
    return spec


def scheduled_jobs_registered() -> list[JobSpec]:
    return sorted(_registry.values(), key=lambda spec: spec.name)


def scheduled_jobs_ensure(*, now: dt.datetime | None = None) -> list[ScheduledJob]:
    """Create the registered jobs that are missing (by name); existing rows, with whatever
    an administrator changed, are left alone. Called by `run_scheduler` and after migrate."""
    jobs = []
    now = now or timezone.now()
    for spec in scheduled_jobs_registered():
        job, _created = ScheduledJob.objects.get_or_create(
            name=spec.name,
            defaults={
                "task_path": spec.task_path,
                "schedule": spec.schedule,
                "kwargs": spec.kwargs,
                "next_run_at": next_run_after(spec.schedule, now),
            },
        )
        jobs.append(job)
    return jobs


def _claim(job: ScheduledJob, *, now: dt.datetime, next_run_at: dt.datetime | None) -> bool:
    """Move the job's next run forward if nobody else did since we read it. The UPDATE is
    atomic on SQLite and PostgreSQL alike: of two schedulers, exactly one sees 1 row."""
    claimed = ScheduledJob.objects.filter(pk=job.pk, next_run_at=job.next_run_at).update(
        next_run_at=next_run_at, last_run_at=now
    )
    return claimed == 1


def _schedule_unset(job: ScheduledJob, now: dt.datetime) -> None:
    """A job without a next run (just created, or re-enabled) gets one; it does not run now."""
    try:
        nxt = next_run_after(job.schedule, now)
    except ScheduleError as exc:
        ScheduledJob.objects.filter(pk=job.pk).update(last_error=str(exc)[:500])
        return
    ScheduledJob.objects.filter(pk=job.pk, next_run_at__isnull=True).update(next_run_at=nxt)


def _run(job: ScheduledJob, now: dt.datetime) -> bool:
    try:
        nxt = next_run_after(job.schedule, now)
    except ScheduleError as exc:
        # Park the job: a broken schedule must not spin the loop on every tick.
        ScheduledJob.objects.filter(pk=job.pk).update(next_run_at=None, last_error=str(exc)[:500])
        log.error("scheduled job %s: %s", job.name, exc)
        return False
    with transaction.atomic():
        if not _claim(job, now=now, next_run_at=nxt):
            return False
        try:
            # Enqueued in the claiming transaction: with the database task backend the
            # claim and the queued task commit together, or neither does.
            with transaction.atomic():
                task_resolve(job.task_path).enqueue(**(job.kwargs or {}))
        except Exception as exc:  # noqa: BLE001 — any failure is recorded on the job
            log.exception("scheduled job %s could not be enqueued", job.name)
            ScheduledJob.objects.filter(pk=job.pk).update(last_error=f"{exc!r}"[:500])
            return True
        ScheduledJob.objects.filter(pk=job.pk).update(last_error="")
    log.info("scheduled job %s enqueued; next run %s", job.name, nxt.isoformat())
    return True


def scheduled_jobs_run_due(*, now: dt.datetime | None = None) -> list[str]:
    """Enqueue every enabled job whose next run has come, and schedule the ones without a
    next run. Returns the names of the jobs this call enqueued. Runs missed while no
    scheduler was running collapse into one."""
    now = now or timezone.now()
    for job in ScheduledJob.objects.filter(enabled=True, next_run_at__isnull=True):
        _schedule_unset(job, now)
    ran = []
    for job in ScheduledJob.objects.filter(enabled=True, next_run_at__lte=now).order_by(
        "next_run_at", "pk"
    ):
        if _run(job, now):
            ran.append(job.name)
    return ran
