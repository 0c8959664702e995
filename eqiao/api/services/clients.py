"""API clients and their keys. A key is 32 random bytes: only its SHA-256 is stored (a slow
password hash buys nothing for a secret that cannot be guessed, and a plain digest lets the
key be looked up directly)."""

from __future__ import annotations

import hashlib
import secrets
import threading
import time

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _

from eqiao.api.models import ApiClient, ClientChannel
from eqiao.core.audit import audit_log
from eqiao.core.errors import ApplicationError
from eqiao.core.prepared import PreparedQuery

KEY_PREFIX = "eqk_"
# Writing last_used_at on every request would turn each read into a write; once a minute
# is enough to tell an idle integration from a live one.
LAST_USED_RESOLUTION_SECONDS = 60


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def _new_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


@transaction.atomic
def api_client_create(
    *, name: str, channel: str, submit_per_hour: int = 300, scopes: str = "", actor=None
) -> tuple[ApiClient, str]:
    """Create a client; returns it and its key, which is never shown again. `scopes`
    (space-separated, e.g. "cases.write") are what it may do beyond filing petitions."""
    name = (name or "").strip()
    if not name:
        raise ApplicationError(_("请填写接入方名称。"), field="name")
    if len(name) > 100:
        raise ApplicationError(_("接入方名称最多100个字。"), field="name")
    if channel not in ClientChannel.values:
        raise ApplicationError(
            _("渠道只能是：%(choices)s。") % {"choices": "、".join(ClientChannel.values)},
            field="channel",
        )
    if ApiClient.objects.filter(name=name).exists():
        raise ApplicationError(_("已有同名的接入方。"), field="name")
    key = _new_key()
    client = ApiClient.objects.create(
        name=name,
        channel=channel,
        submit_per_hour=submit_per_hour,
        scopes=" ".join(scopes.split())[:200],
        key_prefix=key[:12],
        key_hash=key_hash(key),
    )
    audit_log(actor=actor, action="api_client.create", target=client, detail={"channel": channel})
    return client, key


@transaction.atomic
def api_client_rotate_key(*, client: ApiClient, actor=None) -> str:
    """Give the client a new key; the old one stops working at once."""
    key = _new_key()
    ApiClient.objects.filter(pk=client.pk).update(key_prefix=key[:12], key_hash=key_hash(key))
    client.key_prefix, client.key_hash = key[:12], key_hash(key)
    api_clients_forget()
    audit_log(actor=actor, action="api_client.rotate_key", target=client)
    return key


def api_client_set_active(*, client: ApiClient, active: bool, actor=None) -> ApiClient:
    ApiClient.objects.filter(pk=client.pk).update(is_active=active)
    client.is_active = active
    api_clients_forget()
    audit_log(
        actor=actor,
        action="api_client.activate" if active else "api_client.deactivate",
        target=client,
    )
    return client


# Every API request reads its client by key: the query is compiled once (per thread).
_ACTIVE_CLIENT_BY_HASH = PreparedQuery(
    lambda hashes: ApiClient.objects.filter(key_hash=hashes[0], is_active=True).order_by("pk")[:1]
)

# And the answer is kept in the process for a few seconds: the clients are a handful, and
# their keys come with every request. A change to a client (a new key, switched off, any save
# or delete) clears this process's copies at once and, through the shared cache's generation
# number (Redis when EQIAO_REDIS_URL is set), every other process's on its next request;
# with the per-process memory cache another process may still accept a revoked key for up
# to AUTH_CACHE_SECONDS.
AUTH_CACHE_SECONDS = 10
_GENERATION_KEY = "api-clients:generation"
_known: dict[str, tuple[float, int, ApiClient]] = {}
_known_lock = threading.Lock()


def _generation() -> int:
    return int(cache.get(_GENERATION_KEY) or 0)


def api_clients_forget() -> None:
    """Drop every remembered key → client answer, here and (shared cache) everywhere: now,
    and again once the caller's transaction commits (a request in between may have read
    and remembered the row as it was before the change)."""
    _forget()
    transaction.on_commit(_forget)


def _forget() -> None:
    with _known_lock:
        _known.clear()
    if not cache.add(_GENERATION_KEY, 1, timeout=None):
        try:
            cache.incr(_GENERATION_KEY)
        except ValueError:  # evicted between add and incr
            cache.set(_GENERATION_KEY, 1, timeout=None)


def _client_by_hash(digest: str) -> ApiClient | None:
    now = time.monotonic()
    generation = _generation()
    remembered = _known.get(digest)
    if remembered is not None and remembered[0] > now and remembered[1] == generation:
        return remembered[2]
    found = _ACTIVE_CLIENT_BY_HASH.run([digest])
    client: ApiClient | None = found[0] if found else None  # type: ignore[assignment]
    if client is not None:
        with _known_lock:
            if len(_known) > 1000:  # keys tried at random must not grow it without bound
                _known.clear()
            _known[digest] = (now + AUTH_CACHE_SECONDS, generation, client)
    return client


def api_client_authenticate(*, key: str) -> ApiClient | None:
    """The active client holding `key`, or None. The client returned may be shared with
    other requests of the process: read it, do not change it."""
    key = (key or "").strip()
    if not key.startswith(KEY_PREFIX) or len(key) > 100:
        return None
    client = _client_by_hash(key_hash(key))
    if client is None:
        return None
    now = timezone.now()
    last = client.last_used_at
    if last is None or (now - last).total_seconds() > LAST_USED_RESOLUTION_SECONDS:
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=now)
        client.last_used_at = now
    return client


@receiver([post_save, post_delete], sender=ApiClient)
def _client_changed(sender, **kwargs) -> None:
    api_clients_forget()
