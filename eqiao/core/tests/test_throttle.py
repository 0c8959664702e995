"""Growing delays instead of lockouts: what a person guessing, an attacker spread over many
addresses and the owner each experience. Time is passed in (`now`), never read from the
wall clock; the same behaviour is checked on Redis when one is reachable on loopback."""

from __future__ import annotations

import socket
import threading
import uuid

import pytest
from django.test import override_settings

from eqiao.core import throttle
from eqiao.core.throttle import Limit, Throttled

T0 = 1_800_000_000.0  # a fixed moment; the throttle only compares stored times with `now`

PAIR = Limit("t-pair", free=3, base=5, cap=300, cleared_by_success=True)
TARGET = Limit("t-target", free=10, base=5, cap=60)
SOURCE = Limit("t-source", free=30, base=5, cap=900)


def levels(address: str, target: str) -> tuple[tuple[Limit, str], ...]:
    return ((PAIR, f"{address}|{target}"), (TARGET, target), (SOURCE, address))


def guess(address: str, target: str, *, now: float, right: bool = False) -> bool:
    """One guess; True when it was checked, False when refused with a wait."""
    try:
        attempt = throttle.attempt(*levels(address, target), now=now)
    except Throttled:
        return False
    attempt.succeeded() if right else attempt.failed()
    return True


def wait(address: str, target: str, *, now: float) -> int:
    return throttle.wait_seconds(*levels(address, target), now=now)


def _redis_reachable() -> bool:
    try:
        import redis  # noqa: F401
    except ImportError:
        return False
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.5).close()
    except OSError:
        return False
    return True


@pytest.fixture(params=["locmem", "redis"])
def backend(request):
    """Run the test on the local-memory cache and, where one is reachable, on Redis (with a
    key prefix of its own, removed afterwards: the server may be shared)."""
    if request.param == "locmem":
        yield "locmem"
        return
    if not _redis_reachable():
        pytest.skip("no Redis on 127.0.0.1:6379 (or no redis client): locmem covers it")
    prefix = f"eqiao-test-{uuid.uuid4().hex}"
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": prefix,
        }
    }
    with override_settings(CACHES=caches):
        yield "redis"
    import redis

    client = redis.Redis(host="127.0.0.1", port=6379, db=15)
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)


def test_delays_grow_after_the_free_tries_and_are_capped(backend):
    now = T0
    waits = []
    for _i in range(12):
        seconds = wait("10.0.0.1", "n1", now=now)
        now += seconds  # the person waits exactly as long as they were told
        assert guess("10.0.0.1", "n1", now=now)
        waits.append(seconds)
    assert waits[:3] == [0, 0, 0]  # three free tries
    assert waits[3:9] == [5, 10, 20, 40, 80, 160]  # then each wait twice the last
    assert waits[9:] == [300, 300, 300]  # up to the cap


def test_a_refused_attempt_is_not_checked_and_does_not_lengthen_the_wait(backend):
    for _i in range(3):
        assert guess("10.0.0.1", "n1", now=T0)
    with pytest.raises(Throttled) as refused:
        throttle.attempt(*levels("10.0.0.1", "n1"), now=T0 + 1)
    assert refused.value.seconds == 4  # the real end of the delay, not a rounded window
    for second in range(2, 5):
        assert not guess("10.0.0.1", "n1", now=T0 + second)
    assert guess("10.0.0.1", "n1", now=T0 + 5)


def test_the_owners_success_forgets_their_mistakes(backend):
    for _i in range(3):
        guess("10.0.0.1", "n1", now=T0)
    assert guess("10.0.0.1", "n1", now=T0 + 5, right=True)
    # Mistyping again later starts from free tries, not from a long wait.
    assert [guess("10.0.0.1", "n1", now=T0 + 10) for _i in range(3)] == [True] * 3


