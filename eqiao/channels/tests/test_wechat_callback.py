# ruff: noqa: F811 - the fixtures imported from eqiao.channels.tests.wechat
"""The WeChat server callback, driven as WeChat's server drives it: real signed and
encrypted XML built by wechatpy's own crypto. A forged, replayed, malformed or oversized
push is refused and leaves no row behind."""

from __future__ import annotations

import time

import pytest

from eqiao.channels.models import (
    InboundMessage,
    OutboundMessage,
    WeChatFollower,
    WeChatMessage,
    WeChatMessageStatus,
)
from eqiao.channels.tests.wechat import (  # noqa: F401 - fixtures
    TOKEN,
    URL,
    WeChatServer,
    event_xml,
    sign,
    text_xml,
    wechat_account,
    wechat_outbox,
)

pytestmark = pytest.mark.django_db
OPENID = "oAbCdEfGhIjKlMnOpQrStUvWxYz0"


def nothing_written() -> bool:
    return not (
        WeChatMessage.objects.exists()
        or WeChatFollower.objects.exists()
        or InboundMessage.objects.exists()
        or OutboundMessage.objects.exists()
    )


@pytest.fixture
def server(client, wechat_account):
    return WeChatServer(client, encrypted=True)


@pytest.fixture
def plain_server(client, wechat_account):
    wechat_account.EQIAO_WECHAT_AES_KEY = ""
    return WeChatServer(client, encrypted=False)


def test_wechat_verifies_the_url_with_the_echostr(client, wechat_account):
    now = str(int(time.time()))
    query = {"signature": sign(TOKEN, now, "n1"), "timestamp": now, "nonce": "n1", "echostr": "e42"}
    assert client.get(URL, query).content == b"e42"
    query["signature"] = sign("another-token", now, "n1")
    assert client.get(URL, query).status_code == 403


def test_the_callback_is_off_without_a_token_or_an_account(client, wechat_account):
    wechat_account.EQIAO_WECHAT_PROVIDER = "wechat_off"
    assert client.get(URL).status_code == 404
    wechat_account.EQIAO_WECHAT_PROVIDER, wechat_account.EQIAO_WECHAT_TOKEN = "wechat_locmem", ""
    assert client.get(URL).status_code == 404


@pytest.mark.parametrize("mode", ["encrypted", "plaintext"])
def test_a_keyword_gets_its_auto_reply_in_the_same_mode(mode, request):
    wechat = request.getfixturevalue("server" if mode == "encrypted" else "plain_server")
    response = wechat.push(text_xml(OPENID, "进度", 1001))
    assert "查询进度" in wechat.reply(response)
    record = WeChatMessage.objects.get()
    assert (record.status, record.encrypted) == (WeChatMessageStatus.ANSWERED, mode == "encrypted")
    assert WeChatFollower.objects.filter(openid=OPENID, subscribed=True).exists()


def test_a_new_follower_is_welcomed_and_a_menu_click_answered(server):
    assert "绑定" in server.reply(server.push(event_xml(OPENID, "subscribe")))
    click = server.push(event_xml(OPENID, "CLICK", "CONSULT", created=int(time.time()) + 1))
    assert "法律咨询" in server.reply(click)
    server.push(event_xml(OPENID, "unsubscribe", created=int(time.time()) + 2))
    assert not WeChatFollower.objects.get(openid=OPENID).subscribed


def test_every_msgid_is_processed_once(server):
    """WeChat retries a push three times; the retries answer "success" and do nothing."""
    first = server.push(text_xml(OPENID, "进度", 2002))
    assert server.reply(first)
    for _retry in range(3):
        assert server.reply(server.push(text_xml(OPENID, "进度", 2002))) == ""
    assert WeChatMessage.objects.count() == 1


def test_a_forged_signature_is_refused_without_side_effects(server):
    for field in ("signature", "msg_signature"):
        response = server.push(text_xml(OPENID, "进度", 3003), tamper=field)
        assert response.status_code == 403
    assert nothing_written()


