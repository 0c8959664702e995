"""Queueing outbound messages (one at a time; `outbound_bulk` for many). Delivery is in
`delivery`: claim → send → record. A message is queued if and only if the record that
caused it is saved; the same idempotency key is stored once."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager

from django.db import IntegrityError, transaction

from eqiao.channels.models import MessageChannel, MessageStatus, OutboundMessage
from eqiao.channels.services.templates import message_template_render
from eqiao.core.prepared import insert


def message_queue(
    *,
    channel: str = MessageChannel.SMS,
    recipient: str,
    template: str,
    params: Mapping[str, object] | None = None,
    purpose: str = "",
    ref: str = "",
    idempotency_key: str = "",
) -> OutboundMessage:
    """Store a message and enqueue its delivery when the surrounding transaction commits, so
    a message is queued if and only if the record that caused it is saved.

    `template` names a registered template (`channels.services.templates`) and `params`
    gives every one of its parameters: the record keeps both and the rendered text. An
    unknown template or a missing or unexpected parameter raises ValueError. The template
    says whether the person asked for the message (a receipt, a login code): such a message
    is sent even to an address that opted out. `idempotency_key` names the notification
    ("receipt:<petition id>"): queueing the same key again returns the stored message and
    sends nothing more."""
    rendered = message_template_render(channel=channel, name=template, params=params or {})
    key = idempotency_key or ""
    if key:
        existing = OutboundMessage.objects.filter(idempotency_key=key).first()
        if existing is not None:
            return existing
    fields = {
        "channel": channel,
        "recipient": recipient,
        "text": rendered.text,
        "template": template,
        "params": rendered.params,
        "purpose": purpose,
        "ref": ref,
        "requested": rendered.template.requested,
    }
    if key:
        fields["idempotency_key"] = key
    try:
        with transaction.atomic():
            message = OutboundMessage.objects.create(**fields)
    except IntegrityError:
        # Another transaction stored the same notification between our look and our write.
        return OutboundMessage.objects.get(idempotency_key=key)
    _enqueue_with_message(message.pk)
    return message


# Called with every SMS queued, in its transaction: another channel may send the same
# notification to the same person (the WeChat account to a follower bound to the phone).
# A hook may come with a filter that, given a batch's recipients, names those it may act
# on: the bulk path (`outbound_bulk`) then calls it for those only.
RecipientFilter = Callable[[set[str]], set[str]]
_sms_queued_hooks: list[tuple[Callable[[OutboundMessage], None], RecipientFilter | None]] = []


def sms_queued_hook_register(
    hook: Callable[[OutboundMessage], None], *, relevant: RecipientFilter | None = None
) -> None:
    """Register (once) a function called with each SMS `sms_queue` stores (from a
    channel's `AppConfig.ready()`); `relevant` lets a bulk queue skip the recipients the
    hook has nothing for in one query."""
    if all(registered is not hook for registered, _f in _sms_queued_hooks):
        _sms_queued_hooks.append((hook, relevant))


def sms_queued_hooks() -> list[tuple[Callable[[OutboundMessage], None], RecipientFilter | None]]:
    return list(_sms_queued_hooks)


def sms_queue(
    *,
    phone: str,
    template: str,
    params: Mapping[str, object] | None = None,
    purpose: str = "",
    ref: str = "",
    idempotency_key: str = "",
) -> OutboundMessage:
    """`message_queue` for an SMS to `phone`; then the registered hooks see it."""
    message = message_queue(
        channel=MessageChannel.SMS,
        recipient=phone,
        template=template,
        params=params,
        purpose=purpose,
        ref=ref,
        idempotency_key=idempotency_key,
    )
    for hook, _relevant in _sms_queued_hooks:
        hook(message)
    return message


def message_prepare(
    *,
    channel: str = MessageChannel.SMS,
    recipient: str,
    template: str,
    params: Mapping[str, object] | None = None,
    purpose: str = "",
    ref: str = "",
) -> OutboundMessage:
    """A message rendered and built but not saved: a request renders it before its
    transaction opens (on SQLite the transaction holds the database's one write lock) and
    stores it inside with `message_store_prepared`. An unknown template or a missing or
    unexpected parameter raises ValueError, as `message_queue` does."""
    rendered = message_template_render(channel=channel, name=template, params=params or {})
    return OutboundMessage(
        channel=channel,
        recipient=recipient,
        text=rendered.text,
        template=template,
        params=rendered.params,
        purpose=purpose,
        ref=ref,
        requested=rendered.template.requested,
    )


def message_store_prepared(message: OutboundMessage, *, idempotency_key: str) -> OutboundMessage:
    """Store a message built by `message_prepare` queued, in one INSERT built once
    (`core.prepared.insert`), for the caller's own background task to release
    (`message_release`). Call it in the transaction that writes the record causing the
    message, with an `idempotency_key` naming that new record (it cannot exist yet, so it is
    not looked up: a duplicate raises IntegrityError and rolls the transaction back), and
    queue in the same transaction the task that will call `message_release`. Should that
    task never run, the scheduled retry job delivers the message as it does every queued
    one; the hooks of `sms_queue` (the WeChat twin) run only on release."""
    message.idempotency_key = idempotency_key
    return insert(message)


def message_release(*, message_id: int) -> None:
    """Hand a message stored by `message_store_prepared` on: the hooks an SMS has (`sms_queue`'s)
    and its delivery task, both in the caller's transaction. Safe to call twice: the hooks
    queue by idempotency key, and a second delivery finds the message already claimed."""
    message = OutboundMessage.objects.filter(pk=message_id).first()
    if message is None:
        return
    if message.channel == MessageChannel.SMS:
        for hook, _relevant in _sms_queued_hooks:
            hook(message)
    if message.status == MessageStatus.QUEUED:
        _enqueue_with_message(message.pk)


def messages_release(*, message_ids: Iterable[int]) -> None:
    """`message_release` for many messages at once, in the caller's transaction: the SMS
    hooks asked once for the batch (as `messages_queue_bulk` does), and one delivery task
    (`messages_deliver_task`, the provider's batch call) for every message still queued."""
    from eqiao.channels.services.outbound_bulk import _enqueue_batch, _hooks_run

    ids = list(message_ids)
    if not ids:
        return
    found = OutboundMessage.objects.filter(pk__in=ids).values_list("pk", "channel", "recipient")
    sms = [(recipient, pk) for pk, channel, recipient in found if channel == MessageChannel.SMS]
    if sms:
        _hooks_run(sms)
    queued = OutboundMessage.objects.filter(pk__in=ids, status=MessageStatus.QUEUED)
    queued_ids = sorted(queued.values_list("pk", flat=True))
    if queued_ids and not gathered_for_delivery(queued_ids):
        _enqueue_batch(queued_ids)


_gathered = threading.local()


@contextmanager
def deliveries_gathered() -> Iterator[None]:
    """Within this block (inside the caller's transaction), every message queued
    (`message_queue`, `sms_queue`) or released (`messages_release`) is handed at its end to
    one batch delivery task (`messages_deliver_task`, the provider's batch call) instead of
    a task each: a worker that raises several alerts and releases many receipts in one
    transaction queues one task for all their messages. The task is queued as each would
    have been (in the transaction with the queue in the database, else once it commits);
    if the block raises, none is. Nested blocks hand theirs to the outermost."""
    if getattr(_gathered, "ids", None) is not None:
        yield
        return
    ids: list[int] = []
    _gathered.ids = ids
    try:
        yield
    finally:
        _gathered.ids = None
    if ids:
        from eqiao.channels.services.outbound_bulk import _enqueue_batch

        _enqueue_batch(sorted(set(ids)))


def gathered_for_delivery(message_ids: Iterable[int]) -> bool:
    """Inside `deliveries_gathered`: note `message_ids` for its one delivery task and say
    True; else False (the caller queues their delivery itself)."""
    ids = getattr(_gathered, "ids", None)
    if ids is None:
        return False
    ids.extend(message_ids)
    return True


def _enqueue(message_id: int) -> None:
    from eqiao.channels.tasks import message_deliver_task  # the task module imports us

    message_deliver_task.enqueue(message_id)


def _enqueue_with_message(message_id: int) -> None:
    """Enqueue the delivery so that it exists if and only if the message's transaction
    commits. A queue kept in the same database (django-tasks-db) takes its task row inside
    that transaction: the worker sees both or neither, and no second write transaction
    follows the commit (on SQLite each one waits for the database's one write lock). Any
    other backend is called once the transaction has committed."""
    from django_tasks_db import DatabaseBackend

    from eqiao.channels.tasks import message_deliver_task

    if gathered_for_delivery([message_id]):
        return
    if isinstance(message_deliver_task.get_backend(), DatabaseBackend):
        _enqueue(message_id)
    else:
        transaction.on_commit(lambda: _enqueue(message_id))