def test_one_address_trying_many_targets_has_a_generous_budget_then_waits(backend):
    checked = [guess("10.0.0.1", f"user{i}", now=T0) for i in range(40)]
    assert checked[:30] == [True] * 30
    assert not any(checked[30:])
    # Another address behind a different router is not affected.
    assert guess("10.0.0.2", "user1", now=T0)


def test_an_attack_from_100_addresses_stays_slow_and_the_owner_gets_in_soon_after(backend):
    """100 addresses guess one target for an hour, each as soon as it is allowed: the target
    level lets through at most one guess per cap (60 s) after the free ten, and the owner,
    arriving from a new address with the right password, is let in within that cap."""
    bots = [f"172.16.{i}.9" for i in range(100)]
    checked = 0
    now = T0
    while now < T0 + 3600:
        checked += sum(guess(bot, "260101123456", now=now) for bot in bots)
        # Every bot comes back the moment the first of them may guess again.
        now += max(1, min(wait(bot, "260101123456", now=now) for bot in bots))
    # The attack's last round: one bot gets its guess, just before the owner arrives.
    assert sum(guess(bot, "260101123456", now=now) for bot in bots) == 1
    assert checked + 1 <= 10 + 4 + 3600 // 60 + 1  # ten free, 5/10/20/40 s, then one a minute
    owner = "10.1.2.3"
    told = wait(owner, "260101123456", now=now)
    assert 0 < told <= TARGET.cap
    assert guess(owner, "260101123456", now=now + told, right=True)


def test_the_owners_success_does_not_reopen_the_target_to_the_attacker(backend):
    for bot in range(11):
        guess(f"172.16.0.{bot}", "n1", now=T0)
    owner_at = T0 + wait("10.1.2.3", "n1", now=T0)
    assert guess("10.1.2.3", "n1", now=owner_at, right=True)
    # The attack is still slowed from the owner's visit on, and by no more than before:
    # the owner's success is not counted as a failure.
    assert wait("172.16.1.1", "n1", now=owner_at) == 5
    assert guess("172.16.1.1", "n1", now=owner_at + 5)
    assert wait("172.16.1.2", "n1", now=owner_at + 5) == 10


def test_parallel_guesses_are_all_counted_and_get_no_extra_checks(backend):
    """Twenty threads guess at the same instant from one address: three free checks and
    the one opening after them, however the threads interleave; every check is counted."""
    results: list[bool] = []
    lock = threading.Lock()
    start = threading.Barrier(20)

    def run():
        start.wait()
        ok = guess("10.0.0.1", "n1", now=T0)
        with lock:
            results.append(ok)

    threads = [threading.Thread(target=run) for _i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    checked = sum(results)
    assert 3 <= checked <= 4
    # Every checked guess counted: the wait is the one after `checked` failures.
    assert wait("10.0.0.1", "n1", now=T0) == PAIR.delay_after(checked)


def test_failures_without_an_attempt_are_counted_too(backend):
    throttle.fail((SOURCE, "10.0.0.1"), count=30, now=T0)
    with pytest.raises(Throttled) as refused:
        throttle.check((SOURCE, "10.0.0.1"), now=T0 + 1)
    assert refused.value.seconds == 4


def test_an_ipv6_subscriber_is_one_address_for_its_whole_64():
    assert throttle.address_key("2001:db8:1:2::1") == throttle.address_key("2001:db8:1:2:ffff::9")
    assert throttle.address_key("2001:db8:1:3::1") != throttle.address_key("2001:db8:1:2::1")
    assert throttle.address_key("::ffff:10.0.0.1") == "10.0.0.1"
    assert throttle.address_key("unknown") == "unknown"


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (1, "1秒"),
        (59, "59秒"),
        (60, "1分钟"),
        (150, "2分30秒"),
        (900, "15分钟"),
        (3600, "1小时"),
        (3660, "1小时1分钟"),
        (3601, "1小时1分钟"),  # rounded up: never a wait shorter than the real one
        (7199, "2小时"),
    ],
)
def test_the_wait_is_said_in_plain_words(seconds, words):
    assert throttle.wait_text(seconds) == words
