"""Taking a petition in (受理): validation, idempotency, routing, clocks, receipt; then, in
the worker, the text engine's reading (category, risk) and a high-risk alert.

The request writes only what must exist when the citizen gets the answer: the petition
(marked `reading_pending`), its first history entry, the receipt SMS and, unless one is
waiting already, the acceptance task's row, all in one transaction. The task
(`intake.tasks.petition_accepted_task`, run by the worker within its polling interval;
`acceptance`) takes every pending petition: it reads the text, records category and
risk, raises the alert for a high-risk petition and hands the receipt to delivery. Because
the mark and the task commit with the petition, a crash of the web process after the
commit loses nothing: the worker still reads, alerts and sends."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import TaskResultStatus

from eqiao.channels.models import OutboundMessage
from eqiao.channels.services import message_prepare, message_store_prepared
from eqiao.core.errors import ApplicationError
from eqiao.core.prepared import SqlValue, insert, insert_sql, post_save_heard
from eqiao.core.workdays import add_months, add_working_days
from eqiao.intake import messages
from eqiao.intake.models import (
    Attachment,
    EventKind,
    Kind,
    Petition,
    PetitionEvent,
)
from eqiao.intake.services.acceptance import READ_FIELDS
from eqiao.intake.services.attachments import UploadedFile
from eqiao.intake.services.query_password import query_password_hash
from eqiao.intake.services.reading import text_region
from eqiao.intake.services.validation import petition_validate
from eqiao.offices.capabilities import require
from eqiao.offices.models import Procuratorate, Staff
from eqiao.offices.selectors import office_for_region

if TYPE_CHECKING:
    from django_tasks_db.models import DBTaskResult

PROCEDURAL_REPLY_WORKING_DAYS = 7
RESULT_REPLY_MONTHS = 3
# What every submission reads and hardly ever changes (the holiday calendar's clocks of the
# day, the office a region routes to) is kept this long in the cache: an administrator's
# change reaches new petitions within a minute.
READ_CACHE_SECONDS = 60
TRACKING_NUMBER_ATTEMPTS = 5


@dataclass(frozen=True)
class SubmitResult:
    petition: Petition
    query_password: str | None  # None when an idempotent retry returned an earlier petition
    created: bool


def statutory_clocks(accepted_at: dt.datetime) -> tuple[dt.date, dt.date]:
    """(procedural reply due, result reply due) for a petition accepted at `accepted_at`:
    7 working days, and 3 calendar months (群众信访件件有回复)."""
    day = timezone.localtime(accepted_at).date()
    return add_working_days(day, PROCEDURAL_REPLY_WORKING_DAYS), add_months(
        day, RESULT_REPLY_MONTHS
    )


def _clocks_today(now: dt.datetime) -> tuple[dt.date, dt.date]:
    """`statutory_clocks(now)`, kept for the day (every petition of a day has the same)."""
    key = f"intake:clocks:{timezone.localtime(now).date().isoformat()}"
    clocks = cache.get(key)
    if clocks is None:
        clocks = statutory_clocks(now)
        cache.set(key, clocks, timeout=READ_CACHE_SECONDS)
    return clocks


def _routed_office(region: str | None) -> Procuratorate | None:
    """`office_for_region`, kept for a minute per region."""
    key = f"intake:office-for-region:{region or ''}"
    office = cache.get(key)
    if office is None:
        office = office_for_region(region=region)
        if office is not None:
            cache.set(key, office, timeout=READ_CACHE_SECONDS)
    return office


def new_tracking_number(now: dt.datetime | None = None) -> str:
    """YYMMDD + 6 random digits: readable over the phone, not guessable in sequence."""
    day = timezone.localtime(now or timezone.now()).strftime("%y%m%d")
    return f"{day}{secrets.randbelow(10**6):06d}"


def new_query_password() -> str:
    return f"{secrets.randbelow(10**6):06d}"


def petition_submit(
    *,
    kind: str,
    channel: str,
    content: str,
    title: str = "",
    name: str = "",
    phone: str = "",
    id_number: str = "",
    address: str = "",
    origin: str = "",
    anonymous: bool = False,
    office: Procuratorate | None = None,
    attachments: Sequence[UploadedFile] = (),
    idempotency_key: str | None = None,
    entered_by: Staff | None = None,
    name_optional: bool = False,
    also: Callable[[Petition], object] | None = None,
    records: Sequence[models.Model] = (),
) -> SubmitResult:
    """Validate and accept a petition from any channel.

    The rules are `validation.petition_validate`'s: SubmissionInvalid (an ApplicationError)
    names every field that breaks one. Re-submitting with the same `idempotency_key` returns
    the first petition instead of creating another. The receipt SMS and the task that reads
    the text and raises any high-risk alert (`petition_accepted_process`) are written in the
    same transaction as the petition, so an accepted petition never loses them.
    `name_optional`: the caller reaches the person by phone (Open311, where every
    personal field is optional); staff ask for the name later. `records`: new rows of a
    channel's own (its record of the petition), each with a `petition` key left unset,
    written with the petition; `also(petition)` runs inside the same transaction after the
    petition is written.

    Without attachments or `also`, every row's INSERT is built before anything is sent
    (`_create_prebuilt`): on PostgreSQL the petition, its history entry, the receipt, the
    task row and the `records` are written by one statement (data-modifying WITH), one
    round trip instead of one per row plus BEGIN and COMMIT; on SQLite by one INSERT each in
    a transaction that holds the write lock only while they run.

    Everything slow or read-only happens before the transaction opens (on SQLite it holds
    the database's one write lock): validation, file checks, the place named in the text
    (for routing), the password hash and the clocks. The transaction holds only the writes;
    the text engine's reading runs in the worker.
    """
    if entered_by is not None:
        require(entered_by, "petition.enter", office)
    if idempotency_key:
        idempotency_key = idempotency_key.strip()[:80]
        existing = Petition.objects.filter(idempotency_key=idempotency_key).first()
        if existing:
            return SubmitResult(petition=existing, query_password=None, created=False)
    clean = petition_validate(
        kind=kind,
        channel=channel,
        content=content,
        title=title,
        name=name,
        phone=phone,
        id_number=id_number,
        address=address,
        origin=origin,
        anonymous=anonymous,
        name_optional=name_optional,
        attachments=attachments,
    )
    title = clean.title or _auto_title(clean.content)
    region = text_region(f"{title}\n{clean.content}")
    password = new_query_password()
    now = timezone.now()
    target = office or _routed_office(region)
    if target is None:
        raise ApplicationError(_("系统尚未配置受理单位，请联系管理员。"))
    fields = {
        "query_password_hash": query_password_hash(password),
        "kind": kind,
        "channel": channel,
        "title": title,
        "content": clean.content,
        "name": clean.name,
        "phone": clean.phone,
        "id_number": clean.id_number,
        "address": clean.address,
        "origin": clean.origin,
        "anonymous": anonymous,
        "idempotency_key": idempotency_key,
    }
    accepted = _Accepted(
        now=now,
        clocks=_clocks_today(now),
        office=target,
        password=password,
        region=region,
        attachments=clean.attachments,
        entered_by=entered_by,
        also=also,
        records=tuple(records),
        event_text=_("已受理，转%(office)s办理。") % {"office": target.name},
    )
    for attempt in range(TRACKING_NUMBER_ATTEMPTS):
        number = new_tracking_number(now)
        receipt = _receipt(number=number, kind=kind, phone=clean.phone, accepted=accepted)
        try:
            if _prebuilt(accepted):
                return _create_prebuilt(
                    number=number, accepted=accepted, fields=fields, receipt=receipt
                )
            with transaction.atomic():
                return _create(number=number, accepted=accepted, fields=fields, receipt=receipt)
        except IntegrityError:
            # A concurrent retry with the same key won the race: return its petition.
            if idempotency_key:
                existing = Petition.objects.filter(idempotency_key=idempotency_key).first()
                if existing:
                    return SubmitResult(petition=existing, query_password=None, created=False)
            # Two petitions drew the same number the same day (one in a million): draw again.
            taken = Petition.objects.filter(tracking_number=number).exists()
            if not taken or attempt == TRACKING_NUMBER_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def _auto_title(content: str) -> str:
    first_line = content.strip().splitlines()[0]
    return first_line[:30] + ("…" if len(first_line) > 30 else "")


@dataclass(frozen=True)
class _Accepted:
    """What was worked out before the transaction opened."""

    now: dt.datetime
    clocks: tuple[dt.date, dt.date]
    office: Procuratorate
    password: str
    region: str | None
    attachments: Sequence
    entered_by: Staff | None
    also: Callable[[Petition], object] | None
    records: tuple[models.Model, ...]
    event_text: str


def _receipt(*, number: str, kind: str, phone: str, accepted: _Accepted) -> OutboundMessage | None:
    """The receipt SMS, rendered before the transaction opens (None without a phone)."""
    if not phone:
        return None
    return message_prepare(
        recipient=phone,
        purpose="receipt",
        ref=number,
        template=messages.RECEIPT,
        params={
            "kind": Kind(kind).label,
            "number": number,
            "password": accepted.password,
            "due": accepted.clocks[0].strftime("%m月%d日"),
        },
    )


def _create(
    *, number: str, accepted: _Accepted, fields: dict, receipt: OutboundMessage | None
) -> SubmitResult:
    """The writes (call inside `transaction.atomic`): the petition, its attachments, its
    first history entry, the receipt SMS (built by `_receipt`), the task that finishes the
    acceptance in the worker, and the caller's `also`."""
    petition = insert(_new_petition(number, accepted, fields))
    for checked in accepted.attachments:
        Attachment.objects.create(petition=petition, **checked.model_fields())
    event = _first_event(accepted)
    event.petition = petition
    insert(event)
    if receipt is not None:
        message_store_prepared(receipt, idempotency_key=f"receipt:{petition.pk}")
    if _enqueue_in_transaction(petition.pk, receipt.pk if receipt else None):
        # The task ran already (the immediate backend): show the caller what it wrote.
        petition.refresh_from_db(fields=READ_FIELDS)
    for record in accepted.records:
        record.petition = petition  # type: ignore[attr-defined]
        insert(record)
    if accepted.also is not None:
        accepted.also(petition)
    return SubmitResult(petition=petition, query_password=accepted.password, created=True)


def _new_petition(number: str, accepted: _Accepted, fields: dict) -> Petition:
    procedural_due, result_due = accepted.clocks
    return Petition(
        tracking_number=number,
        office=accepted.office,
        submitted_at=accepted.now,
        accepted_at=accepted.now,
        procedural_reply_due=procedural_due,
        result_reply_due=result_due,
        region_detected=accepted.region or "",
        reading_pending=True,
        **fields,
    )


def _first_event(accepted: _Accepted) -> PetitionEvent:
    """The petition's first history entry (its `petition` left for the caller to set)."""
    return PetitionEvent(
        at=accepted.now,
        kind=EventKind.SUBMITTED,
        actor=accepted.entered_by,
        to_office=accepted.office,
        public=True,
        text=accepted.event_text,
    )


def _prebuilt(accepted: _Accepted) -> bool:
    """Whether `_create_prebuilt` can write this petition: on PostgreSQL or SQLite, with the
    queue in the database, nothing but rows to write (no files, no `also`), and no
    `post_save` receiver on the models written (the prebuilt rows send none)."""
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    from eqiao.intake.tasks import petition_accepted_task  # the task module imports us

    return (
        connection.vendor in ("postgresql", "sqlite")
        and not accepted.attachments
        and accepted.also is None
        and isinstance(petition_accepted_task.get_backend(), DatabaseBackend)
        and not post_save_heard(
            Petition,
            PetitionEvent,
            OutboundMessage,
            DBTaskResult,
            *(type(record) for record in accepted.records),
        )
    )


def _create_prebuilt(
    *, number: str, accepted: _Accepted, fields: dict, receipt: OutboundMessage | None
) -> SubmitResult:
    """`_create`'s rows with every INSERT's SQL and parameters built before anything is
    sent, the rows that point to the petition (or to the receipt) naming its key in SQL.

    PostgreSQL: one statement, each INSERT a part of one WITH, the keys taken from the parts
    that return them. A single statement is atomic on its own, so outside a transaction none
    is opened (no BEGIN, no COMMIT); inside one, a savepoint lets the caller draw another
    number after a clash.

    SQLite: the same INSERTs one after the other in one transaction, the petition's key
    looked up by its (unique) tracking number. The task's row is written only when none is
    waiting already (`_acceptance_task_sql`). The transaction holds the database's one write lock: with nothing left to build
    in Python, it holds it only for the writes."""
    postgres = connection.vendor == "postgresql"
    quote = connection.ops.quote_name
    if postgres:
        petition_key = SqlValue("(SELECT id FROM p)")
    else:
        petition_key = SqlValue(
            f"(SELECT id FROM {quote(Petition._meta.db_table)} WHERE tracking_number = %s)",
            [number],
        )
    petition = _new_petition(number, accepted, fields)
    parts = [("p", *insert_sql(petition, returning=True))]
    if receipt is not None:
        receipt.idempotency_key = SqlValue(  # type: ignore[assignment]
            f"'receipt:' || {petition_key.sql}", petition_key.params
        )
        parts.append(("m", *insert_sql(receipt, returning=True)))
    event = _first_event(accepted)
    event.petition_id = petition_key  # type: ignore[assignment]
    parts.append(("e", *insert_sql(event)))
    task_sql, task_params, task_row = _acceptance_task_sql(postgres=postgres)
    parts.append(("t", task_sql, task_params))
    for i, record in enumerate(accepted.records):
        record.petition_id = petition_key  # type: ignore[attr-defined]
        parts.append((f"r{i}", *insert_sql(record)))
    receipt_id = None
    if postgres:
        sql = "WITH " + ", ".join(f"{name} AS ({part})" for name, part, _params in parts)
        sql += (
            " SELECT (SELECT id FROM p), "
            + ("(SELECT id FROM m)" if receipt is not None else "NULL")
            + ", EXISTS (SELECT 1 FROM t)"
        )
        params = [value for _name, _part, part_params in parts for value in part_params]
        with (
            transaction.atomic()
            if connection.in_atomic_block
            else transaction.mark_for_rollback_on_error(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, params)
            petition_id, receipt_id, queued = cursor.fetchone()
    else:
        with transaction.atomic(), connection.cursor() as cursor:
            for name, part, part_params in parts:
                cursor.execute(part, part_params)
                if name == "p":
                    petition_id = cursor.fetchone()[0]
                elif name == "m":
                    receipt_id = cursor.fetchone()[0]
                elif name == "t":
                    queued = cursor.rowcount == 1
    petition.pk = petition_id
    petition._state.adding = False
    petition._state.db = "default"
    for obj in (event, *accepted.records):
        obj.petition = petition  # type: ignore[attr-defined]
        obj._state.adding, obj._state.db = False, "default"
    if receipt is not None:
        receipt.pk, receipt.idempotency_key = receipt_id, f"receipt:{petition_id}"
        receipt._state.adding, receipt._state.db = False, "default"
    if queued:
        _task_enqueued(task_row)
    return SubmitResult(petition=petition, query_password=accepted.password, created=True)


def _enqueue_in_transaction(petition_id: int, receipt_id: int | None) -> bool:
    """Queue `petition_accepted_task` so that it exists if and only if the petition commits.
    The queue in the database (django-tasks-db, as deployed) takes its row inside the
    transaction, unless one is waiting already (`_acceptance_task_sql`); the immediate backend (tests) runs the task there, as the acceptance ran
    before it moved to the worker; any other backend is called once the transaction has
    committed (its worker could otherwise look for a petition not yet visible). True when
    the task has run already."""
    from django_tasks.backends.dummy import DummyBackend
    from django_tasks.backends.immediate import ImmediateBackend
    from django_tasks_db import DatabaseBackend

    from eqiao.intake.tasks import petition_accepted_task  # the task module imports us

    backend = petition_accepted_task.get_backend()
    if isinstance(backend, DatabaseBackend):
        sql, params, row = _acceptance_task_sql(postgres=connection.vendor == "postgresql")
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            if cursor.rowcount == 1:
                _task_enqueued(row)
        return False
    if isinstance(backend, ImmediateBackend | DummyBackend):
        petition_accepted_task.enqueue(petition_id, receipt_id)
        return isinstance(backend, ImmediateBackend)
    transaction.on_commit(lambda: petition_accepted_task.enqueue(petition_id, receipt_id))
    return False


def _acceptance_task_sql(*, postgres: bool) -> tuple[str, list, Callable[[], DBTaskResult]]:
    """The INSERT of `petition_accepted_task`'s row (no arguments: the task takes every
    petition whose `reading_pending` is set) that writes it only when no such task is
    waiting to be claimed already, and a function giving that row (unsaved) should the
    INSERT write it. Run in the petition's transaction, after the petition's INSERT.

    The waiting task the INSERT relies on must not read the pending petitions before this
    one commits. SQLite: the petition's INSERT took the database's one write lock, so the
    worker claims that task after this commit and reads the petitions after its claim.
    PostgreSQL: the look-up locks the waiting row FOR SHARE till this commits; the worker
    claims with FOR UPDATE SKIP LOCKED, so it passes the row over (and takes it at its next
    poll) rather than claim it under a petition not yet committed. A claim committed first
    makes the row no longer waiting (READ COMMITTED reads the claimed row's latest
    version): then this INSERT writes a new task.

    The statement and every value but the row's id and time are the same for every
    petition: they are built once per process, database and task settings
    (`_AcceptanceTaskInsert`), and each call fills in a new id and the time."""
    from eqiao.intake.tasks import petition_accepted_task  # the task module imports us

    task = petition_accepted_task
    backend = task.get_backend()
    key = (
        connection.alias,
        connection.vendor,
        postgres,
        backend.alias,
        task.priority,
        task.queue_name,
        task.run_after,
    )
    built = _ACCEPTANCE_TASK_INSERTS.get(key)
    if built is None:
        built = _ACCEPTANCE_TASK_INSERTS[key] = _AcceptanceTaskInsert(postgres=postgres)
    return built.sql_for(backend._get_id(), timezone.now())  # type: ignore[attr-defined]


class _AcceptanceTaskInsert:
    """`_acceptance_task_sql`'s statement, built once from a row as `insert_sql` writes it,
    with the places of the two values that change from one petition to the next."""

    def __init__(self, *, postgres: bool) -> None:
        from django_tasks_db.models import DBTaskResult

        from eqiao.intake.tasks import petition_accepted_task  # the task module imports us

        task = petition_accepted_task
        backend = task.get_backend()
        self.fields = {
            "args_kwargs": {"args": [], "kwargs": {}},
            "priority": task.priority,
            "task_path": task.module_path,
            "queue_name": task.queue_name,
            "run_after": task.run_after,
            "backend_name": backend.alias,
        }
        row: DBTaskResult = DBTaskResult(id=backend._get_id(), **self.fields)  # type: ignore[attr-defined,misc]
        sql, params = insert_sql(row)
        into, values = sql.rsplit(" VALUES ", 1)
        quote = connection.ops.quote_name
        self.sql = (
            f"{into} SELECT {values[1:-1]} WHERE NOT EXISTS (SELECT 1 FROM"
            f" {quote(DBTaskResult._meta.db_table)} WHERE task_path = %s AND backend_name = %s"
            f" AND status = %s{' FOR SHARE' if postgres else ''})"
        )
        if postgres:
            self.sql += " RETURNING 1"  # for the WITH's `EXISTS (SELECT 1 FROM t)`
        self.params = [*params, row.task_path, row.backend_name, str(TaskResultStatus.READY)]
        meta = DBTaskResult._meta
        columns = [f.attname for f in meta.local_concrete_fields if not f.generated]
        self.id_field = meta.get_field("id")
        self.id_at, self.time_at = columns.index("id"), columns.index("enqueued_at")
        if values != "(" + ", ".join(["%s"] * len(columns)) + ")":
            raise ValueError("the task row's INSERT is not one parameter per column")

    def sql_for(self, row_id, now: dt.datetime) -> tuple[str, list, Callable[[], DBTaskResult]]:
        from django_tasks_db.models import DBTaskResult

        params = list(self.params)
        params[self.id_at] = self.id_field.get_db_prep_save(row_id, connection)
        params[self.time_at] = connection.ops.adapt_datetimefield_value(now)

        def row() -> DBTaskResult:
            made: DBTaskResult = DBTaskResult(id=row_id, **self.fields)  # type: ignore[misc]
            made.enqueued_at = now
            return made

        return self.sql, params, row


_ACCEPTANCE_TASK_INSERTS: dict[tuple, _AcceptanceTaskInsert] = {}


def _task_enqueued(made: Callable[[], DBTaskResult]) -> None:
    """What the backend's `enqueue` sends once the row `made()` gives (written by
    `_acceptance_task_sql`) is in the queue."""
    from django_tasks.signals import task_enqueued

    row = made()
    row._state.adding, row._state.db = False, "default"
    backend = type(row.task.get_backend())
    if task_enqueued.has_listeners(backend):
        task_enqueued.send(backend, task_result=row.task_result)
