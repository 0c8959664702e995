# ruff: noqa: F811 - the fixtures imported from eqiao.channels.tests.wechat
"""Binding a follower to a phone with an SMS code, unbinding, and notifications to bound
followers (an SMS about the person's petition reaches their WeChat too)."""

from __future__ import annotations

import re

import pytest

from eqiao.channels.models import WeChatFollower
from eqiao.channels.services import message_template_unregister, sms_queue
from eqiao.channels.services.wechat import wechat_companion_register
from eqiao.channels.services.wechat.notify import _companions
from eqiao.channels.tests.wechat import (  # noqa: F401 - fixtures
    WeChatServer,
    text_xml,
    wechat_account,
    wechat_outbox,
)

pytestmark = pytest.mark.django_db
OPENID = "oBinder00000000000000000001"
PHONE = "13906350088"


@pytest.fixture
def server(client, wechat_account):
    return WeChatServer(client, encrypted=True)


class Say:
    def __init__(self, server):
        self.server, self.msg_id = server, 100

    def __call__(self, text: str, openid: str = OPENID) -> str:
        self.msg_id += 1
        return self.server.reply(self.server.push(text_xml(openid, text, self.msg_id)))


@pytest.fixture
def say(server, django_capture_on_commit_callbacks):
    return Say(server)


def code_from(sms_outbox) -> str:
    found = re.search(r"验证码(\d{6})", sms_outbox[-1].text)
    assert found
    return found.group(1)


def bind(say, sms_outbox, captured) -> None:
    with captured(execute=True):
        assert "验证码已发送到139****0088" in say(f"绑定 {PHONE}")
    assert "绑定成功" in say(code_from(sms_outbox))


def test_a_follower_binds_their_phone_with_the_sms_code(
    say, sms_outbox, django_capture_on_commit_callbacks
):
    assert "例如：绑定 13812345678" in say("绑定")
    with django_capture_on_commit_callbacks(execute=True):
        say(f"绑定手机 {PHONE}")
    [sms] = sms_outbox
    assert sms.phone == PHONE and "验证码" in sms.text
    follower = WeChatFollower.objects.get(openid=OPENID)
    assert follower.phone == "" and code_from(sms_outbox) not in follower.code_hash
    assert "绑定成功" in say(code_from(sms_outbox))
    follower.refresh_from_db()
    assert follower.phone == PHONE and follower.bound_at is not None


def test_a_wrong_code_is_refused_and_five_void_it(
    say, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        say(f"绑定 {PHONE}")
    good = code_from(sms_outbox)
    wrong = "000000" if good != "000000" else "111111"
    for _attempt in range(4):
        assert "验证码不正确" in say(wrong)
    assert "错误次数过多" in say(wrong)
    # The right code no longer binds: it is taken as an ordinary message.
    assert "绑定成功" not in say(good)
    assert WeChatFollower.objects.get(openid=OPENID).phone == ""


def test_a_bad_phone_and_too_many_codes(say, sms_outbox, django_capture_on_commit_callbacks):
    assert "手机号应为11位数字" in say("绑定 12345678901")
    with django_capture_on_commit_callbacks(execute=True):
        for _attempt in range(5):
            assert "验证码已发送" in say(f"绑定 {PHONE}")
        assert "太频繁" in say(f"绑定 {PHONE}")
    assert len(sms_outbox) == 5


def test_a_follower_unbinds(say, sms_outbox, django_capture_on_commit_callbacks):
    assert "还没有绑定" in say("解绑")
    bind(say, sms_outbox, django_capture_on_commit_callbacks)
    assert "已解除与手机139****0088的绑定" in say("解绑")
    assert WeChatFollower.objects.get(openid=OPENID).phone == ""


def test_an_sms_notification_reaches_the_bound_follower_on_wechat(
    say, sms_outbox, wechat_outbox, django_capture_on_commit_callbacks, sms_test_templates
):
    wechat_companion_register(
        sms_template="test.requested",
        wechat_template="test.requested",
        text="微信通知：%(text)s",
        params=("text",),
        requested=True,
    )
    try:
        bind(say, sms_outbox, django_capture_on_commit_callbacks)
        with django_capture_on_commit_callbacks(execute=True):
            sms_queue(phone=PHONE, template="test.requested", params={"text": "有新的答复"})
            sms_queue(phone="13906350099", template="test.requested", params={"text": "别人的"})
        [sent] = wechat_outbox
        assert (sent.openid, sent.text) == (OPENID, "微信通知：有新的答复")
        # Unbound, the follower gets no more WeChat notifications; the SMS still goes.
        say("解绑")
        with django_capture_on_commit_callbacks(execute=True):
            sms_queue(phone=PHONE, template="test.requested", params={"text": "第二条"})
        assert len(wechat_outbox) == 1 and sms_outbox[-1].text.endswith("第二条")
    finally:
        _companions.pop("test.requested", None)
        message_template_unregister(channel="wechat", name="test.requested")
