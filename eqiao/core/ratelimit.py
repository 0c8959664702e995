"""A small fixed-window rate limiter on Django's cache, for public writes and for lookups
that could otherwise enumerate tracking numbers."""

from __future__ import annotations

import time

from django.core.cache import cache


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR") or "unknown"


def hit(key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one attempt for `key`; True while the count in this window is within `limit`."""
    window = int(time.time() // window_seconds)
    cache_key = f"rl:{key}:{window}"
    if cache.add(cache_key, 1, timeout=window_seconds + 5):
        count = 1
    else:
        try:
            count = cache.incr(cache_key)
        except ValueError:
            cache.set(cache_key, 1, timeout=window_seconds + 5)
            count = 1
    return count <= limit


def count(key: str, *, window_seconds: int) -> int:
    window = int(time.time() // window_seconds)
    return int(cache.get(f"rl:{key}:{window}") or 0)


def reset(key: str, *, window_seconds: int) -> None:
    window = int(time.time() // window_seconds)
    cache.delete(f"rl:{key}:{window}")
