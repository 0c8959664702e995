"""A small rate limiter on Django's cache, for public writes and for lookups that could
otherwise enumerate tracking numbers.

Each key's window starts at its first attempt (not at a clock boundary), so "one per
minute" can never let two attempts through a second apart across a minute boundary. The
cache backends used here (local memory, Redis) keep the expiry when a counter is
incremented."""

from __future__ import annotations

from django.core.cache import cache


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR") or "unknown"


def _key(key: str, window_seconds: int) -> str:
    return f"rl:{window_seconds}:{key}"


def hit(key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one attempt for `key`; True while the count in this window is within `limit`."""
    cache_key = _key(key, window_seconds)
    if cache.add(cache_key, 1, timeout=window_seconds):
        return 1 <= limit
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr: this attempt opens a new window
        cache.add(cache_key, 1, timeout=window_seconds)
        count = 1
    return count <= limit


def count(key: str, *, window_seconds: int) -> int:
    return int(cache.get(_key(key, window_seconds)) or 0)


def reset(key: str, *, window_seconds: int) -> None:
    cache.delete(_key(key, window_seconds))
