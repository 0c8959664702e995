"""The inbound SMS parser on recorded provider payloads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eqiao.channels.providers.sms_http.inbound import InboundSms, InboundSmsError, sms_inbound_parse

FIXTURES = Path(__file__).parent / "fixtures" / "sms_inbound"


def load(name: str):
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def test_a_plain_reply():
    assert sms_inbound_parse(load("reply_plain")) == InboundSms(
        phone="13906351234",
        text="我的事情到现在还没有人管，工资还是没发。",
        provider_id="mo-20261130-000187",
    )


def test_an_international_prefix_spaces_dashes_and_a_numeric_id():
    sms = sms_inbound_parse(load("new_international_prefix"))
    assert (sms.phone, sms.provider_id) == ("13906350002", "88412093")


def test_full_width_digits_and_windows_line_ends():
    sms = sms_inbound_parse(load("fullwidth_sender"))
    assert sms.phone == "13906350003"
    assert sms.text == "冠县甘官屯有人非法占地，村干部收了钱。\n请检察院查一查。"


@pytest.mark.parametrize(
    ("fixture", "field"),
    [("bad_sender_shortcode", "from"), ("bad_empty_text", "text"), ("bad_missing_id", "id")],
)
def test_bad_payloads_name_the_field(fixture, field):
    with pytest.raises(InboundSmsError) as exc:
        sms_inbound_parse(load(fixture))
    assert exc.value.field == field
    assert exc.value.message


@pytest.mark.parametrize(
    "payload",
    [
        None,
        [],
        "text",
        {"from": True, "text": "x", "id": "1"},
        {"from": "13906351234", "text": 5, "id": "1"},
        {"from": "13906351234", "text": "字" * 2001, "id": "1"},
        {"from": "13906351234", "text": "你好", "id": "a b"},
        {"from": "13906351234", "text": "你好", "id": "x" * 101},
    ],
)
def test_wrong_shapes_and_types_are_refused_not_crashed(payload):
    with pytest.raises(InboundSmsError):
        sms_inbound_parse(payload)
