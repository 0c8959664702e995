"""Reads the workbench needs that belong to no domain app: the staff user's notifications
and the pieces of a page's chrome."""

from __future__ import annotations

from django.db.models import F, QuerySet

from eqiao.core.models import Notification


def notification_unread_count(*, user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def notification_list(*, user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by(
        F("read_at").asc(nulls_first=True), "-created_at"
    )


def notification_get(*, user, pk: int) -> Notification | None:
    """One of the user's own notifications (another user's is None)."""
    return Notification.objects.filter(recipient=user, pk=pk).first()
