"""Growing delays for guesses (a query password, a staff password), instead of lockouts.

A guess is counted at several *levels* at once, each a `Limit` with its own key, typically:

- the pair (address, target) — one person typing a wrong password: a few free tries, then
  each further try waits longer (5 s, 10 s, 20 s … up to a cap);
- the target alone (a tracking number, a username), all addresses together — an attacker
  spread over many addresses: after some free failures at most one guess per short,
  capped interval, so guessing stays slow, and the owner (right password, new address) is
  refused for at most that cap once the attack pauses;
- the address (or API client) alone, all targets together — one address trying many
  targets: a generous budget, so one family or one office behind a router is not stopped.

Nothing sleeps and nothing is locked for long: a refused attempt is answered at once with
the exact seconds to wait (`Throttled.seconds`, the real end of the delay, for the message
and `Retry-After`); a refused attempt is not checked and does not lengthen any delay.

Counting is atomic on the cache (`add`/`incr`), so parallel guesses are all counted, and an
attempt is counted *before* the password is checked (as if it failed; a success takes it
back): a burst of parallel requests cannot get more checks than the delays allow, because
once delays apply each opening of a level is taken by exactly one attempt (under a
short-lived mutex made with `cache.add`), and attempts that went past the free ones
together are refused.
Works with the local-memory cache (one process) and Redis (several web processes); the
delays are decided from stored times, not from cache expiry, so they are exact whatever the
backend's expiry resolution.
"""

from __future__ import annotations

import hashlib
import ipaddress
import math
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# A level forgets its failures this long after the last one.
MEMORY_SECONDS = 24 * 3600
# The few milliseconds one attempt holds a level while it reads and counts; a crashed
# process leaves the mutex behind at most this long.
MUTEX_SECONDS = 5


def clock() -> float:
    """Now, in seconds since the epoch. Tests replace it to move time without sleeping."""
    return time.time()


@dataclass(frozen=True)
class Limit:
    """One level of counting. After `free` failures, each failure makes the next attempt
    wait `base` seconds, then twice as long each time, never more than `cap`.

    `cleared_by_success`: a success forgets this level's failures (right for the pair: it
    was the owner mistyping); otherwise a success only takes back its own count (an attack
    on the target goes on being slowed after the owner got in)."""

    name: str
    free: int
    base: float
    cap: float
    cleared_by_success: bool = False

    def delay_after(self, failures: int) -> float:
        """Seconds the next attempt waits after `failures` failures."""
        if failures < self.free:
            return 0.0
        return float(min(self.cap, self.base * 2 ** min(failures - self.free, 62)))


class Throttled(Exception):
    """Refused without checking: try again in `seconds` (whole seconds, at least 1)."""

    def __init__(self, seconds: int):
        super().__init__(f"throttled for {seconds} s")
        self.seconds = seconds


