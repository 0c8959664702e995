"""Running a campaign: select the people, store one follow-up per person, queue its SMS.

A run goes through the people in phone order (`selection.people`, streamed) in chunks. Each
chunk is one transaction that stores the chunk's follow-ups, queues their messages through
`channels` in bulk (`messages_queue_bulk`, idempotency key `followup:<run>:<phone>`, opt-outs checked
for the chunk at once, one delivery task per batch) and moves the run's cursor past
the chunk's last phone — guarded by the cursor it started from, so of two workers on the
same run only one commits a chunk. A worker killed mid-chunk leaves nothing of that chunk;
the run resumed later (by `run_advance` again, e.g. from the scheduled job) starts after the
last committed phone. The unique (run, phone) constraint is the last guard: a person is
never written to twice in one run.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from eqiao.channels.rows import rows_insert
from eqiao.channels.services import BulkItem, messages_queue_bulk
from eqiao.core.audit import audit_log
from eqiao.followups import messages
from eqiao.followups.models import (
    Campaign,
    CampaignRun,
    FollowUp,
    FollowUpRecord,
    RunStatus,
)
from eqiao.followups.selection import Person, RecordRef, people, people_count, period_bounds

log = logging.getLogger(__name__)
PURPOSE = "followup"
MAX_RECORDS_NAMED = 2


class RunLost(Exception):
    """Another worker moved the run on while this one worked on a chunk."""


def records_text(records: tuple[RecordRef, ...]) -> str:
    """How the SMS names a person's records: the first two numbers, then how many more."""
    names = [
        (_("案件%(number)s") if r.kind == "case" else _("信访件%(number)s")) % {"number": r.number}
        for r in records[:MAX_RECORDS_NAMED]
    ]
    text = _("、").join(names)
    if len(records) > MAX_RECORDS_NAMED:
        text += _("等%(count)d件事项") % {"count": len(records)}
    return text


def message_params(campaign: Campaign, person: Person) -> dict[str, str]:
    params = {"office": campaign.office.short_name}
    if campaign.template == messages.EVALUATE:
        params["records"] = records_text(person.records)
    return params


def run_start(
    *, campaign: Campaign, now: dt.datetime | None = None, actor=None, enqueue: bool = True
) -> CampaignRun:
    """Start a run of `campaign` over the records closed in its period before `now`, and
    enqueue its work when the run is committed. The total is counted first (streamed) so
    the run's page can show progress."""
    now = now or timezone.now()
    start, end = period_bounds(campaign.period, timezone.localdate(now))
    total = people_count(campaign, start, end)
    with transaction.atomic():
        run = CampaignRun.objects.create(
            campaign=campaign,
            period_start=start,
            period_end=end,
            total=total,
            started_at=now,
            heartbeat_at=now,
            started_by=actor,
        )
        audit_log(
            actor=actor,
            action="followup.run_start",
            target=run,
            detail={"campaign": campaign.pk, "total": total},
        )
        if enqueue:
            transaction.on_commit(lambda: _enqueue(run.pk))
    return run


def _enqueue(run_id: int) -> None:
    from eqiao.followups.tasks import campaign_run_task  # the task module imports us

    campaign_run_task.enqueue(run_id)


