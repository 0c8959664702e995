"""Background jobs of the intake app. They take ids and dates, and are safe to run twice."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone
from django_tasks import task
from django_tasks_db import DatabaseBackend

from eqiao.channels.models import OutboundMessage
from eqiao.core.workdays import is_working_day
from eqiao.intake.models import Petition
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


# Petitions one transaction of `petition_accepted_task` takes: enough to spread its cost
# thin, few enough that the transaction is short.
ACCEPTANCE_BATCH = 25
# A petition still waiting this long for its reading has lost its task (a task that failed):
# `acceptance_sweep_task` queues another.
ACCEPTANCE_SWEEP_AFTER = dt.timedelta(minutes=1)


@task()
def petition_accepted_task(petition_id: int | None = None, receipt_id: int | None = None) -> str:
    """The acceptance's second half (`acceptance.petitions_accepted_process`): the text
    engine's reading, the alert for a high-risk petition, the receipt's delivery, for every
    petition whose `reading_pending` is set, ACCEPTANCE_BATCH to a transaction. A petition
    queues this task in its own transaction only when none is waiting to be claimed
    (`submission._acceptance_task_sql`): one task row and one claim for a flood of
    petitions. The pending petitions are read after the claim, so those whose transaction
    relied on this task are among them; a petition that commits later saw this task
    claimed and queued another. `petition_id` and `receipt_id` (the immediate backend, and
    tasks queued before petitions were marked pending) name one petition to take as well.
    Returns the risk level of `petition_id`, else how many petitions were read."""
    backend = petition_accepted_task.get_backend()
    if not isinstance(backend, DatabaseBackend) and petition_id is not None:
        return petition_accepted_process(petition_id=petition_id, receipt_id=receipt_id)
    pending = list(
        Petition.objects.filter(reading_pending=True).order_by("pk").values_list("pk", flat=True)
    )
    if petition_id is not None and petition_id not in pending:
        pending.insert(0, petition_id)
    levels: dict[int, str] = {}
    for start in range(0, len(pending), ACCEPTANCE_BATCH):
        levels.update(_accept_batch(pending[start : start + ACCEPTANCE_BATCH], petition_id))
    if petition_id is not None:
        return levels.get(petition_id, "")
    return str(sum(1 for level in levels.values() if level))


def _accept_batch(ids: list[int], named: int | None) -> dict[int, str]:
    """`petitions_accepted_process` for the petitions `ids` still pending (or `named`) and
    not taken meanwhile by another worker (locked till the batch commits)."""
    receipts = dict(
        OutboundMessage.objects.filter(
            idempotency_key__in=[f"receipt:{pk}" for pk in ids]
        ).values_list("idempotency_key", "pk")
    )
    items = [(pk, receipts.get(f"receipt:{pk}")) for pk in ids]

    def claim() -> list[int]:
        return list(
            Petition.objects.select_for_update(skip_locked=True)
            .filter(Q(reading_pending=True) | Q(pk=named), pk__in=ids)
            .values_list("pk", flat=True)
        )

    return petitions_accepted_process(items, claim=claim)


@task()
def acceptance_sweep_task() -> int:
    """Queue `petition_accepted_task` when a petition has waited ACCEPTANCE_SWEEP_AFTER for
    its reading (its task failed, or was lost): the scheduler runs this every minute.
    Returns how many petitions were waiting."""
    cutoff = timezone.now() - ACCEPTANCE_SWEEP_AFTER
    waiting = Petition.objects.filter(reading_pending=True, submitted_at__lt=cutoff).count()
    if waiting:
        petition_accepted_task.enqueue()
    return waiting
