"""Background jobs of the intake app. They take ids and dates, and are safe to run twice."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from eqiao.core.workdays import is_working_day
from eqiao.intake.services.acceptance import (
    petition_accepted_process,
    petitions_accepted_process,
)
from eqiao.intake.services.digest import digest_send
from eqiao.offices.models import Procuratorate, Role


@task()
def daily_digest_task(day: str | None = None) -> int:
    """Send every office head the clock digest for `day` (ISO date; default today). Runs on
    working days only: nobody needs an SMS about office deadlines on a Sunday. Returns how
    many heads were told; a second run the same day tells nobody."""
    today = dt.date.fromisoformat(day) if day else timezone.localdate()
    if not is_working_day(today):
        return 0
    offices = Procuratorate.objects.filter(
        staff__roles__role=Role.OFFICE_HEAD, staff__is_active=True
    ).distinct()
    return sum(digest_send(office=office, today=today) for office in offices)


# Acceptance tasks one claim takes along (see `petition_accepted_task`): enough to spread
# a claim's cost thin, few enough that the batch's transaction is short.
ACCEPTANCE_BATCH = 25


@task()
def petition_accepted_task(petition_id: int, receipt_id: int | None = None) -> str:
    """The acceptance's second half (`acceptance.petitions_accepted_process`): the text
    engine's reading, the alert for a high-risk petition, the receipt's delivery. Queued in
    the petition's own transaction. The worker claimed this task; it takes along up to
    ACCEPTANCE_BATCH - 1 other acceptance tasks waiting in the queue (their rows locked and
    marked done in the batch's transaction, so a crash leaves them waiting)."""
    backend = petition_accepted_task.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return petition_accepted_process(petition_id=petition_id, receipt_id=receipt_id)
    waiting = dict(_waiting(backend.alias, exclude=petition_id))
    items = [(petition_id, receipt_id), *((args[0], args[1]) for args in waiting.values())]
    taken: list = []

    def claim() -> set[int]:
        # Still waiting, and not claimed by another worker meanwhile: locked till commit.
        rows = DBTaskResult.objects.select_for_update(skip_locked=True).filter(
            pk__in=list(waiting), status=TaskResultStatus.READY
        )
        taken.extend(rows.values_list("pk", flat=True))
        return {petition_id} | {waiting[pk][0] for pk in taken}

    def finish(levels: dict[int, str]) -> None:
        now = timezone.now()
        for level in set(levels.values()):
            done = [pk for pk in taken if levels.get(waiting[pk][0]) == level]
            DBTaskResult.objects.filter(pk__in=done).update(
                status=TaskResultStatus.SUCCESSFUL,
                started_at=now,
                finished_at=now,
                return_value=level,
            )

    levels = petitions_accepted_process(items, claim=claim, finish=finish)
    return levels[petition_id]


def _waiting(alias: str, *, exclude: int) -> list[tuple[UUID, list]]:
    """Up to ACCEPTANCE_BATCH - 1 acceptance tasks ready to run, oldest first, but the
    petition `exclude`'s: (row id, [petition id, receipt id])."""
    rows = (
        DBTaskResult.objects.ready()
        .filter(backend_name=alias, task_path=petition_accepted_task.module_path)
        .values_list("pk", "args_kwargs")[: ACCEPTANCE_BATCH - 1]
    )
    found = []
    for pk, args_kwargs in rows:
        args = list(args_kwargs.get("args") or []) + [None, None]
        if isinstance(args[0], int) and args[0] != exclude and not args_kwargs.get("kwargs"):
            found.append((pk, args[:2]))
    return found
