# ruff: noqa: F811 - the fixtures imported from eqiao.channels.tests.wechat
"""Subscription messages (订阅通知): a follower's acceptance comes in WeChat's signed
events, replayed or forged events change nothing, and a booking confirmation or a case
stage notice queued by SMS goes, as configured data, to the bound followers who accepted
its template, through the loopback fake of WeChat's API."""

from __future__ import annotations

import json
import time

import pytest
from django.utils import timezone

from eqiao.channels.models import (
    MessageStatus,
    OutboundMessage,
    WeChatFollower,
    WeChatSubscribeTemplate,
    WeChatSubscription,
)
from eqiao.channels.services import sms_queue
from eqiao.channels.tests.wechat import (  # noqa: F401 - fixtures
    ACCOUNT,
    WeChatServer,
    wechat_account,
    wechat_api_fake,
)

pytestmark = pytest.mark.django_db
OPENID = "oSubscriber00000000000000001"
PHONE = "13906350066"
BOOKING = {
    "kind": "阅卷",
    "time": "2026年11月23日 09:30",
    "place": "聊城市人民检察院案件管理中心一楼阅卷室（东昌府区东昌路）",
    "reference": "YY20261123-0007",
    "code": "4821",
    "link": "https://www.lcjcy.example/bookings/YY20261123-0007/",
}
STAGE = {
    "number": "聊检刑诉〔2026〕12号",
    "stage": "审查起诉",
    "date": "2026-11-20",
    "office": "冠县院",
}


def subscribe_xml(event: str, answers: dict[str, str], *, created: int) -> str:
    tag = "SubscribeMsgPopupEvent" if event.endswith("popup_event") else "SubscribeMsgChangeEvent"
    items = "".join(
        f"<List><TemplateId><![CDATA[{tid}]]></TemplateId>"
        f"<SubscribeStatusString><![CDATA[{answer}]]></SubscribeStatusString>"
        f"<PopupScene>2</PopupScene></List>"
        for tid, answer in answers.items()
    )
    return (
        f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>"
        f"<FromUserName><![CDATA[{OPENID}]]></FromUserName><CreateTime>{created}</CreateTime>"
        f"<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[{event}]]></Event>"
        f"<{tag}>{items}</{tag}></xml>"
    )


@pytest.fixture
def server(client, wechat_account):
    return WeChatServer(client, encrypted=True)


@pytest.fixture
def templates():
    WeChatSubscribeTemplate.objects.create(
        sms_template="appointments.confirmed",
        template_id="TPL-BOOK",
        fields={
            "thing1": "%(kind)s",
            "time2": "%(time)s",
            "thing3": "%(place)s",
            "character_string4": "%(reference)s",
        },
        page="%(link)s",
    )
    WeChatSubscribeTemplate.objects.create(
        sms_template="cases.stage_changed",
        template_id="TPL-STAGE",
        fields={"thing1": "%(number)s", "phrase2": "%(stage)s", "character_string3": "%(number)s"},
    )


@pytest.fixture
def follower():
    return WeChatFollower.objects.create(openid=OPENID, phone=PHONE, bound_at=timezone.now())


def accepted() -> dict[str, bool]:
    return dict(WeChatSubscription.objects.values_list("template_id", "accepted"))


def test_a_followers_answers_are_recorded_and_replays_or_forgeries_change_nothing(server):
    created = int(time.time())
    xml = subscribe_xml(
        "subscribe_msg_popup_event", {"TPL-BOOK": "accept", "TPL-STAGE": "reject"}, created=created
    )
    assert server.push(xml).status_code == 200
    assert accepted() == {"TPL-BOOK": True, "TPL-STAGE": False}
    # A later change in WeChat's settings, then a replay of the first event: the replay
    # (same sender and time) is stored once already and changes nothing.
    change = subscribe_xml(
        "subscribe_msg_change_event", {"TPL-BOOK": "reject"}, created=created + 5
    )
    server.push(change)
    assert accepted() == {"TPL-BOOK": False, "TPL-STAGE": False}
    assert server.reply(server.push(xml)) == ""
    assert accepted() == {"TPL-BOOK": False, "TPL-STAGE": False}
    # Old, forged or malformed: refused before anything is written.
    forged = subscribe_xml(
        "subscribe_msg_popup_event", {"TPL-STAGE": "accept"}, created=created + 9
    )
    assert server.push(forged, age=600).status_code == 403
    assert server.push(forged, tamper="msg_signature").status_code == 403
    bad = forged.replace("accept", "<b>accept</b>")
    assert server.push(bad).status_code == 400
    assert accepted() == {"TPL-BOOK": False, "TPL-STAGE": False}