def test_a_replayed_old_push_is_refused(server):
    response = server.push(text_xml(OPENID, "进度", 4004), age=600)
    assert response.status_code == 403 and b"timestamp" in response.content
    assert nothing_written()


def test_a_plaintext_push_to_an_encrypted_account_is_refused(client, wechat_account):
    downgrade = WeChatServer(client, encrypted=False)
    assert downgrade.push(text_xml(OPENID, "进度", 5005)).status_code == 403
    assert nothing_written()


def test_a_push_encrypted_with_another_key_is_refused(client, wechat_account):
    other = WeChatServer(client, encrypted=True, aes_key="B" * 43)
    assert other.push(text_xml(OPENID, "进度", 5006)).status_code in (400, 403)
    assert nothing_written()


@pytest.mark.parametrize(
    "body",
    [
        b"<xml><ToUserName>unclosed",
        b"not xml at all",
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><xml>&a;</xml>',
        b"<xml><MsgType>text</MsgType></xml>",
        b"",
    ],
)
def test_malformed_xml_is_refused(plain_server, body):
    response = plain_server.push("", raw=body)
    assert response.status_code == 400
    assert nothing_written()


def test_a_huge_body_is_refused_before_it_is_parsed(plain_server):
    huge = text_xml(OPENID, "长" * 40_000, 6006).encode()
    assert len(huge) > 64 * 1024
    response = plain_server.push("", raw=huge)
    assert response.status_code == 413
    assert nothing_written()


def test_a_text_for_intake_is_acknowledged_at_once_and_handed_to_the_worker(
    server, wechat_outbox, django_capture_on_commit_callbacks
):
    """An unbound follower without a phone: the worker's answer (on WeChat, through the
    customer-service API) asks for one; the passive reply only acknowledges."""
    with django_capture_on_commit_callbacks(execute=True):
        response = server.push(text_xml(OPENID, "请问拖欠工资可以找检察院吗", 7007))
    assert "稍后回复" in server.reply(response)
    record = WeChatMessage.objects.get()
    assert record.status == WeChatMessageStatus.DONE and record.inbound is not None
    assert record.inbound.channel == "wechat" and record.inbound.sender == OPENID
    [answer] = wechat_outbox
    assert answer.openid == OPENID and "绑定" in answer.text


def test_other_message_types_get_a_plain_answer(server):
    xml = text_xml(OPENID, "x", 8008).replace("[text]", "[location]")
    assert "文字、图片和语音" in server.reply(server.push(xml))


def test_a_message_whose_worker_never_ran_is_processed_by_the_retry_job(server, wechat_outbox):
    """The push was acknowledged but its task was lost (no on-commit here): the scheduled
    job hands it on once, and running it again does nothing more."""
    import datetime as dt

    from django.utils import timezone

    from eqiao.channels.services.wechat import wechat_messages_process_due

    server.push(text_xml(OPENID, "请问拖欠工资可以找检察院吗", 9009))
    assert WeChatMessage.objects.get().status == WeChatMessageStatus.PENDING
    later = timezone.now() + dt.timedelta(minutes=2)
    assert wechat_messages_process_due(now=later) == 1
    assert wechat_messages_process_due(now=later) == 0
    assert WeChatMessage.objects.get().status == WeChatMessageStatus.DONE
    assert InboundMessage.objects.count() == 1


def test_a_misconfigured_aes_key_refuses_instead_of_failing(server, settings):
    settings.EQIAO_WECHAT_AES_KEY = "not-a-key"
    assert server.push(text_xml(OPENID, "进度", 9100)).status_code == 400
    assert nothing_written()


def test_a_follower_opts_out_of_notifications_on_wechat(
    server, wechat_outbox, django_capture_on_commit_callbacks
):
    from eqiao.channels.models import OptOut

    with django_capture_on_commit_callbacks(execute=True):
        server.push(text_xml(OPENID, "退订", 9200))
    assert OptOut.objects.get(address=OPENID).active
    [confirmation] = wechat_outbox
    assert confirmation.openid == OPENID and "不再收到本院的微信通知" in confirmation.text
