"""Background jobs of the appointments app, run by the scheduler. They take ISO times and
are safe to run twice."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from eqiao.appointments.services.handling import bookings_mark_no_show, bookings_remind


def _moment(now: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(now) if now else None


@task()
def reminders_task(now: str | None = None) -> int:
    """The day-before SMS reminders not yet sent (each booking once)."""
    return bookings_remind(now=_moment(now))


@task()
def no_shows_task(now: str | None = None) -> int:
    """Record as no-shows the confirmed bookings whose slot ended without a check-in."""
    return bookings_mark_no_show(now=_moment(now))
