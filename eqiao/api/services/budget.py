"""Hourly write budgets (per API client, per phone number), reserved before the write.

A write takes one unit of its budgets *before* it starts and gives it back if it fails, so
ten parallel requests from a client allowed three get three through, not ten: checking the
count first and counting after the write let every request that started before the first
one finished pass. The counter is an atomic increment in the cache (`cache.add` + `incr`,
atomic in the local-memory cache within a process and in Redis across processes); its
window starts at the first write and lasts an hour. The window's start is kept beside the
count, so that a refusal can name the real wait (Retry-After) rather than a whole hour.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.core.cache import cache

from eqiao.core import throttle

HOUR = 3600


def _cache_key(name: str) -> str:
    return f"api-budget:{name}"


def budget_used(*, name: str) -> int:
    """How many units of the budget `name` are taken in its current window."""
    return int(cache.get(_cache_key(name)) or 0)


def _open_window(key: str, window_seconds: int) -> None:
    """Start a window for `key` unless one is running, noting when it started."""
    if cache.add(key, 0, timeout=window_seconds):
        cache.set(f"{key}:start", throttle.clock(), timeout=window_seconds)


def budget_seconds_left(*, name: str, window_seconds: int = HOUR) -> int:
    """Whole seconds until the budget `name` frees (its window ends): the wait to name in a
    refusal and in Retry-After. At least 1."""
    start = cache.get(f"{_cache_key(name)}:start")
    if start is None:
        return window_seconds
    return max(1, math.ceil(float(start) + window_seconds - throttle.clock()))


def budget_take(*, name: str, limit: int, window_seconds: int = HOUR) -> bool:
    """Take one unit of `name` if fewer than `limit` are taken; False (nothing taken) if
    the budget is spent (`budget_seconds_left` then says for how long)."""
    key = _cache_key(name)
    _open_window(key, window_seconds)
    try:
        used = cache.incr(key)
    except ValueError:  # the window ended between add and incr: open a new one
        _open_window(key, window_seconds)
        used = cache.incr(key)
    if used > limit:
        budget_give_back(name=name)
        return False
    return True


def budget_give_back(*, name: str) -> None:
    """Return a unit taken by a write that did not happen."""
    try:
        cache.decr(_cache_key(name))
    except ValueError:  # the window has ended: nothing to give back
        pass


@dataclass
class Reservation:
    """Units taken for one write; `release()` gives them all back."""

    names: list[str] = field(default_factory=list)

    def release(self) -> None:
        for name in self.names:
            budget_give_back(name=name)
        self.names.clear()
