"""Background work of follow-ups: queue a run's messages; start due campaigns and resume
runs whose worker died (scheduled)."""

from __future__ import annotations

from django_tasks import task

from eqiao.followups.services.campaigns import campaigns_run_due
from eqiao.followups.services.runs import run_advance, runs_resume_stale


@task()
def campaign_run_task(run_id: int) -> int:
    """Queue the run's follow-ups (safe to run twice: it goes on after the last chunk)."""
    return run_advance(run_id=run_id).queued


@task()
def campaigns_due_task() -> int:
    """Start the campaigns whose time has come and resume stalled runs; scheduled."""
    return len(campaigns_run_due()) + len(runs_resume_stale())
