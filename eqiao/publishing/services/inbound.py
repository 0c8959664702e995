"""SMS replies for the mobile digest: 订阅手机报 subscribes the sender to the public group,
退订手机报 ends every digest subscription of the sender (a bare 退订 is the channel's shared
opt-out, handled before any handler sees the message)."""

from __future__ import annotations

import unicodedata

from eqiao.channels.services import HandlerResult, Inbound, inbound_handler_register, sms_queue
from eqiao.core.errors import ApplicationError
from eqiao.publishing.models import GroupKind, Subscriber, SubscriberGroup
from eqiao.publishing.services.digest import (
    SUBSCRIBED_TEMPLATE,
    UNSUBSCRIBED_TEMPLATE,
    subscriber_set,
)

HANDLER_NAME = "publishing.digest"
SUBSCRIBE_WORDS = frozenset({"订阅手机报", "dyb", "订手机报"})
UNSUBSCRIBE_WORDS = frozenset({"退订手机报", "tdb", "退手机报"})


def _word(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").strip().strip("。.!！").strip().casefold()


def claims(message: Inbound) -> bool:
    word = _word(message.text)
    return word in SUBSCRIBE_WORDS or word in UNSUBSCRIBE_WORDS


def handle(message: Inbound) -> HandlerResult:
    word = _word(message.text)
    if word in UNSUBSCRIBE_WORDS:
        for sub in Subscriber.objects.filter(phone=message.sender, active=True):
            subscriber_set(group=sub.group, phone=message.sender, active=False, method="sms")
        sms_queue(
            phone=message.sender,
            template=UNSUBSCRIBED_TEMPLATE,
            purpose="digest_subscription",
            idempotency_key=f"digest-sub:{message.provider}:{message.provider_message_id}"[:80],
        )
        return HandlerResult(outcome="digest_unsubscribed")
    group = SubscriberGroup.objects.filter(kind=GroupKind.PUBLIC).order_by("office__path").first()
    if group is None:
        return HandlerResult(outcome="digest_no_group")
    try:
        subscriber_set(group=group, phone=message.sender, active=True, method="sms")
    except ApplicationError:
        return HandlerResult(outcome="digest_bad_number")
    sms_queue(
        phone=message.sender,
        template=SUBSCRIBED_TEMPLATE,
        params={"group": group.name},
        purpose="digest_subscription",
        idempotency_key=f"digest-sub:{message.provider}:{message.provider_message_id}"[:80],
    )
    return HandlerResult(outcome="digest_subscribed", ref=group.name)


def inbound_handlers_register() -> None:
    inbound_handler_register(name=HANDLER_NAME, claims=claims, handle=handle, priority=20)