def _queue_chunk(run: CampaignRun, cursor: str, chunk: list[Person], pause: float) -> str:
    """Store and queue one chunk; returns the new cursor. Raises RunLost (and writes
    nothing) when another worker moved the run on meanwhile."""
    campaign = run.campaign
    # The message is for the person, in the site's language, whoever runs the campaign.
    with translation.override(settings.LANGUAGE_CODE):
        rendered = [(person, message_params(campaign, person)) for person in chunk]
    new_cursor = chunk[-1].phone
    with transaction.atomic():
        # Nobody twice, even if the cursor was ever set back: those already written to in
        # this run are skipped (the unique constraint catches a race this look misses).
        done = set(
            FollowUp.objects.filter(run=run, phone__in=[p.phone for p in chunk]).values_list(
                "phone", flat=True
            )
        )
        rendered = [(p, params) for p, params in rendered if p.phone not in done]
        chunk = [p for p, _params in rendered]
        moved = CampaignRun.objects.filter(
            pk=run.pk, cursor=cursor, status=RunStatus.RUNNING
        ).update(cursor=new_cursor, queued=F("queued") + len(chunk), heartbeat_at=timezone.now())
        if not moved:
            raise RunLost
        # The messages first, so each follow-up is inserted with its message: the key names
        # the run and the phone, as the follow-up's own unique constraint does.
        message_ids = messages_queue_bulk(
            template=campaign.template,
            items=[
                BulkItem(
                    recipient=p.phone, params=params, idempotency_key=f"followup:{run.pk}:{p.phone}"
                )
                for p, params in rendered
            ],
            purpose=PURPOSE,
            ref=f"run{run.pk}",
        )
        _followups_insert(run, chunk, message_ids)
        if pause:
            time.sleep(pause)  # a test's window to kill the worker inside a chunk
    return new_cursor


def _followups_insert(run: CampaignRun, chunk: list[Person], message_ids: list[int]) -> None:
    """The chunk's follow-ups and their record links, a plain multi-row INSERT each (the
    ids of the follow-ups read back by the run's unique phones)."""
    now = timezone.now()
    rows_insert(
        FollowUp,
        [
            {"run_id": run.pk, "office_id": run.campaign.office_id, "phone": p.phone,
             "message_id": message_id, "created_at": now}
            for p, message_id in zip(chunk, message_ids, strict=True)
        ],
    )  # fmt: skip
    ids = dict(
        FollowUp.objects.filter(run=run, phone__in=[p.phone for p in chunk]).values_list(
            "phone", "pk"
        )
    )
    rows_insert(
        FollowUpRecord,
        [
            {"followup_id": ids[person.phone],
             "case_id": ref.pk if ref.kind == "case" else None,
             "petition_id": ref.pk if ref.kind == "petition" else None}
            for person in chunk
            for ref in person.records
        ],
    )  # fmt: skip


def run_advance(
    *,
    run_id: int,
    chunk_size: int | None = None,
    pause: float = 0.0,
    progress: Callable[[CampaignRun], None] | None = None,
) -> CampaignRun:
    """Queue the run's remaining follow-ups, chunk by chunk, and mark it done. Safe to call
    again after a crash, and from two workers at once (see the module docstring). Call
    outside any transaction."""
    size = chunk_size or settings.EQIAO_FOLLOWUP_CHUNK
    run = CampaignRun.objects.select_related("campaign__office").get(pk=run_id)
    if run.status != RunStatus.RUNNING:
        return run
    cursor = run.cursor
    chunk: list[Person] = []
    try:
        for person in people(run.campaign, run.period_start, run.period_end, after=cursor):
            chunk.append(person)
            if len(chunk) >= size:
                cursor = _queue_chunk(run, cursor, chunk, pause)
                chunk = []
                if progress:
                    progress(run)
        if chunk:
            cursor = _queue_chunk(run, cursor, chunk, pause)
    except (RunLost, IntegrityError):
        log.info("campaign run %s: another worker took over", run_id)
        run.refresh_from_db()
        return run
    CampaignRun.objects.filter(pk=run.pk, cursor=cursor, status=RunStatus.RUNNING).update(
        status=RunStatus.DONE, finished_at=timezone.now()
    )
    run.refresh_from_db()
    return run


def runs_resume_stale(*, now: dt.datetime | None = None) -> list[int]:
    """Enqueue again every run whose worker stopped making progress (it died): the run goes
    on after its last committed chunk. Returns the runs' ids."""
    now = now or timezone.now()
    stale = now - dt.timedelta(seconds=settings.EQIAO_FOLLOWUP_STALE_SECONDS)
    ids = list(
        CampaignRun.objects.filter(status=RunStatus.RUNNING, heartbeat_at__lt=stale).values_list(
            "pk", flat=True
        )
    )
    for run_id in ids:
        CampaignRun.objects.filter(pk=run_id).update(heartbeat_at=now)
        _enqueue(run_id)
    return ids