def test_a_booking_confirmation_goes_as_a_subscription_message_to_who_accepted(
    server, wechat_api_fake, templates, follower, django_capture_on_commit_callbacks
):
    wechat_api_fake.subscribers[OPENID] = {"TPL-BOOK"}  # what WeChat knows
    server.push(
        subscribe_xml(
            "subscribe_msg_popup_event",
            {"TPL-BOOK": "accept", "TPL-STAGE": "reject"},
            created=int(time.time()),
        )
    )
    with django_capture_on_commit_callbacks(execute=True):
        sms_queue(phone=PHONE, template="appointments.confirmed", params=BOOKING)
        sms_queue(phone=PHONE, template="cases.stage_changed", params=STAGE)
    [sent] = wechat_api_fake.subscribe_sent
    assert sent["touser"] == OPENID and sent["template_id"] == "TPL-BOOK"
    assert sent["page"] == BOOKING["link"]
    data = {k: v["value"] for k, v in sent["data"].items()}
    assert data["thing1"] == "阅卷" and data["character_string4"] == "YY20261123-0007"
    assert len(data["thing3"]) == 20 and data["thing3"].endswith("…")  # WeChat's limit
    message = OutboundMessage.objects.get(channel="wechat")
    assert message.status == MessageStatus.SENT and "TPL-BOOK" in message.text
    # The stage notice's template was refused: only the SMS went.
    assert OutboundMessage.objects.filter(template="cases.stage_changed").count() == 1


def test_a_case_stage_notice_reaches_a_follower_who_accepted_it(
    server, wechat_api_fake, templates, follower, django_capture_on_commit_callbacks
):
    wechat_api_fake.subscribers[OPENID] = {"TPL-STAGE"}
    server.push(
        subscribe_xml(
            "subscribe_msg_popup_event", {"TPL-STAGE": "accept"}, created=int(time.time())
        )
    )
    with django_capture_on_commit_callbacks(execute=True):
        sms_queue(phone=PHONE, template="cases.stage_changed", params=STAGE, ref="C1")
    [sent] = wechat_api_fake.subscribe_sent
    data = {k: v["value"] for k, v in sent["data"].items()}
    # Only ASCII in a character_string (WeChat refuses anything else).
    assert data == {"thing1": STAGE["number"], "phrase2": "审查起诉", "character_string3": "202612"}
    message = OutboundMessage.objects.filter(channel="wechat").first()
    assert json.loads(message.params["data"]) == data and message.ref == "C1"


def test_when_wechat_says_the_follower_refused_it_is_failed_not_retried(
    server, wechat_api_fake, templates, follower, django_capture_on_commit_callbacks
):
    # We think they accepted, WeChat says they no longer do (errcode 43101).
    WeChatSubscription.objects.create(openid=OPENID, template_id="TPL-BOOK", accepted=True)
    with django_capture_on_commit_callbacks(execute=True):
        sms_queue(phone=PHONE, template="appointments.confirmed", params=BOOKING)
    message = OutboundMessage.objects.get(channel="wechat")
    assert message.status == MessageStatus.FAILED and "43101" in message.last_error
    assert wechat_api_fake.subscribe_sent == []


def test_no_subscription_message_without_binding_or_configured_template(
    wechat_api_fake, templates, django_capture_on_commit_callbacks
):
    WeChatFollower.objects.create(openid=OPENID, phone=PHONE)  # not bound
    WeChatSubscription.objects.create(openid=OPENID, template_id="TPL-BOOK", accepted=True)
    with django_capture_on_commit_callbacks(execute=True):
        sms_queue(phone=PHONE, template="appointments.confirmed", params=BOOKING)
        sms_queue(
            phone=PHONE,
            template="appointments.cancelled",
            params={"kind": "阅卷", "time": "明天", "reference": "YY1"},
        )
    assert not OutboundMessage.objects.filter(channel="wechat").exists()
