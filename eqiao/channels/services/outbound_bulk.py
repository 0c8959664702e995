"""Queueing many outbound messages at once: the bulk form of `message_queue` for a campaign.

`messages_queue_bulk` stores a batch of messages of one template in a handful of queries,
whatever its size: one look-up of the idempotency keys already stored, one of the opted-out
addresses, one INSERT, and one delivery task per `DELIVER_BATCH` messages
(`messages_deliver_task`, which sends them through the provider's batch call over one
kept-alive HTTP connection, `outbound.messages_deliver`). The guarantees are those of the
per-message path: a key already stored is not stored or sent again, an address that opted
out gets its message stored as suppressed (never sent, never silently dropped), and the
messages and their tasks commit with the caller's transaction or not at all.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eqiao.channels.models import MessageChannel, MessageStatus, OptOut, OutboundMessage
from eqiao.channels.rows import rows_insert
from eqiao.channels.services.outbound import gathered_for_delivery, sms_queued_hooks
from eqiao.channels.services.templates import message_template_render_many

# Messages one delivery task takes: a few provider batch calls, well inside the claim timeout.
DELIVER_BATCH = 500
KEY_CHUNK = 500  # keys a look-up names at once


@dataclass(frozen=True)
class BulkItem:
    """One message of a bulk queue: to whom, with which parameters, under which key; `ref`
    (what the message is about) when it is not the batch's."""

    recipient: str
    idempotency_key: str
    params: Mapping[str, object] = field(default_factory=dict)
    ref: str | None = None


def _opted_out(recipients: set[str]) -> set[str]:
    return set(
        OptOut.objects.filter(active=True, address__in=recipients).values_list("address", flat=True)
    )


def messages_queue_bulk(
    *,
    channel: str = MessageChannel.SMS,
    template: str,
    items: Sequence[BulkItem],
    purpose: str = "",
    ref: str = "",
) -> list[int]:
    """Store `items` as messages of `template` and enqueue their delivery in batches, in the
    caller's transaction (or one of its own). Returns the message id of each item, in
    order: the stored one for a key that exists already. Every item needs an idempotency
    key; the same key twice in `items` is a ValueError, as is a bad template or parameter
    (nothing is stored). A key stored by a concurrent transaction meanwhile raises
    IntegrityError and rolls the caller's transaction back (the caller retries, and then
    finds it)."""
    keys = [item.idempotency_key for item in items]
    if not all(keys) or len(set(keys)) != len(keys):
        raise ValueError("every bulk message needs its own idempotency key")
    rendered = message_template_render_many(
        channel=channel, name=template, params=[item.params for item in items]
    )
    requested = rendered[0].template.requested if rendered else False
    # No savepoint of our own inside the caller's transaction: any error here rolls the
    # whole of it back (documented above), and on a busy database a savepoint costs two
    # round trips per batch.
    with transaction.atomic(savepoint=False):
        existing = _ids_by_key(keys)
        fresh = [
            (i, r)
            for i, r in zip(items, rendered, strict=True)
            if i.idempotency_key not in existing
        ]
        blocked = set() if requested else _opted_out({i.recipient for i, _r in fresh})
        now = timezone.now()
        rows_insert(
            OutboundMessage,
            [
                _row(channel, template, purpose, ref, now, item, r, item.recipient in blocked)
                for item, r in fresh
            ],
        )
        created = _ids_by_key([i.idempotency_key for i, _r in fresh])
        if channel == MessageChannel.SMS:
            _hooks_run([(i.recipient, created[i.idempotency_key]) for i, _r in fresh])
        due = [created[i.idempotency_key] for i, _r in fresh if i.recipient not in blocked]
        if due and not gathered_for_delivery(due):
            for start in range(0, len(due), DELIVER_BATCH):
                _enqueue_batch(due[start : start + DELIVER_BATCH])
    by_key = existing | created
    return [by_key[key] for key in keys]


def _ids_by_key(keys: list[str]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for start in range(0, len(keys), KEY_CHUNK):
        found = OutboundMessage.objects.filter(idempotency_key__in=keys[start : start + KEY_CHUNK])
        ids.update(found.values_list("idempotency_key", "pk"))
    return ids


def _row(channel, template, purpose, ref, now, item, rendered, blocked: bool) -> dict:
    return {
        "created_at": now,
        "channel": channel,
        "recipient": item.recipient,
        "text": rendered.text,
        "template": template,
        "params": rendered.params,
        "purpose": purpose,
        "ref": ref if item.ref is None else item.ref,
        "requested": rendered.template.requested,
        "idempotency_key": item.idempotency_key,
        "status": MessageStatus.SUPPRESSED if blocked else MessageStatus.QUEUED,
        "last_error": _("收件人已退订，未发送。") if blocked else "",
    }


def _hooks_run(stored: list[tuple[str, int]]) -> None:
    """The SMS hooks (`sms_queued_hook_register`), each asked first which of the batch's
    recipients it may act on, so a batch nobody follows on WeChat costs one query a hook."""
    recipients = {recipient for recipient, _id in stored}
    answers: dict = {}  # hooks sharing a filter ask it once
    for hook, relevant in sms_queued_hooks():
        if relevant is not None and relevant not in answers:
            answers[relevant] = relevant(recipients)
        wanted = answers[relevant] if relevant else recipients
        ids = [pk for recipient, pk in stored if recipient in wanted]
        for start in range(0, len(ids), KEY_CHUNK):
            for message in OutboundMessage.objects.filter(pk__in=ids[start : start + KEY_CHUNK]):
                hook(message)


def _enqueue(message_ids: list[int]) -> None:
    from eqiao.channels.tasks import messages_deliver_task  # the task module imports us

    messages_deliver_task.enqueue(message_ids)


def _enqueue_batch(message_ids: list[int]) -> None:
    """As `outbound._enqueue_with_message`: a queue in the same database takes its task row
    in the caller's transaction; any other backend is called once it has committed."""
    from django_tasks_db import DatabaseBackend

    from eqiao.channels.tasks import messages_deliver_task

    if isinstance(messages_deliver_task.get_backend(), DatabaseBackend):
        _enqueue(message_ids)
    else:
        transaction.on_commit(lambda: _enqueue(message_ids))
