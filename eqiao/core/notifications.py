"""In-app notifications: creating them, and turning their target into a link.

The app that raises a notification names what it is about (`target_kind`, `target_id`),
never a page; the app that owns the pages registers how to reach each kind from its
`AppConfig.ready()`::

    notification_link_register("petition", lambda pk: reverse("workbench:petition_detail", args=[pk]))
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.urls import NoReverseMatch

from eqiao.core.models import Notification

LinkResolver = Callable[[int | None], str]
_RESOLVERS: dict[str, LinkResolver] = {}
MAX_TEXT = 500


def notification_link_register(kind: str, resolver: LinkResolver) -> None:
    """Say how a notification about `kind` is opened: `resolver(target_id)` → a path."""
    _RESOLVERS[kind] = resolver


def notification_link(notification: Notification) -> str:
    """Where the notification leads: its target through the registry, else the URL stored
    by an older version, else nowhere ("")."""
    resolver = _RESOLVERS.get(notification.target_kind)
    if resolver is not None:
        try:
            return resolver(notification.target_id)
        except NoReverseMatch:
            return ""
    return notification.url


def notification_create(
    *,
    recipient: Any,
    text: str,
    level: str = "info",
    target_kind: str = "",
    target_id: int | None = None,
) -> Notification:
    """One in-app notification for `recipient` (a user or a user id) about a target."""
    notification = notification_new(
        recipient=recipient, text=text, level=level, target_kind=target_kind, target_id=target_id
    )
    notification.save(force_insert=True)
    return notification


def notification_new(
    *,
    recipient: Any,
    text: str,
    level: str = "info",
    target_kind: str = "",
    target_id: int | None = None,
) -> Notification:
    """`notification_create`'s notification, not yet saved: for a caller that writes many
    at once (`Notification.objects.bulk_create`)."""
    return Notification(
        recipient_id=getattr(recipient, "pk", recipient),
        level=level,
        text=text[:MAX_TEXT],
        target_kind=target_kind,
        target_id=target_id,
    )
