"""The real HTTP gateway against the loopback fake provider: what goes over the wire, and
how each kind of answer becomes sent / retry / give up."""

from __future__ import annotations

import httpx
import pytest

from eqiao.channels.providers import (
    Outgoing,
    PermanentError,
    SendResult,
    TransientError,
    provider_get,
)
from eqiao.channels.providers.sms_http import HttpSmsProvider
from eqiao.channels.providers.sms_http.fake_server import FakeSmsProvider

PHONE = "13800138000"


def gateway(provider: FakeSmsProvider, **kwargs) -> HttpSmsProvider:
    return HttpSmsProvider(url=provider.url, key=provider.key, **kwargs)


def sms(text: str = "测试", phone: str = PHONE, **kwargs) -> Outgoing:
    return Outgoing(recipient=phone, text=text, **kwargs)


def test_send_posts_phone_text_and_signature_with_the_bearer_key(sms_provider):
    result = gateway(sms_provider, signature="【聊城检察】").send(sms("【聊城检察】您好"))

    assert result.provider_id == "fake-1"
    [received] = sms_provider.messages
    assert (received.phone, received.text, received.signature) == (
        PHONE,
        "【聊城检察】您好",
        "聊城检察",
    )


def test_the_setting_selects_the_http_provider(http_sms):
    assert isinstance(provider_get("sms"), HttpSmsProvider)
    assert provider_get("sms").send(sms()).provider_id.startswith("fake-")


@pytest.mark.parametrize("status", [500, 502, 503, 429])
def test_server_errors_and_throttling_are_transient(sms_provider, status):
    sms_provider.fail_next(1, status=status)
    with pytest.raises(TransientError) as exc:
        gateway(sms_provider).send(sms())
    assert str(status) in str(exc.value)
    assert sms_provider.messages == []


def test_a_timeout_is_transient(sms_provider):
    sms_provider.delay_next(1, seconds=1.0)
    quick = httpx.Timeout(0.2, connect=0.2)
    with pytest.raises(TransientError, match="timed out"):
        gateway(sms_provider, timeout=quick).send(sms())


def test_an_unreachable_provider_is_transient():
    with FakeSmsProvider() as provider:
        url, key = provider.url, provider.key
    # The server is stopped: the port now refuses connections.
    with pytest.raises(TransientError, match="unreachable"):
        HttpSmsProvider(url=url, key=key).send(sms())


def test_a_rejected_message_is_permanent_and_the_phone_stays_out_of_the_error(sms_provider):
    with pytest.raises(PermanentError) as exc:
        gateway(sms_provider).send(sms(phone="12345"))
    assert "400" in str(exc.value) and "invalid_phone" in str(exc.value)
    assert "12345" not in str(exc.value)


def test_a_wrong_key_is_retried_not_thrown_away(sms_provider):
    with pytest.raises(TransientError, match="credentials"):
        HttpSmsProvider(url=sms_provider.url, key="wrong").send(sms())


def test_provider_json_never_escapes(sms_provider):
    sms_provider.fail_next(1, status=400, error="x" * 500)
    with pytest.raises(PermanentError) as exc:
        gateway(sms_provider).send(sms())
    assert "xxxx" not in str(exc.value)


def test_no_url_is_a_transient_configuration_error():
    with pytest.raises(TransientError, match="EQIAO_SMS_HTTP_URL"):
        HttpSmsProvider(url="", key="k").send(sms())


def test_a_repeated_idempotency_key_reaches_the_person_once(sms_provider):
    first = gateway(sms_provider).send(sms(idempotency_key="receipt:1"))
    again = gateway(sms_provider).send(sms(idempotency_key="receipt:1"))
    other = gateway(sms_provider).send(sms(idempotency_key="receipt:2"))

    assert first == again != other
    assert [m.client_id for m in sms_provider.messages] == ["receipt:1", "receipt:2"]


def test_the_templates_provider_code_and_parameters_go_to_the_gateway(sms_provider):
    codes = {"portal.login_code": "SMS_OTP"}
    gateway(sms_provider, template_codes=codes).send(
        sms("【聊城检察】验证码123456", template="portal.login_code", params={"code": "123456"})
    )
    [received] = sms_provider.messages
    assert (received.template, received.params) == ("SMS_OTP", {"code": "123456"})
    assert received.text == "【聊城检察】验证码123456"


def test_a_template_without_a_code_is_refused_by_a_template_only_gateway(sms_provider):
    provider = gateway(sms_provider, template_codes={}, template_only=True)
    with pytest.raises(PermanentError, match="portal.login_code"):
        provider.send(sms("【聊城检察】验证码123456", template="portal.login_code"))
    assert sms_provider.requests == 0


def test_a_batch_is_one_request_with_a_result_per_message(sms_provider):
    provider = gateway(sms_provider, batch_url=sms_provider.batch_url)
    results = provider.send_batch(
        [
            sms("一", idempotency_key="k1"),
            sms("二", phone="12345", idempotency_key="k2"),
            sms("三", phone="13900139000", idempotency_key="k3"),
        ]
    )

    assert sms_provider.requests == 1
    assert isinstance(results[0], SendResult) and isinstance(results[2], SendResult)
    assert isinstance(results[1], PermanentError) and "invalid_phone" in str(results[1])
    assert [m.text for m in sms_provider.messages] == ["一", "三"]


def test_a_failing_batch_request_fails_every_message_in_it(sms_provider):
    sms_provider.fail_next(1, status=503)
    provider = gateway(sms_provider, batch_url=sms_provider.batch_url)
    results = provider.send_batch(
        [sms("一", idempotency_key="k1"), sms("二", idempotency_key="k2")]
    )
    assert all(isinstance(r, TransientError) for r in results)
