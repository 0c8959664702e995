from eqiao.core import ratelimit


def test_limit_allows_up_to_the_limit_then_refuses():
    results = [ratelimit.hit("t:ip:1", limit=3, window_seconds=60) for _ in range(5)]
    assert results == [True, True, True, False, False]
    assert ratelimit.count("t:ip:1", window_seconds=60) == 5


def test_keys_are_counted_separately_and_reset():
    for _ in range(3):
        ratelimit.hit("t:a", limit=2, window_seconds=60)
    assert ratelimit.hit("t:b", limit=2, window_seconds=60)
    ratelimit.reset("t:a", window_seconds=60)
    assert ratelimit.hit("t:a", limit=2, window_seconds=60)


def test_window_starts_at_the_first_attempt():
    """A limit of one per minute holds for a full minute from the first attempt."""
    assert ratelimit.hit("t:otp", limit=1, window_seconds=60)
    assert not ratelimit.hit("t:otp", limit=1, window_seconds=60)
    assert ratelimit.count("t:otp", window_seconds=60) == 2


def test_the_wait_is_what_is_left_of_the_window(throttle_clock):
    ratelimit.hit("t:w", limit=1, window_seconds=3600)
    throttle_clock.advance(600)
    assert not ratelimit.hit("t:w", limit=1, window_seconds=3600)
    assert ratelimit.seconds_left("t:w", window_seconds=3600) == 3000
