"""A lockout that grows: after `max_failures` wrong attempts within `window_seconds`, the
identifier (an IP, a tracking number) is refused for `base_lock_seconds`; each further
lockout within a day doubles the wait, up to `max_lock_seconds`.

Nothing sleeps: a locked identifier is refused at once with the time left, so an attacker
cannot tie up workers and a citizen sees how long to wait. Counters use the cache's atomic
`add`/`incr`, so parallel guesses are counted too. (`core.ratelimit` is a fixed window for
plain request budgets; this is for *wrong* attempts. It could move to core later.)
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.core.cache import cache

STRIKE_MEMORY_SECONDS = 24 * 3600


def _incr(key: str, *, timeout: int) -> int:
    if cache.add(key, 1, timeout=timeout):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=timeout)
        return 1


@dataclass(frozen=True)
class Lockout:
    name: str
    max_failures: int
    window_seconds: int
    base_lock_seconds: int
    max_lock_seconds: int = STRIKE_MEMORY_SECONDS

    def _key(self, ident: str, part: str) -> str:
        # Hash so that phone numbers and odd input never appear raw in cache keys.
        digest = hashlib.sha256(ident.encode()).hexdigest()[:32]
        return f"lockout:{self.name}:{digest}:{part}"

    def locked_for(self, ident: str) -> int:
        """Seconds until `ident` may try again; 0 when it is not locked."""
        until = cache.get(self._key(ident, "until"))
        if not until:
            return 0
        return max(0, int(until - time.time() + 0.999))

    def fail(self, ident: str) -> int:
        """Count one wrong attempt. Returns the lock in seconds it caused, or 0."""
        fails = _incr(self._key(ident, "fails"), timeout=self.window_seconds)
        if fails < self.max_failures:
            return 0
        cache.delete(self._key(ident, "fails"))
        strikes = _incr(self._key(ident, "strikes"), timeout=STRIKE_MEMORY_SECONDS)
        seconds = min(self.base_lock_seconds * 2 ** (strikes - 1), self.max_lock_seconds)
        cache.set(self._key(ident, "until"), time.time() + seconds, timeout=seconds)
        return seconds

    def failures(self, ident: str) -> int:
        return int(cache.get(self._key(ident, "fails")) or 0)

    def clear(self, ident: str) -> None:
        """Forget the wrong attempts (after a success); earlier lockouts still count."""
        cache.delete(self._key(ident, "fails"))
