"""The real HTTP gateway against the loopback fake provider: what goes over the wire, and
how each kind of answer becomes sent / retry / give up."""

from __future__ import annotations

import httpx
import pytest

from eqiao.channels.sms import PermanentError, TransientError, get_gateway
from eqiao.channels.sms.backends.http import HttpSmsGateway
from eqiao.channels.sms.fake_server import FakeSmsProvider

PHONE = "13800138000"


def gateway(provider: FakeSmsProvider, **kwargs) -> HttpSmsGateway:
    return HttpSmsGateway(url=provider.url, key=provider.key, **kwargs)


def test_send_posts_phone_text_and_signature_with_the_bearer_key(sms_provider):
    result = gateway(sms_provider, signature="【聊城检察】").send(
        phone=PHONE, text="【聊城检察】您好"
    )

    assert result.provider_id == "fake-1"
    [sms] = sms_provider.messages
    assert (sms.phone, sms.text, sms.signature) == (PHONE, "【聊城检察】您好", "聊城检察")


def test_the_setting_selects_the_http_gateway(http_sms):
    assert isinstance(get_gateway(), HttpSmsGateway)
    assert get_gateway().send(phone=PHONE, text="测试").provider_id.startswith("fake-")


@pytest.mark.parametrize("status", [500, 502, 503, 429])
def test_server_errors_and_throttling_are_transient(sms_provider, status):
    sms_provider.fail_next(1, status=status)
    with pytest.raises(TransientError) as exc:
        gateway(sms_provider).send(phone=PHONE, text="测试")
    assert str(status) in str(exc.value)
    assert sms_provider.messages == []


def test_a_timeout_is_transient(sms_provider):
    sms_provider.delay_next(1, seconds=1.0)
    quick = httpx.Timeout(0.2, connect=0.2)
    with pytest.raises(TransientError, match="timed out"):
        gateway(sms_provider, timeout=quick).send(phone=PHONE, text="测试")


def test_an_unreachable_provider_is_transient():
    with FakeSmsProvider() as provider:
        url, key = provider.url, provider.key
    # The server is stopped: the port now refuses connections.
    with pytest.raises(TransientError, match="unreachable"):
        HttpSmsGateway(url=url, key=key).send(phone=PHONE, text="测试")


def test_a_rejected_message_is_permanent_and_the_phone_stays_out_of_the_error(sms_provider):
    with pytest.raises(PermanentError) as exc:
        gateway(sms_provider).send(phone="12345", text="测试")
    assert "400" in str(exc.value) and "invalid_phone" in str(exc.value)
    assert "12345" not in str(exc.value)


def test_a_wrong_key_is_retried_not_thrown_away(sms_provider):
    with pytest.raises(TransientError, match="credentials"):
        HttpSmsGateway(url=sms_provider.url, key="wrong").send(phone=PHONE, text="测试")


def test_provider_json_never_escapes(sms_provider):
    sms_provider.fail_next(1, status=400, error="x" * 500)
    with pytest.raises(PermanentError) as exc:
        gateway(sms_provider).send(phone=PHONE, text="测试")
    assert "xxxx" not in str(exc.value)


def test_no_url_is_a_transient_configuration_error():
    with pytest.raises(TransientError, match="EQIAO_SMS_HTTP_URL"):
        HttpSmsGateway(url="", key="k").send(phone=PHONE, text="测试")
