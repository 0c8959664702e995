"""Queueing and delivering outbound messages: claim → send → record.

A worker claims a message in one short autocommitted UPDATE (status sending, a claim token,
attempts + 1), calls the provider outside any transaction, and records the result in a
second short UPDATE guarded by the claim token. No row lock or transaction is held while
the provider is talking (on SQLite a transaction holds the one write lock of the whole
database). A claim older than EQIAO_CHANNELS_CLAIM_TIMEOUT (the worker died between claim
and record) is taken over by the retry job; the message's idempotency key goes to the
provider, which takes a repeated key once, so the person is not written to twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from eqiao.channels.models import MessageChannel, MessageStatus, OutboundMessage, address_mask
from eqiao.channels.providers import (
    BatchResult,
    Outgoing,
    PermanentError,
    Provider,
    SendResult,
    TransientError,
    provider_get,
)
from eqiao.channels.services.optout import optout_is_active
from eqiao.channels.services.templates import message_template_render

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
RETRY_BATCH = 500


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
_sms_queued_hooks: list[Callable[[OutboundMessage], None]] = []


def sms_queued_hook_register(hook: Callable[[OutboundMessage], None]) -> None:
    """Register (once) a function called with each SMS `sms_queue` stores (from a
    channel's `AppConfig.ready()`)."""
    if hook not in _sms_queued_hooks:
        _sms_queued_hooks.append(hook)


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
    for hook in _sms_queued_hooks:
        hook(message)
    return message


def message_store(
    *,
    channel: str = MessageChannel.SMS,
    recipient: str,
    template: str,
    params: Mapping[str, object] | None = None,
    purpose: str = "",
    ref: str = "",
    idempotency_key: str,
) -> OutboundMessage:
    """Store a message queued, in one INSERT, for the caller's own background task to
    release (`message_release`): the cheap form of `message_queue` for a request that must
    be fast. Call it in the transaction that writes the record causing the message, with an
    `idempotency_key` naming that new record (it cannot exist yet, so it is not looked up:
    a duplicate raises IntegrityError and rolls the transaction back), and queue in the same
    transaction the task that will call `message_release`. Should that task never run, the
    scheduled retry job delivers the message as it does every queued one; the hooks of
    `sms_queue` (the WeChat twin) run only on release."""
    rendered = message_template_render(channel=channel, name=template, params=params or {})
    return OutboundMessage.objects.create(
        channel=channel,
        recipient=recipient,
        text=rendered.text,
        template=template,
        params=rendered.params,
        purpose=purpose,
        ref=ref,
        requested=rendered.template.requested,
        idempotency_key=idempotency_key,
    )


def message_release(*, message_id: int) -> None:
    """Hand a message stored by `message_store` on: the hooks an SMS has (`sms_queue`'s)
    and its delivery task, both in the caller's transaction. Safe to call twice: the hooks
    queue by idempotency key, and a second delivery finds the message already claimed."""
    message = OutboundMessage.objects.filter(pk=message_id).first()
    if message is None:
        return
    if message.channel == MessageChannel.SMS:
        for hook in _sms_queued_hooks:
            hook(message)
    if message.status == MessageStatus.QUEUED:
        _enqueue_with_message(message.pk)


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

    if isinstance(message_deliver_task.get_backend(), DatabaseBackend):
        _enqueue(message_id)
    else:
        transaction.on_commit(lambda: _enqueue(message_id))


# --- claim ------------------------------------------------------------------------------


def _claim_timeout() -> dt.timedelta:
    return dt.timedelta(seconds=settings.EQIAO_CHANNELS_CLAIM_TIMEOUT)


def _claimable(now: dt.datetime) -> Q:
    due = Q(status=MessageStatus.QUEUED) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    return due | _abandoned(now) & Q(attempts__lt=MAX_ATTEMPTS)


def _abandoned(now: dt.datetime) -> Q:
    return Q(status=MessageStatus.SENDING, claimed_at__lt=now - _claim_timeout())


def _claim(message_id: int, now: dt.datetime) -> tuple[OutboundMessage, str] | None:
    """Take the message for this worker: one conditional UPDATE, committed at once; of two
    workers exactly one sees a row. Returns the message and the claim token."""
    token = uuid.uuid4().hex
    claimed = (
        OutboundMessage.objects.filter(pk=message_id)
        .filter(_claimable(now))
        .update(
            status=MessageStatus.SENDING,
            claimed_at=now,
            claim_token=token,
            attempts=F("attempts") + 1,
        )
    )
    if not claimed:
        return None
    return OutboundMessage.objects.get(pk=message_id), token


# --- record -----------------------------------------------------------------------------


def _record(message: OutboundMessage, token: str, **fields) -> bool:
    """Write the result if this worker still holds the claim (a worker that outlived its
    claim must not overwrite the one that took over)."""
    with transaction.atomic():
        written = OutboundMessage.objects.filter(
            pk=message.pk, status=MessageStatus.SENDING, claim_token=token
        ).update(claim_token="", **fields)
    if not written:
        log.warning("outbound message %s: claim lost before recording", message.pk)
    return bool(written)


def _backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(minutes=2**attempts)


def _record_result(
    message: OutboundMessage, token: str, result: BatchResult, provider: Provider
) -> str:
    now = timezone.now()
    if isinstance(result, SendResult):
        status = MessageStatus.SENT
        _record(
            message,
            token,
            status=status,
            provider=provider.slug,
            provider_id=result.provider_id,
            sent_at=now,
            next_attempt_at=None,
            last_error="",
        )
    elif isinstance(result, PermanentError) or message.attempts >= MAX_ATTEMPTS:
        status = MessageStatus.FAILED
        _record(message, token, status=status, provider=provider.slug, last_error=str(result)[:500])
    else:
        status = MessageStatus.QUEUED
        _record(
            message,
            token,
            status=status,
            provider=provider.slug,
            last_error=str(result)[:500],
            next_attempt_at=now + _backoff(message.attempts),
        )
    log.info(
        "outbound %s %s to %s: %s",
        message.channel,
        message.pk,
        address_mask(message.recipient),
        status,
    )
    return status


def _suppress(message: OutboundMessage, token: str) -> bool:
    """A message the person did not ask for, to an address that opted out: stored as
    suppressed with the reason, never sent and never silently dropped."""
    if message.requested or not optout_is_active(address=message.recipient):
        return False
    return _record(
        message,
        token,
        status=MessageStatus.SUPPRESSED,
        last_error=_("收件人已退订，未发送。"),
        next_attempt_at=None,
    )


def _outgoing(message: OutboundMessage, provider: Provider) -> Outgoing:
    return Outgoing(
        recipient=message.recipient,
        text=message.text,
        template=message.template,
        params=message.params or {},
        idempotency_key=message.idempotency_key if provider.supports_idempotency_key else "",
    )


# --- deliver ----------------------------------------------------------------------------


def message_deliver(*, message_id: int, now: dt.datetime | None = None) -> str:
    """Send one stored message: claim, call the provider, record. Safe to run twice and
    from several workers: a message that is not due, or claimed by a live worker, is left
    alone. Call outside any transaction. Returns the message's status afterwards."""
    claim = _claim(message_id, now or timezone.now())
    if claim is None:
        status = OutboundMessage.objects.filter(pk=message_id).values_list("status", flat=True)
        return status.first() or ""
    message, token = claim
    if _suppress(message, token):
        return MessageStatus.SUPPRESSED
    return _send_chunk(provider_get(message.channel), [claim])[0]


def _call(provider: Provider, chunk: list[tuple[OutboundMessage, str]]) -> list[BatchResult]:
    """The provider call, outside any transaction. A provider's own bug is counted as a
    transient failure (recorded, retried with back-off) instead of leaving the claim open."""
    try:
        if len(chunk) == 1:
            return [provider.send(_outgoing(chunk[0][0], provider))]
        return provider.send_batch([_outgoing(m, provider) for m, _t in chunk])
    except (TransientError, PermanentError) as exc:
        return [exc for _c in chunk]
    except Exception as exc:  # noqa: BLE001 - recorded on the message, logged in full
        log.exception("channel provider %s failed unexpectedly", provider.slug)
        return [TransientError(f"provider error ({type(exc).__name__})") for _c in chunk]


def _send_chunk(provider: Provider, chunk: list[tuple[OutboundMessage, str]]) -> list[str]:
    results = _call(provider, chunk)
    return [
        _record_result(message, token, result, provider)
        for (message, token), result in zip(chunk, results, strict=True)
    ]


def messages_deliver(*, message_ids: Iterable[int], now: dt.datetime | None = None) -> int:
    """Send the given messages, in batches where the channel's provider supports it. Each
    chunk is claimed just before it is sent, so a long run does not hold claims on
    messages it has not reached (another worker would take them over). Returns how many
    were claimed."""
    now = now or timezone.now()
    by_channel: dict[str, list[int]] = defaultdict(list)
    for pk, channel in OutboundMessage.objects.filter(pk__in=list(message_ids)).values_list(
        "pk", "channel"
    ):
        by_channel[channel].append(pk)
    claimed_count = 0
    for channel, ids in by_channel.items():
        provider = provider_get(channel)
        size = provider.batch_size()
        for start in range(0, len(ids), size):
            chunk = []
            for message_id in sorted(ids)[start : start + size]:
                claim = _claim(message_id, now)
                if claim is not None and not _suppress(*claim):
                    chunk.append(claim)
            claimed_count += len(chunk)
            if chunk:
                _send_chunk(provider, chunk)
    return claimed_count


def messages_deliver_due(*, now: dt.datetime | None = None) -> int:
    """Deliver every message that is due: queued ones whose back-off has passed (or that
    were never tried) and claims abandoned by a worker that died. Run by the scheduled
    retry job. Returns how many were claimed."""
    now = now or timezone.now()
    # A message whose worker died on every attempt is given up, not retried for ever.
    OutboundMessage.objects.filter(_abandoned(now), attempts__gte=MAX_ATTEMPTS).update(
        status=MessageStatus.FAILED,
        claim_token="",
        last_error=_("发送过程中断次数过多，已停止重试。"),
    )
    due = list(
        OutboundMessage.objects.filter(_claimable(now))
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:RETRY_BATCH]
    )
    return messages_deliver(message_ids=due, now=now) if due else 0


def message_receipt_record(
    *,
    provider: str,
    provider_id: str,
    delivered: bool,
    error: str = "",
    now: dt.datetime | None = None,
) -> OutboundMessage | None:
    """A delivery receipt from the provider: the message reached the phone (delivered) or
    did not (failed, with the provider's code). Unknown ids are ignored (None); a receipt
    never moves a message back from delivered."""
    now = now or timezone.now()
    message = OutboundMessage.objects.filter(provider=provider, provider_id=provider_id).first()
    if message is None:
        return None
    fields: dict = {"delivered_at": now} if delivered else {"last_error": error[:500]}
    fields["status"] = MessageStatus.DELIVERED if delivered else MessageStatus.FAILED
    with transaction.atomic():
        OutboundMessage.objects.filter(pk=message.pk, status=MessageStatus.SENT).update(**fields)
    message.refresh_from_db()
    return message
