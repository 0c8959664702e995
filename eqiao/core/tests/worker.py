"""Run the database queue's work in a test, as `db_worker` does, one task at a time."""

from __future__ import annotations

from django.db import transaction
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult


def run_first_task() -> DBTaskResult:
    """What `db_worker` does once: claim the first ready task and run it."""
    with transaction.atomic():  # as `db_worker` claims: the row locked till the claim commits
        row = DBTaskResult.objects.ready().get_locked()
        assert row is not None
        row.claim("test-worker")
    Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    ).run_task(row)
    row.refresh_from_db()
    return row