def address_key(address: str) -> str:
    """The part of an address that identifies one subscriber: an IPv6 address by its /64
    (one household or phone gets a whole /64 and can pick any address inside it)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address or "unknown"
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def _digest(ident: str) -> str:
    # Hashed so that phone numbers, usernames and odd input never appear raw in cache keys.
    return hashlib.sha256(ident.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class _Level:
    limit: Limit
    ident: str

    @property
    def key(self) -> str:
        return f"throttle:{self.limit.name}:{_digest(self.ident)}"

    @property
    def count_key(self) -> str:
        return f"{self.key}:n"

    @property
    def at_key(self) -> str:
        return f"{self.key}:at"


@dataclass(frozen=True)
class _State:
    """A level as read: `failures` counted, the latest at `at`; attempts wait until `until`.
    The wait is derived from the atomic count (not stored), so parallel writers cannot
    shorten it by writing an older value last."""

    failures: int
    at: float
    until: float


def _levels(pairs: Iterable[tuple[Limit, str]]) -> list[_Level]:
    return [_Level(limit, ident) for limit, ident in pairs]


def _read(levels: list[_Level]) -> dict[str, _State]:
    stored = cache.get_many([k for level in levels for k in (level.count_key, level.at_key)])
    states = {}
    for level in levels:
        failures = int(stored.get(level.count_key) or 0)
        at = float(stored.get(level.at_key) or 0.0)
        delay = level.limit.delay_after(failures)
        states[level.key] = _State(failures=failures, at=at, until=at + delay if delay else 0.0)
    return states


def _incr(key: str) -> int:
    if cache.add(key, 1, timeout=MEMORY_SECONDS):
        return 1
    try:
        value = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=MEMORY_SECONDS)
        return 1
    cache.touch(key, MEMORY_SECONDS)
    return int(value)


def _decr(key: str) -> None:
    try:
        if int(cache.decr(key)) <= 0:
            cache.delete(key)
    except ValueError:  # already forgotten
        pass


def _seconds(until: float, now: float) -> int:
    return max(1, math.ceil(until - now))


def _wait(levels: list[_Level], now: float) -> tuple[int, dict[str, _State]]:
    """(seconds to wait or 0, each level's state)."""
    states = _read(levels)
    ahead = [state.until for state in states.values() if state.until > now]
    return (_seconds(max(ahead), now) if ahead else 0), states


def wait_seconds(*pairs: tuple[Limit, str], now: float | None = None) -> int:
    """Seconds before an attempt on these levels would be checked; 0 when it may go now."""
    seconds, _states = _wait(_levels(pairs), clock() if now is None else now)
    return seconds


def check(*pairs: tuple[Limit, str], now: float | None = None) -> None:
    """Raise Throttled while any level makes attempts wait (counts nothing)."""
    seconds = wait_seconds(*pairs, now=now)
    if seconds:
        raise Throttled(seconds)


def fail(*pairs: tuple[Limit, str], count: int = 1, now: float | None = None) -> None:
    """Count `count` failures that were not reserved with `attempt` (e.g. unknown tokens
    looked up in one request)."""
    now = clock() if now is None else now
    for level in _levels(pairs):
        for _i in range(max(0, count)):
            _incr(level.count_key)
        cache.set(level.at_key, now, timeout=MEMORY_SECONDS)


@dataclass
class _Taken:
    level: _Level


@dataclass
class Attempt:
    """An attempt counted as a failure in advance; call `succeeded()` if it was right."""

    taken: list[_Taken]
    done: bool = field(default=False)

    def succeeded(self) -> None:
        """The secret was right: the pair levels forget their failures; on the other levels
        the attempt stops counting as a failure (the owner's success does not lengthen the
        delays), and an attack on the target goes on being slowed from this moment."""
        if self.done:
            return
        self.done = True
        for taken in self.taken:
            level = taken.level
            if level.limit.cleared_by_success:
                cache.delete_many([level.count_key, level.at_key])
            else:
                _decr(level.count_key)

    def failed(self) -> None:
        """Nothing to do (it was counted in advance); says so at the call site."""
        self.done = True


def _undo(taken: _Taken) -> None:
    """Take back an attempt that was refused after counting. Its time stays: it is a
    moment at which the level was tried, and moving the time back could shorten a wait
    that a parallel attempt has just started."""
    _decr(taken.level.count_key)


def _reserve(level: _Level, *, now: float, exclusive: bool) -> _Taken | None:
    """Count one attempt on `level`; None if it must not be checked (then nothing stays
    counted). The time is written before the count, so whoever reads the new count also
    reads its time."""
    cache.set(level.at_key, now, timeout=MEMORY_SECONDS)
    taken = _Taken(level=level)
    failures = _incr(level.count_key)
    if level.limit.delay_after(failures - 1) and not exclusive:
        # Parallel attempts went past the free ones together: this one is over the budget.
        _undo(taken)
        return None
    return taken


def attempt(*pairs: tuple[Limit, str], now: float | None = None) -> Attempt:
    """Reserve one checked attempt on every level, or raise Throttled with the wait.

    The attempt is counted as a failure at once; the caller then checks the secret and calls
    `succeeded()` if it was right. On a level whose delays apply, the attempt first takes
    that level's short-lived mutex (`cache.add`) and re-reads it, so of parallel attempts
    exactly one is checked per opening; the others are refused with the wait. Every level
    is checked before any is written, so a refused attempt leaves no trace."""
    now = clock() if now is None else now
    levels = _levels(pairs)
    seconds, states = _wait(levels, now)
    if seconds:
        raise Throttled(seconds)
    mutexes: list[str] = []
    try:
        exclusive = {}
        for level in levels:
            exclusive[level.key] = states[level.key].failures >= level.limit.free
            if exclusive[level.key]:
                mutex = f"{level.key}:mutex"
                if not cache.add(mutex, 1, timeout=MUTEX_SECONDS):
                    raise Throttled(1)  # another attempt is being let through right now
                mutexes.append(mutex)
                state = _read([level])[level.key]
                if state.until > now:
                    raise Throttled(_seconds(state.until, now))
        taken: list[_Taken] = []
        for level in levels:
            reserved = _reserve(level, now=now, exclusive=exclusive[level.key])
            if reserved is None:
                for earlier in taken:
                    _undo(earlier)
                raise Throttled(_seconds(now + level.limit.base, now))
            taken.append(reserved)
    finally:
        cache.delete_many(mutexes)
    return Attempt(taken=taken)


def wait_text(seconds: int) -> str:
    """The wait in plain words: "30秒", "2分30秒", "15分钟", "1小时", "1小时5分钟"."""
    seconds = max(1, int(seconds))
    if seconds >= 3600:
        hours, rest = divmod(seconds, 3600)
        minutes = math.ceil(rest / 60)
        if minutes == 60:
            hours, minutes = hours + 1, 0
        if not minutes:
            return ngettext("%(h)d小时", "%(h)d小时", hours) % {"h": hours}
        return _("%(h)d小时%(m)d分钟") % {"h": hours, "m": minutes}
    minutes, rest = divmod(seconds, 60)
    if not minutes:
        return ngettext("%(s)d秒", "%(s)d秒", rest) % {"s": rest}
    if not rest:
        return ngettext("%(m)d分钟", "%(m)d分钟", minutes) % {"m": minutes}
    return _("%(m)d分%(s)d秒") % {"m": minutes, "s": rest}
