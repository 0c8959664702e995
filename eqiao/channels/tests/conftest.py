"""The loopback SMS gateway, and settings that point the real HTTP provider at it."""

from __future__ import annotations

import pytest

from eqiao.channels.providers.sms_http.fake_server import FakeSmsProvider


@pytest.fixture
def sms_provider():
    with FakeSmsProvider() as provider:
        yield provider


@pytest.fixture
def http_sms(settings, sms_provider):
    """Deliver SMS through HttpSmsProvider to the loopback gateway; yields the gateway."""
    settings.EQIAO_SMS_PROVIDER = "sms_http"
    settings.EQIAO_SMS_HTTP_URL = sms_provider.url
    settings.EQIAO_SMS_HTTP_BATCH_URL = sms_provider.batch_url
    settings.EQIAO_SMS_HTTP_KEY = sms_provider.key
    return sms_provider
