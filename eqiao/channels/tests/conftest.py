"""The loopback SMS provider, and settings that point the real HTTP gateway at it."""

from __future__ import annotations

import pytest

from eqiao.channels.sms.fake_server import FakeSmsProvider

HTTP_GATEWAY = "eqiao.channels.sms.backends.http.HttpSmsGateway"


@pytest.fixture
def sms_provider():
    with FakeSmsProvider() as provider:
        yield provider


@pytest.fixture
def http_sms(settings, sms_provider):
    """Deliver SMS through HttpSmsGateway to the loopback provider; yields the provider."""
    settings.EQIAO_SMS_GATEWAY = HTTP_GATEWAY
    settings.EQIAO_SMS_HTTP_URL = sms_provider.url
    settings.EQIAO_SMS_HTTP_KEY = sms_provider.key
    return sms_provider
