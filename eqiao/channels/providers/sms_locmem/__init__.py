"""In-memory SMS provider for tests: `outbox` holds what was sent (the root conftest's
`sms_outbox` fixture). Like a real gateway with a client message id, it takes a repeated
idempotency key once."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field

from eqiao.channels.providers import Outgoing, PermanentError, Provider, SendResult


@dataclass(frozen=True)
class SentSms:
    phone: str
    text: str
    provider_id: str
    template: str = ""
    params: Mapping[str, str] = field(default_factory=dict)
    idempotency_key: str = ""


outbox: list[SentSms] = []
_ids = itertools.count(1)


class LocmemSmsProvider(Provider):
    slug = "sms_locmem"
    channel = "sms"
    fake = True
    supports_idempotency_key = True

    def send(self, message: Outgoing) -> SendResult:
        if not message.recipient.isdigit():
            raise PermanentError("invalid phone number")
        for sent in outbox:
            if message.idempotency_key and sent.idempotency_key == message.idempotency_key:
                return SendResult(provider_id=sent.provider_id)
        provider_id = f"locmem-{next(_ids)}"
        outbox.append(
            SentSms(
                phone=message.recipient,
                text=message.text,
                provider_id=provider_id,
                template=message.template,
                params=dict(message.params),
                idempotency_key=message.idempotency_key,
            )
        )
        return SendResult(provider_id=provider_id)
