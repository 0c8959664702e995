from eqiao.portal.throttle import Lockout


def test_lockout_counts_failures_and_reports_the_wait():
    lock = Lockout("test", max_failures=3, window_seconds=60, base_lock_seconds=120)
    assert lock.fail("x") == 0 and lock.fail("x") == 0
    assert lock.locked_for("x") == 0
    assert lock.fail("x") == 120
    assert 119 <= lock.locked_for("x") <= 120
    assert lock.locked_for("y") == 0


def test_clear_forgets_failures():
    lock = Lockout("test", max_failures=2, window_seconds=60, base_lock_seconds=120)
    lock.fail("x")
    lock.clear("x")
    assert lock.fail("x") == 0
