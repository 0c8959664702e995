"""The SMS channel: the `SmsGateway` adapter interface and its backends."""

from __future__ import annotations

import abc
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.utils.module_loading import import_string


class TransientError(Exception):
    """The provider may accept the message later (timeout, 5xx, throttled): retry."""


class PermanentError(Exception):
    """The provider will never accept this message (bad number, rejected content)."""


@dataclass(frozen=True)
class SmsResult:
    provider_id: str


class SmsGateway(abc.ABC):
    """Send one text message. Implementations raise TransientError/PermanentError."""

    @abc.abstractmethod
    def send(self, *, phone: str, text: str) -> SmsResult: ...


@lru_cache(maxsize=4)
def _gateway_class(path: str) -> type[SmsGateway]:
    return import_string(path)


def get_gateway() -> SmsGateway:
    return _gateway_class(settings.EQIAO_SMS_GATEWAY)()
