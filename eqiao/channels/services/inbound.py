"""The inbound dispatcher: every message a person sends us, on any channel, is recorded once
and handed to the domain app that claims it.

Domain apps register handlers from their ``AppConfig.ready()``::

    inbound_handler_register(
        name="intake.petition", claims=lambda m: True, handle=petition_from_inbound,
        channels=("sms",), priority=1000,
    )

`inbound_dispatch` records the message (idempotent by provider + provider message id),
handles the opt-out words itself (退订 / TD / STOP / N, 订阅 / START), then offers the message
to the channel's handlers in ascending priority; the first whose `claims` says yes takes it.
Channels never import a domain app: handlers come to it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from eqiao.channels.models import InboundMessage, InboundOutcome, MessageChannel
from eqiao.channels.services.optout import optin_record, optout_record, optout_word
from eqiao.channels.services.outbound import message_queue
from eqiao.channels.services.templates import sms_template_register
from eqiao.core import ratelimit
from eqiao.core.errors import RateLimitedError

HOUR = 3600
# Messages from one sender an hour: a person types far fewer; a loop with an auto-responder
# would type far more. Over the limit the provider is told 429 and retries later, so nothing
# a person sent is lost.
INBOUND_PER_SENDER_PER_HOUR = 20


@dataclass(frozen=True)
class InboundAttachment:
    """A file that came with a message (a WeChat image or voice), already downloaded."""

    name: str
    content_type: str
    data: bytes


@dataclass(frozen=True)
class Inbound:
    """A message as handlers see it: parsed by the channel, no provider JSON."""

    channel: str
    provider: str
    provider_message_id: str
    sender: str
    text: str
    received_at: dt.datetime
    attachments: tuple[InboundAttachment, ...] = ()
    # The gateway's id of our message this one answers ("" when the gateway sends none):
    # a handler matches the reply to what it answers by it first, by the number second.
    reply_to: str = ""


@dataclass(frozen=True)
class HandlerResult:
    outcome: str  # the handler's own word: "message", "petition", "survey_reply", …
    ref: str = ""  # what it became (a tracking number), for the provider's answer and staff


@dataclass(frozen=True)
class InboundHandler:
    name: str
    claims: Callable[[Inbound], bool]
    handle: Callable[[Inbound], HandlerResult]
    channels: tuple[str, ...]
    priority: int


_handlers: dict[str, InboundHandler] = {}


def inbound_handler_register(
    *,
    name: str,
    claims: Callable[[Inbound], bool],
    handle: Callable[[Inbound], HandlerResult],
    channels: tuple[str, ...] = (MessageChannel.SMS,),
    priority: int = 100,
) -> InboundHandler:
    """Register (or replace, by `name`) a handler. Lower `priority` is asked first; a
    catch-all such as intake's new-petition handler registers last (high number). `handle`
    runs inside the transaction that records the message: what it writes and the record
    commit together."""
    handler = InboundHandler(
        name=name, claims=claims, handle=handle, channels=tuple(channels), priority=priority
    )
    _handlers[name] = handler
    return handler


def inbound_handler_unregister(*, name: str) -> None:
    _handlers.pop(name, None)


def inbound_handlers(channel: str) -> list[InboundHandler]:
    """The handlers for `channel`, in the order they are asked."""
    return sorted(
        (h for h in _handlers.values() if channel in h.channels),
        key=lambda h: (h.priority, h.name),
    )


OPTOUT_TEMPLATE = "channels.optout"
OPTIN_TEMPLATE = "channels.optin"


def optout_templates_register() -> None:
    """The confirmations of 退订/订阅 (called from `ChannelsConfig.ready()`). They answer
    what the person just sent, so they go out although the person opted out."""
    sms_template_register(
        name=OPTOUT_TEMPLATE,
        text=gettext_noop(
            "您已退订，今后不再收到本院的通知短信（回执和验证码除外）。回复“订阅”可恢复。"
        ),
        requested=True,
    )
    sms_template_register(
        name=OPTIN_TEMPLATE,
        text=gettext_noop("您已恢复订阅，将继续收到本院的通知短信。回复“退订”可退订。"),
        requested=True,
    )


def _confirm(record: InboundMessage, word: str) -> None:
    message_queue(
        channel=record.channel,
        recipient=record.sender,
        template=OPTOUT_TEMPLATE if word == "out" else OPTIN_TEMPLATE,
        purpose="optout_confirm",
        idempotency_key=f"optout-confirm:{record.pk}",
    )


def _take(record: InboundMessage, message: Inbound) -> None:
    word = optout_word(message.text)
    if word == "out":
        optout_record(address=message.sender, channel=message.channel, inbound=record)
        record.handler, record.outcome = "channels.optout", InboundOutcome.OPTED_OUT
        _confirm(record, word)
        return
    if word == "in":
        optin_record(address=message.sender, channel=message.channel, inbound=record)
        record.handler, record.outcome = "channels.optout", InboundOutcome.OPTED_IN
        _confirm(record, word)
        return
    for handler in inbound_handlers(message.channel):
        if handler.claims(message):
            result = handler.handle(message)
            record.handler, record.outcome, record.ref = handler.name, result.outcome, result.ref
            return
    record.outcome = InboundOutcome.UNHANDLED


def inbound_dispatch(
    *,
    channel: str,
    provider: str,
    provider_message_id: str,
    sender: str,
    text: str,
    received_at: dt.datetime | None = None,
    attachments: tuple[InboundAttachment, ...] = (),
    reply_to: str = "",
) -> InboundMessage:
    """Record one inbound message and hand it on (see the module docstring). The same
    provider message id again returns the first record and does nothing else.
    RateLimitedError when the sender sends too many (nothing is recorded: the provider
    retries later)."""
    earlier = InboundMessage.objects.filter(
        provider=provider, provider_message_id=provider_message_id
    ).first()
    if earlier is not None:
        return earlier
    budget = f"channels-inbound:{channel}:{sender}"
    if not ratelimit.hit(budget, limit=INBOUND_PER_SENDER_PER_HOUR, window_seconds=HOUR):
        raise RateLimitedError(
            _("这个号码本小时发来的消息太多，请稍后重试。"),
            extra={"retry_after": ratelimit.seconds_left(budget, window_seconds=HOUR)},
        )
    message = Inbound(
        channel=channel,
        provider=provider,
        provider_message_id=provider_message_id,
        sender=sender,
        text=text,
        received_at=received_at or timezone.now(),
        attachments=tuple(attachments),
        reply_to=reply_to,
    )
    try:
        with transaction.atomic():
            record = InboundMessage.objects.create(
                channel=channel,
                provider=provider,
                provider_message_id=provider_message_id,
                sender=sender,
                text=text,
                received_at=message.received_at,
                reply_to=reply_to,
            )
            _take(record, message)
            record.save(update_fields=["handler", "outcome", "ref"])
    except IntegrityError:
        # The provider delivered the same message twice at once; the other one took it.
        earlier = InboundMessage.objects.filter(
            provider=provider, provider_message_id=provider_message_id
        ).first()
        if earlier is None:
            raise
        return earlier
    return record
