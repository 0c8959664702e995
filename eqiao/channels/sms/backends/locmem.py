"""In-memory gateway for tests: `outbox` holds what was sent."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from eqiao.channels.sms import PermanentError, SmsGateway, SmsResult


@dataclass(frozen=True)
class SentSms:
    phone: str
    text: str
    provider_id: str


outbox: list[SentSms] = []
_ids = itertools.count(1)


class LocmemSmsGateway(SmsGateway):
    def send(self, *, phone: str, text: str) -> SmsResult:
        if not phone.isdigit():
            raise PermanentError(f"invalid phone {phone!r}")
        provider_id = f"locmem-{next(_ids)}"
        outbox.append(SentSms(phone=phone, text=text, provider_id=provider_id))
        return SmsResult(provider_id=provider_id)
