"""The outlet interface and its registry.

An outlet is where a published article goes: the portal here; WeChat and Weibo later,
registered the same way from their own app or channel. `publish` and `withdraw` are called
by the background worker outside any transaction; an outlet that is down raises
`OutletError` and is retried with back-off, while the other outlets go ahead.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from eqiao.publishing.models import Article


class OutletError(Exception):
    """The outlet could not take the article now (down, refused): retried later."""


@dataclass(frozen=True)
class OutletResult:
    link: str = ""


class Outlet(abc.ABC):
    code: str = ""
    label: Any = ""  # a (lazily translated) name for people
    supports_withdraw: bool = True

    @abc.abstractmethod
    def publish(self, article: Article) -> OutletResult: ...

    def withdraw(self, article: Article) -> None:  # noqa: B027 - optional
        """Take the article down; only called when `supports_withdraw`."""


_registry: dict[str, Outlet] = {}


def outlet_register(outlet: Outlet) -> Outlet:
    """Register (or replace, by code) an outlet."""
    _registry[outlet.code] = outlet
    return outlet


def outlet_unregister(code: str) -> None:
    _registry.pop(code, None)


def outlets_registered() -> list[Outlet]:
    return [_registry[code] for code in sorted(_registry)]


def outlet_get(code: str) -> Outlet | None:
    return _registry.get(code)


class PortalOutlet(Outlet):
    """The public site: an article is on the portal while it is published (the portal's
    selectors show only those), so publishing records its address and withdrawing is
    the status change itself."""

    code = "portal"
    label = gettext_lazy("门户网站")
    supports_withdraw = True

    def publish(self, article: Article) -> OutletResult:
        try:
            link = reverse("portal:article", args=[article.pk])
        except NoReverseMatch:
            link = f"/articles/{article.pk}/"
        return OutletResult(link=link)

    def withdraw(self, article: Article) -> None:
        return None
