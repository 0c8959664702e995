"""The signed link with which a person opens, cancels or reschedules their booking, and
the page that serves it. The portal owns the page and registers how to reach it
(`manage_page_register`); this app names no URL."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core import signing

from eqiao.appointments.models import Booking

SALT = "eqiao.appointments.manage"
_page: dict[str, Callable[[str], str]] = {}


def booking_token(booking: Booking) -> str:
    return signing.dumps(booking.reference, salt=SALT, compress=True)


def booking_token_read(token: str) -> str | None:
    """The booking reference a token was signed for; None for a forged or damaged token."""
    try:
        value = signing.loads(token or "", salt=SALT)
    except (signing.BadSignature, ValueError):
        return None
    return value if isinstance(value, str) else None


def manage_page_register(resolver: Callable[[str], str]) -> None:
    """`resolver(token)` → the path of the page where the person manages their booking."""
    _page["manage"] = resolver


def booking_link(booking: Booking) -> str:
    """The absolute link for SMS (EQIAO_PUBLIC_BASE_URL + path); the path alone when the
    public address is not configured or no page registered the route."""
    resolver = _page.get("manage")
    if resolver is None:
        return booking.reference
    base = getattr(settings, "EQIAO_PUBLIC_BASE_URL", "")
    return f"{base}{resolver(booking_token(booking))}"
