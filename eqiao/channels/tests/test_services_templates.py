"""Messages are queued by template name + parameters: the record keeps both and the rendered
text (signature first, site language), the HTTP gateway gets the provider's code where one
is configured, a template-only gateway refuses a template without one, and a wrong name or
parameter fails at queue time instead of sending half a message."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.utils import translation

from config.settings.base import env_map
from eqiao.channels.checks import sms_templates_have_codes
from eqiao.channels.models import MessageStatus, OutboundMessage
from eqiao.channels.services import (
    message_deliver,
    message_template_unregister,
    messages_deliver_due,
    sms_queue,
    sms_template_register,
)

PHONE = "13800138000"
pytestmark = pytest.mark.django_db


@pytest.fixture
def code_template():
    sms_template_register(
        name="test.code",
        text="您的验证码是%(code)s，%(minutes)s分钟内有效。",
        params=("code", "minutes"),
        requested=True,
    )
    yield "test.code"
    message_template_unregister(name="test.code")


def queue_code(phone: str = PHONE, **kwargs) -> OutboundMessage:
    return sms_queue(
        phone=phone, template="test.code", params={"code": "123456", "minutes": 10}, **kwargs
    )


def test_the_record_holds_template_params_and_the_rendered_text(
    sms_outbox, code_template, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue_code()

    message.refresh_from_db()
    assert message.template == "test.code"
    assert message.params == {"code": "123456", "minutes": "10"}
    assert message.text == "【聊城检察】您的验证码是123456，10分钟内有效。"
    assert message.requested  # from the template: a code the person asked for
    [sent] = sms_outbox
    assert sent.text == message.text and sent.template == "test.code"


def test_the_text_is_in_the_site_language_whatever_the_actor_reads(sms_outbox):
    # channels' own opt-out confirmation has an English translation; the SMS stays Chinese.
    with translation.override("en"):
        message = sms_queue(phone=PHONE, template="channels.optout")
    assert message.text.startswith("【聊城检察】您已退订")


def test_the_gateway_gets_the_provider_code_and_params_when_one_is_configured(
    http_sms, settings, code_template
):
    settings.EQIAO_SMS_TEMPLATE_CODES = {"test.code": "SMS_1234"}
    message = queue_code()

    assert message_deliver(message_id=message.pk) == MessageStatus.SENT
    [received] = http_sms.messages
    assert received.template == "SMS_1234"
    assert received.params == {"code": "123456", "minutes": "10"}
    assert received.text == "【聊城检察】您的验证码是123456，10分钟内有效。"


def test_without_a_code_the_gateway_gets_the_text_alone(http_sms, code_template):
    message = queue_code()
    message_deliver(message_id=message.pk)
    [received] = http_sms.messages
    assert received.template == "" and received.params == {}
    assert received.text == "【聊城检察】您的验证码是123456，10分钟内有效。"


def test_a_template_only_gateway_refuses_a_template_without_a_code(
    http_sms, settings, code_template
):
    settings.EQIAO_SMS_HTTP_TEMPLATE_ONLY = True
    message = queue_code()

    assert message_deliver(message_id=message.pk) == MessageStatus.FAILED
    message.refresh_from_db()
    assert "test.code" in message.last_error and "EQIAO_SMS_TEMPLATE_CODES" in message.last_error
    assert http_sms.requests == 0


def test_in_a_batch_only_the_message_without_a_code_is_refused(http_sms, settings, code_template):
    settings.EQIAO_SMS_HTTP_TEMPLATE_ONLY = True
    settings.EQIAO_SMS_TEMPLATE_CODES = {"test.code": "SMS_1234"}
    coded = [queue_code(phone) for phone in ("13800138001", "13800138002")]
    uncoded = sms_queue(phone="13800138003", template="channels.optin")

    assert messages_deliver_due() == 3

    statuses = dict(OutboundMessage.objects.values_list("pk", "status"))
    assert [statuses[m.pk] for m in coded] == [MessageStatus.SENT, MessageStatus.SENT]
    assert statuses[uncoded.pk] == MessageStatus.FAILED
    assert http_sms.requests == 1
    assert {m.template for m in http_sms.messages} == {"SMS_1234"}


def test_an_unknown_template_fails_at_queue_time():
    with pytest.raises(ValueError, match="test.nothing"):
        sms_queue(phone=PHONE, template="test.nothing", params={})
    assert not OutboundMessage.objects.exists()


@pytest.mark.parametrize(
    "params",
    [
        {"code": "123456"},
        {"code": "123456", "minutes": 10, "extra": "x"},
        {"code": None, "minutes": 1},
    ],
)
def test_a_missing_or_unexpected_parameter_fails_at_queue_time(code_template, params):
    with pytest.raises(ValueError, match="test.code"):
        sms_queue(phone=PHONE, template="test.code", params=params)
    assert not OutboundMessage.objects.exists()


@pytest.mark.parametrize(
    ("text", "params"),
    [
        ("验证码%(code)s", ()),  # a placeholder nobody declared
        ("验证码", ("code",)),  # a declared parameter the text never uses
        ("还剩%(minutes)d分钟", ("minutes",)),  # only %(name)s: parameters travel as text
        ("百分之50%", ()),
    ],
)
def test_a_template_whose_text_and_params_disagree_is_refused(text, params):
    with pytest.raises(ValueError):
        sms_template_register(name="test.bad", text=text, params=params)
    message_template_unregister(name="test.bad")


def test_a_taken_name_cannot_get_another_text(code_template):
    sms_template_register(  # the same again is harmless (ready() may run twice)
        name="test.code",
        text="您的验证码是%(code)s，%(minutes)s分钟内有效。",
        params=("code", "minutes"),
        requested=True,
    )
    with pytest.raises(ValueError, match="already registered"):
        sms_template_register(name="test.code", text="验证码%(code)s", params=("code",))


def test_the_check_names_templates_without_a_code_on_a_template_only_gateway(
    settings, code_template
):
    settings.EQIAO_SMS_PROVIDER = "sms_http"
    settings.EQIAO_SMS_HTTP_TEMPLATE_ONLY = True
    settings.EQIAO_SMS_TEMPLATE_CODES = {"channels.optout": "SMS_1"}

    [error] = sms_templates_have_codes()

    assert error.id == "channels.E004"
    assert "test.code" in error.msg and "channels.optin" in error.msg
    assert "channels.optout" not in error.msg


def test_the_check_is_quiet_when_text_is_allowed_and_warns_of_unknown_codes(settings):
    settings.EQIAO_SMS_PROVIDER = "sms_http"
    assert sms_templates_have_codes() == []

    settings.EQIAO_SMS_TEMPLATE_CODES = {"intake.reciept": "SMS_1"}
    [warning] = sms_templates_have_codes()
    assert warning.id == "channels.W001" and "intake.reciept" in warning.msg


@pytest.mark.parametrize(
    ("raw", "codes"),
    [
        ("", {}),
        (
            "intake.receipt=SMS_1, portal.login_code=SMS_2",
            {"intake.receipt": "SMS_1", "portal.login_code": "SMS_2"},
        ),
        (
            '{"intake.receipt": "SMS_1", "intake.reply": 2}',
            {"intake.receipt": "SMS_1", "intake.reply": "2"},
        ),
    ],
)
def test_template_codes_are_read_as_pairs_or_json(monkeypatch, raw, codes):
    monkeypatch.setenv("EQIAO_SMS_TEMPLATE_CODES", raw)
    assert env_map("EQIAO_SMS_TEMPLATE_CODES") == codes


@pytest.mark.parametrize("raw", ["intake.receipt", "{not json", '{"a": ["b"]}'])
def test_a_malformed_code_list_stops_the_start(monkeypatch, raw):
    monkeypatch.setenv("EQIAO_SMS_TEMPLATE_CODES", raw)
    with pytest.raises(ImproperlyConfigured):
        env_map("EQIAO_SMS_TEMPLATE_CODES")
