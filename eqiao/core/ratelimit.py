"""A small rate limiter on Django's cache, for public writes and for lookups that could
otherwise enumerate tracking numbers.

Each key's window starts at its first attempt (not at a clock boundary), so "one per
minute" can never let two attempts through a second apart across a minute boundary. The
cache backends used here (local memory, Redis) keep the expiry when a counter is
incremented."""

from __future__ import annotations

import ipaddress
import math

from django.conf import settings
from django.core.cache import cache

from eqiao.core import throttle


def _address(value: str) -> str | None:
    """`value` as a normalised IP address, or None. Tolerates the port and the brackets some
    proxies add ("1.2.3.4:5678", "[2001:db8::1]:443")."""
    value = value.strip()
    if value.startswith("[") and "]" in value:
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # IPv4 with a port; a bare IPv6 address has several colons
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request) -> str:
    """The address of the person making the request.

    With `EQIAO_TRUSTED_PROXY_DEPTH` = N > 0, our N proxies each appended the address they
    saw to X-Forwarded-For, so the Nth entry from the right is the one our outermost proxy
    saw: the client. Whatever stands left of it was written by the client and is ignored
    (anyone can send a forged header). A header shorter than N (a request that came through
    fewer of our proxies) yields its left-most entry, which one of ours still wrote; an entry
    that is not an address is skipped for the next trusted one to its right; with nothing
    usable, REMOTE_ADDR, the proxy itself. Depth 0 reads REMOTE_ADDR only.
    """
    remote = _address(request.META.get("REMOTE_ADDR") or "") or "unknown"
    depth = settings.EQIAO_TRUSTED_PROXY_DEPTH
    if depth <= 0:
        return remote
    # Several X-Forwarded-For headers reach Django joined by commas, in order.
    entries = [e for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if e.strip()]
    for entry in entries[-depth:]:
        address = _address(entry)
        if address:
            return address
    return remote


def _key(key: str, window_seconds: int) -> str:
    return f"rl:{window_seconds}:{key}"


def _open_window(cache_key: str, window_seconds: int) -> None:
    cache.set(f"{cache_key}:start", throttle.clock(), timeout=window_seconds)


def hit(key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one attempt for `key`; True while the count in this window is within `limit`."""
    cache_key = _key(key, window_seconds)
    if cache.add(cache_key, 1, timeout=window_seconds):
        _open_window(cache_key, window_seconds)
        return 1 <= limit
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr: this attempt opens a new window
        cache.add(cache_key, 1, timeout=window_seconds)
        _open_window(cache_key, window_seconds)
        count = 1
    return count <= limit


def count(key: str, *, window_seconds: int) -> int:
    return int(cache.get(_key(key, window_seconds)) or 0)


def seconds_left(key: str, *, window_seconds: int) -> int:
    """Whole seconds until `key`'s current window ends (and its count starts again): the
    wait to name in a refusal and in Retry-After. At least 1."""
    start = cache.get(f"{_key(key, window_seconds)}:start")
    if start is None:
        return window_seconds
    return max(1, math.ceil(float(start) + window_seconds - throttle.clock()))


def reset(key: str, *, window_seconds: int) -> None:
    cache_key = _key(key, window_seconds)
    cache.delete_many([cache_key, f"{cache_key}:start"])
