"""Delivering queued outbound messages: claim → send → record.

A worker claims a message (or a chunk of them) in one short autocommitted UPDATE (status
sending, a claim token, attempts + 1), calls the provider outside any transaction, and
records the result in a second short UPDATE guarded by the claim token. No row lock or
transaction is held while the provider is talking (on SQLite a transaction holds the one
write lock of the whole database). A claim older than EQIAO_CHANNELS_CLAIM_TIMEOUT (the
worker died between claim and record) is taken over by the retry job; the message's
idempotency key goes to the provider, which takes a repeated key once, so the person is
not written to twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable
from contextlib import nullcontext
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from eqiao.channels.models import MessageStatus, OptOut, OutboundMessage, address_mask
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

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
RETRY_BATCH = 500
SINGLE_SEND_CHUNK = 10


# --- claim ------------------------------------------------------------------------------


def _claim_timeout() -> dt.timedelta:
    return dt.timedelta(seconds=settings.EQIAO_CHANNELS_CLAIM_TIMEOUT)


def _claimable(now: dt.datetime) -> Q:
    """Due for sending (`_is_claimable` says the same of one row already read)."""
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


def _claim_chunk(ids: list[int], now: dt.datetime) -> tuple[list[OutboundMessage], str]:
    """`_claim` for a chunk, one token for the chunk; of two workers each message goes to
    exactly one.

    The chunk is read by primary key, the claimable ones chosen here (`_is_claimable`, the
    rules of `_claimable`), and taken with an UPDATE guarded by what was read of each:
    (attempts, claim_token) is the message's version, since every claim adds an attempt
    and every record clears the token, so a message another worker claimed or recorded
    meanwhile is left alone. A guard on the status instead would lead SQLite's planner
    (without statistics) to the status index and read every queued message of a 100,000
    campaign for each chunk."""
    token = uuid.uuid4().hex
    versions: dict[tuple[int, str], list[int]] = defaultdict(list)
    rows = OutboundMessage.objects.filter(pk__in=ids).values_list(
        "pk", "status", "next_attempt_at", "claimed_at", "attempts", "claim_token"
    )
    for pk, status, next_at, claimed_at, attempts, old_token in rows:
        if _is_claimable(now, status, next_at, claimed_at, attempts):
            versions[(attempts, old_token)].append(pk)
    taken = 0
    for (attempts, old_token), pks in versions.items():
        taken += OutboundMessage.objects.filter(
            pk__in=pks, attempts=attempts, claim_token=old_token
        ).update(
            status=MessageStatus.SENDING, claimed_at=now, claim_token=token, attempts=attempts + 1
        )
    if not taken:
        return [], token
    claimed = OutboundMessage.objects.filter(pk__in=ids, claim_token=token).order_by("pk")
    return list(claimed.only(*_SENDING_FIELDS)), token


def _is_claimable(now, status, next_at, claimed_at, attempts) -> bool:
    if status == MessageStatus.QUEUED:
        return next_at is None or next_at <= now
    return (
        status == MessageStatus.SENDING
        and claimed_at is not None
        and claimed_at < now - _claim_timeout()
        and attempts < MAX_ATTEMPTS
    )


# What sending and recording a claimed message read.
_SENDING_FIELDS = (
    "channel",
    "recipient",
    "text",
    "template",
    "params",
    "idempotency_key",
    "requested",
    "attempts",
)


def _suppress_chunk(messages: list[OutboundMessage], token: str) -> list[OutboundMessage]:
    """`_suppress` for a chunk, with one look-up of the opt-out list; returns the messages
    still to send."""
    unasked = {m.recipient for m in messages if not m.requested}
    blocked = set(
        OptOut.objects.filter(active=True, address__in=unasked).values_list("address", flat=True)
    )
    if not blocked:
        return messages
    suppressed = [m.pk for m in messages if not m.requested and m.recipient in blocked]
    with transaction.atomic():
        OutboundMessage.objects.filter(
            pk__in=suppressed, status=MessageStatus.SENDING, claim_token=token
        ).update(
            claim_token="",
            status=MessageStatus.SUPPRESSED,
            last_error=_("收件人已退订，未发送。"),
            next_attempt_at=None,
        )
    return [m for m in messages if m.pk not in set(suppressed)]


def _result_fields(message: OutboundMessage, result: BatchResult, provider: Provider, now) -> dict:
    if isinstance(result, SendResult):
        return {
            "status": MessageStatus.SENT,
            "provider": provider.slug,
            "provider_id": result.provider_id,
            "sent_at": now,
            "next_attempt_at": None,
            "last_error": "",
        }
    if isinstance(result, PermanentError) or message.attempts >= MAX_ATTEMPTS:
        return {
            "status": MessageStatus.FAILED,
            "provider": provider.slug,
            "last_error": str(result)[:500],
        }
    return {
        "status": MessageStatus.QUEUED,
        "provider": provider.slug,
        "last_error": str(result)[:500],
        "next_attempt_at": now + _backoff(message.attempts),
    }


def _record_chunk(
    chunk: list[OutboundMessage], token: str, results: list[BatchResult], provider: Provider
) -> list[str]:
    """`_record_result` for a chunk: one UPDATE per outcome (a CASE gives each message its
    own provider id or error), in one short transaction, guarded by the claim token."""
    now = timezone.now()
    rows = [(m, _result_fields(m, r, provider, now)) for m, r in zip(chunk, results, strict=True)]
    groups: dict[str, list[tuple[OutboundMessage, dict]]] = defaultdict(list)
    for message, fields in rows:
        groups[fields["status"]].append((message, fields))
    written = 0
    # One UPDATE is atomic by itself; several (some sent, some failed) share a transaction.
    with transaction.atomic() if len(groups) > 1 else nullcontext(), connection.cursor() as cursor:
        for group in groups.values():
            cursor.execute(*_update_sql(group, token))
            written += cursor.rowcount
    if written < len(rows):
        log.warning("outbound: %d claim(s) lost before recording", len(rows) - written)
    for message, fields in rows if log.isEnabledFor(logging.INFO) else ():
        log.info(
            "outbound %s %s to %s: %s",
            message.channel,
            message.pk,
            address_mask(message.recipient),
            fields["status"],
        )
    return [fields["status"] for _m, fields in rows]


def _update_sql(group: list[tuple[OutboundMessage, dict]], token: str) -> tuple[str, list]:
    """One UPDATE for a group of results: a constant where the group agrees, else a CASE
    by primary key; only rows this worker still holds. Written out rather than built with
    Case/When, whose expression resolution cost more than the database did."""
    meta = OutboundMessage._meta
    quote = connection.ops.quote_name
    pk_column = quote(str(meta.pk.column if meta.pk else "id"))
    sets: list[str] = [f"{quote('claim_token')} = %s"]
    params: list[Any] = [""]
    for name in group[0][1]:
        field: Any = meta.get_field(name)
        values = [
            v if isinstance(v, str) else field.get_db_prep_save(v, connection)
            for v in (f[name] for _m, f in group)
        ]
        if all(v == values[0] for v in values):
            sets.append(f"{quote(field.column)} = %s")
            params.append(values[0])
            continue
        whens = " ".join(["WHEN %s THEN %s"] * len(group))
        sets.append(f"{quote(field.column)} = CASE {pk_column} {whens} END")
        for (message, _f), value in zip(group, values, strict=True):
            params += [message.pk, value]
    pks = [m.pk for m, _f in group]
    sql = (
        f"UPDATE {quote(meta.db_table)} SET {', '.join(sets)} "
        f"WHERE {pk_column} IN ({', '.join(['%s'] * len(pks))}) "
        f"AND {quote('status')} = %s AND {quote('claim_token')} = %s"
    )
    return sql, [*params, *pks, MessageStatus.SENDING, token]


def messages_deliver(*, message_ids: Iterable[int], now: dt.datetime | None = None) -> int:
    """Send the given messages, a chunk at a time (`Provider.claim_size`): the chunk
    claimed just before it is sent (so a long run holds no claims on messages it has not
    reached) and its opt-outs checked in one query; then sent a provider batch call at a
    time (or one by one over the provider's kept-alive connection), each batch's results
    recorded at once. Safe to
    run twice and from several workers. Call outside any transaction. Returns how many
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
        # Without a batch call, still a few messages a claim: each may take the whole HTTP
        # timeout, and the chunk must be recorded well before its claim expires.
        size = provider.claim_size() if provider.claim_size() > 1 else SINGLE_SEND_CHUNK
        batch = provider.batch_size()
        ids.sort()
        for start in range(0, len(ids), size):
            claimed, token = _claim_chunk(ids[start : start + size], now)
            claimed_count += len(claimed)
            claimed = _suppress_chunk(claimed, token) if claimed else claimed
            for first in range(0, len(claimed), batch):
                chunk = claimed[first : first + batch]
                _record_chunk(chunk, token, _call_many(provider, chunk), provider)
    return claimed_count


def _call_many(provider: Provider, chunk: list[OutboundMessage]) -> list[BatchResult]:
    if len(chunk) == 1:
        return _call(provider, [(chunk[0], "")])
    try:
        return provider.send_batch([_outgoing(m, provider) for m in chunk])
    except (TransientError, PermanentError) as exc:
        return [exc for _m in chunk]
    except Exception as exc:  # noqa: BLE001 - recorded on the messages, logged in full
        log.exception("channel provider %s failed unexpectedly", provider.slug)
        return [TransientError(f"provider error ({type(exc).__name__})") for _m in chunk]


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
