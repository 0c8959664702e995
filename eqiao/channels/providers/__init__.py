"""Channel providers: one folder per provider (RapidPro's ``channels/types/<provider>/``).

Each provider is a small declarative class: which channel it serves (``sms`` now; ``wechat``,
``weibo``, ``group``, ``mail`` later), what it supports (batch sending, delivery receipts, an
idempotency key), which settings it needs, and whether it is a fake. The classes an
installation knows are listed in ``settings.EQIAO_CHANNEL_PROVIDER_CLASSES``; the one a
channel uses is named by ``settings.EQIAO_<CHANNEL>_PROVIDER`` (``EQIAO_SMS_PROVIDER =
"sms_http"``).

A provider only talks to the outside world: it never touches the database. The delivery
service calls it after a message is claimed and outside any transaction
(``channels.services.outbound``).
"""

from __future__ import annotations

import abc
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string


class TransientError(Exception):
    """The provider may accept the message later (timeout, 5xx, throttled): retry."""


class PermanentError(Exception):
    """The provider will never accept this message (bad number, rejected content)."""


@dataclass(frozen=True)
class Outgoing:
    """One message as a provider sees it: no database row, only what goes over the wire.
    `template` is our template name ("intake.receipt"); a provider that sends by template
    maps it to its own code (`Provider.template_code`)."""

    recipient: str
    text: str
    template: str = ""
    params: Mapping[str, str] = field(default_factory=dict)
    idempotency_key: str = ""


@dataclass(frozen=True)
class SendResult:
    provider_id: str


BatchResult = SendResult | TransientError | PermanentError


class Provider(abc.ABC):
    """A channel provider. Subclasses set the class attributes and implement `send`."""

    slug: ClassVar[str]  # the folder name, and the value of EQIAO_<CHANNEL>_PROVIDER
    channel: ClassVar[str]  # sms, wechat, weibo, group, mail
    fake: ClassVar[bool] = False  # production refuses a fake
    supports_batch: ClassVar[bool] = False
    supports_receipts: ClassVar[bool] = False
    supports_idempotency_key: ClassVar[bool] = False
    max_batch: ClassVar[int] = 1
    required_settings: ClassVar[tuple[str, ...]] = ()  # must be non-empty in production
    # Sends only by the provider's template codes: a template without one is refused.
    template_only: bool = False

    def template_code(self, name: str) -> str:
        """The code the provider assigned to our template `name` ("" when it has none)."""
        return ""

    @abc.abstractmethod
    def send(self, message: Outgoing) -> SendResult:
        """Send one message; raise TransientError or PermanentError."""

    def send_batch(self, messages: Sequence[Outgoing]) -> list[BatchResult]:
        """Send several messages; one result (or error) per message, in order. Providers
        with a batch endpoint override this; the default sends them one by one."""
        results: list[BatchResult] = []
        for message in messages:
            try:
                results.append(self.send(message))
            except (TransientError, PermanentError) as exc:
                results.append(exc)
        return results

    def batch_size(self) -> int:
        """How many messages one call may carry (1: no batch sending as configured)."""
        return self.max_batch if self.supports_batch else 1

    def claim_size(self) -> int:
        """How many messages a worker claims at once and sends a batch call at a time: a
        few batches, all sent well inside the claim timeout."""
        return self.batch_size()

    @classmethod
    def missing_settings(cls) -> list[str]:
        return [name for name in cls.required_settings if not getattr(settings, name, "")]


@lru_cache(maxsize=8)
def _classes(paths: tuple[str, ...]) -> dict[str, type[Provider]]:
    classes: dict[str, type[Provider]] = {}
    for path in paths:
        cls = import_string(path)
        if not (isinstance(cls, type) and issubclass(cls, Provider)):
            raise ImproperlyConfigured(f"{path} is not a channel provider")
        classes[cls.slug] = cls
    return classes


def provider_classes() -> dict[str, type[Provider]]:
    """Every provider the installation knows, by slug."""
    return _classes(tuple(settings.EQIAO_CHANNEL_PROVIDER_CLASSES))


def provider_class(channel: str) -> type[Provider]:
    """The provider class configured for `channel` (ImproperlyConfigured if none fits)."""
    setting = f"EQIAO_{channel.upper()}_PROVIDER"
    slug = getattr(settings, setting, "")
    cls = provider_classes().get(slug)
    if cls is None:
        known = ", ".join(s for s, c in provider_classes().items() if c.channel == channel)
        raise ImproperlyConfigured(f"{setting}={slug!r} names no provider (known: {known})")
    if cls.channel != channel:
        raise ImproperlyConfigured(f"{setting}={slug!r} is a {cls.channel} provider")
    return cls


def provider_get(channel: str) -> Provider:
    """A provider instance for `channel`, configured from settings."""
    return provider_class(channel)()
