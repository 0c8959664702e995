"""Background jobs of the monitoring desk. They are safe to run twice."""

from __future__ import annotations

from django_tasks import task

from eqiao.opinion.services.alerts import alerts_escalate
from eqiao.opinion.services.feeds import sources_poll_due
from eqiao.opinion.services.process import posts_process

MAX_BATCHES = 40


@task()
def opinion_process_task() -> int:
    """Analyse pending posts in batches until none is left (at most MAX_BATCHES)."""
    total = 0
    for _ in range(MAX_BATCHES):
        done = posts_process()
        total += done
        if not done:
            break
    return total


@task()
def opinion_poll_task() -> int:
    """Every minute: poll the feeds that are due."""
    return sources_poll_due()


@task()
def opinion_escalate_task() -> int:
    """Every minute: escalate the alerts nobody acknowledged in time."""
    return alerts_escalate()
