"""The access token, shared by every process through one database row per account.

The one place a provider touches the database: the token is the provider's own state, and
keeping it in process memory would make each web process and worker fetch its own (WeChat
allows 2,000 fetches a day, and each fetch retires the previous token five minutes later).
Whoever finds the token missing, about to expire or refused takes a short lease on the row
(one conditional UPDATE), fetches, and writes it; the others wait briefly for it.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable

from django.db import IntegrityError
from django.db.models import Q
from django.utils import timezone

from eqiao.channels.models import WeChatAccessToken

# Refreshed this long before WeChat's expiry, so no call carries a token that expires on
# the way.
REFRESH_MARGIN = dt.timedelta(minutes=5)
LEASE = dt.timedelta(seconds=30)
WAIT_SECONDS = 5.0
POLL_SECONDS = 0.1


def _usable(row: WeChatAccessToken | None, now: dt.datetime, stale: str) -> bool:
    return bool(
        row
        and row.token
        and row.token != stale
        and row.expires_at is not None
        and row.expires_at - REFRESH_MARGIN > now
    )


def _row(app_id: str) -> WeChatAccessToken:
    try:
        row, _created = WeChatAccessToken.objects.get_or_create(app_id=app_id)
    except IntegrityError:
        row = WeChatAccessToken.objects.get(app_id=app_id)
    return row


class DbTokenStore:
    """`TokenStore` on the `WeChatAccessToken` row. Call outside any transaction (it
    commits the lease and the token at once, and waits for another process's fetch)."""

    def __init__(self, *, wait_seconds: float = WAIT_SECONDS):
        self.wait_seconds = wait_seconds

    def get(self, *, app_id: str, fetch: Callable[[], tuple[str, int]], stale: str = "") -> str:
        row = _row(app_id)
        deadline = time.monotonic() + self.wait_seconds
        while True:
            now = timezone.now()
            if _usable(row, now, stale):
                return row.token
            leased = (
                WeChatAccessToken.objects.filter(pk=row.pk)
                .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
                .update(lease_until=now + LEASE)
            )
            if leased or time.monotonic() > deadline:
                return self._fetch(row, fetch)
            time.sleep(POLL_SECONDS)
            row.refresh_from_db()

    @staticmethod
    def _fetch(row: WeChatAccessToken, fetch: Callable[[], tuple[str, int]]) -> str:
        try:
            token, expires_in = fetch()
        except Exception:
            WeChatAccessToken.objects.filter(pk=row.pk).update(lease_until=None)
            raise
        now = timezone.now()
        WeChatAccessToken.objects.filter(pk=row.pk).update(
            token=token,
            expires_at=now + dt.timedelta(seconds=expires_in),
            fetched_at=now,
            lease_until=None,
        )
        return token
