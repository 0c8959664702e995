"""Fixtures shared by every app's tests, and the guard that keeps tests off the network."""

from __future__ import annotations

import ipaddress
import os
import socket

import pytest

from eqiao.core.i18n import compile_catalogues

compile_catalogues()

_real_connect = socket.socket.connect


def _loopback_only(self, address):
    """Fail loudly when a test reaches past loopback (RapidPro's guard, done at the socket)."""
    if self.family in (socket.AF_INET, socket.AF_INET6) and isinstance(address, tuple):
        host = address[0]
        try:
            allowed = host == "localhost" or ipaddress.ip_address(host).is_loopback
        except ValueError:
            allowed = False
        if not allowed:
            raise RuntimeError(f"test tried to reach {host!r}: only loopback is allowed")
    return _real_connect(self, address)


socket.socket.connect = _loopback_only


def pytest_configure(config):
    """EQIAO_TEST_NOW=2027-01-01T00:30+08:00 (or a date) runs the tests with the wall clock
    moved there and ticking (time-machine): no test may depend on the day it runs."""
    import os

    moment = os.environ.get("EQIAO_TEST_NOW", "").strip()
    if moment:
        import datetime as dt

        import time_machine

        when = dt.datetime.fromisoformat(moment)
        if when.tzinfo is None:
            when = when.replace(tzinfo=dt.timezone(dt.timedelta(hours=8)))
        time_machine.travel(when, tick=True).start()


@pytest.fixture(autouse=True)
def _sms_outbox():
    from eqiao.channels.providers import sms_locmem as locmem

    locmem.outbox.clear()
    yield locmem.outbox
    locmem.outbox.clear()


@pytest.fixture
def sms_outbox(_sms_outbox):
    """The messages the locmem SMS gateway 'sent' during the test."""
    return _sms_outbox


@pytest.fixture
def sms_test_templates():
    """Two SMS templates for tests that send a message no app registers (a survey that the
    follow-ups app will send): `test.notice` and `test.requested` (sent despite an opt-out),
    each with one parameter `text`. Yields the two names."""
    from eqiao.channels.services import message_template_unregister, sms_template_register

    sms_template_register(name="test.notice", text="%(text)s", params=("text",))
    sms_template_register(name="test.requested", text="%(text)s", params=("text",), requested=True)
    yield "test.notice", "test.requested"
    message_template_unregister(name="test.notice")
    message_template_unregister(name="test.requested")


@pytest.fixture(autouse=True)
def _default_language():
    """A test-client request in English must not leave English active for the next test."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


class _Clock:
    """A clock for `core.throttle` that moves only when a test says so."""

    def __init__(self, start: float):
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def throttle_clock(monkeypatch):
    """Freeze the throttle's time at a fixed moment; `throttle_clock.advance(s)` moves it."""
    from eqiao.core import throttle

    clock = _Clock(1_800_000_000.0)
    monkeypatch.setattr(throttle, "clock", clock)
    return clock


@pytest.fixture(autouse=True)
def _clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def office_tree(db):
    """A small real tree: the city, two sibling counties (冠县, 临清市), their outposts
    (清水, 甘官屯 under 冠县; 临东 under 临清市), and staff of every role where tests need them.
    Returns a namespace of offices and staff; every password is 'pass-1234'."""
    from eqiao.offices.tests.factories import build_office_tree

    return build_office_tree()


@pytest.fixture(autouse=True)
def _same_fake_data_every_run():
    """Factories draw the same names and numbers in every run, so a test cannot pass or fail
    by which names Faker happened to pick (a county head once shared a petitioner's name)."""
    import factory.random
    from faker import Faker

    Faker.seed(2015)  # the shared generator behind every Faker("zh_CN") in the factories
    factory.random.reseed_random("eqiao")


# PDFs (WeasyPrint) need the system's Pango. Where it is missing, the tests that render a PDF
# are skipped with the install line, like the browser tests; under CI=true they fail.
PANGO_MISSING = "cannot load library"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    try:
        return (yield)
    except OSError as exc:
        if PANGO_MISSING in str(exc) and os.environ.get("CI") != "true":
            pytest.skip(
                "PDF rendering needs Pango: apt install libpango-1.0-0 libpangoft2-1.0-0 "
                f"fonts-wqy-microhei ({exc})"
            )
        raise
