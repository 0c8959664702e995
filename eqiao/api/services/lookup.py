"""What is API-specific about the public lookups. Unlocking a petition and the budgets that
slow guessing live in `intake.services.access`, shared with the portal; an API client that
sent a valid key is counted by its key (one integration server speaks for many citizens),
anyone else by address."""

from __future__ import annotations

from eqiao.api.models import ApiClient


def client_key(client: ApiClient | None) -> str | None:
    """The caller's key for `intake.services.access`, or None to count by address."""
    return f"api-client:{client.pk}" if client is not None else None
