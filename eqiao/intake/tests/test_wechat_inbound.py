# ruff: noqa: F811 - the fixtures imported from eqiao.channels.tests.wechat
"""WeChat messages taken in by intake, end to end: a push to the callback (signed and
encrypted by wechatpy's crypto), the worker's hand-off to the inbound dispatcher, intake's
handler, and the answer through the real WeChat provider to the loopback fake of WeChat's
API (customer-service and template messages)."""

from __future__ import annotations

import itertools

import pytest
from django.utils import timezone

from eqiao.channels.models import WeChatFollower, WeChatMessage
from eqiao.channels.tests.wechat import (  # noqa: F401 - fixtures
    WeChatServer,
    media_xml,
    text_xml,
    wechat_account,
    wechat_api_fake,
)
from eqiao.core.models import Notification
from eqiao.intake.models import Channel, EventKind, Petition, RiskAlert, RiskLevel
from eqiao.intake.services.handling import petition_reply
from eqiao.intake.tests.factories import make_petition

pytestmark = pytest.mark.django_db
OPENID = "oCitizen0000000000000000001"
PHONE = "13906350077"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\x00" * 200
AMR = b"#!AMR\n" + b"\x00" * 100
_ids = itertools.count(9000)


@pytest.fixture
def wechat(client, wechat_account, wechat_api_fake, django_capture_on_commit_callbacks):
    """Send a push as WeChat would and run what the commit starts (the worker, the
    deliveries); returns the passive reply."""
    server = WeChatServer(client, encrypted=True)

    def push(xml: str) -> str:
        with django_capture_on_commit_callbacks(execute=True):
            return server.reply(server.push(xml))

    push.text = lambda content, openid=OPENID: push(text_xml(openid, content, next(_ids)))
    push.server = server
    return push


@pytest.fixture
def bound():
    return WeChatFollower.objects.create(openid=OPENID, phone=PHONE, bound_at=timezone.now())


def answers(fake, openid=OPENID) -> list[str]:
    return [m["text"]["content"] for m in fake.sent if m["touser"] == openid]


def test_a_bound_followers_text_becomes_a_petition_answered_with_its_number(
    office_tree, wechat, wechat_api_fake, bound, sms_outbox
):
    ack = wechat.text("冠县清水镇的邻居占了我家宅基地，派出所不管，我要控告")
    assert "稍后回复您受理编号" in ack
    petition = Petition.objects.get()
    assert (petition.channel, petition.phone) == (Channel.WECHAT, PHONE)
    assert petition.office == office_tree.guanxian  # the region the engine read
    [answer] = answers(wechat_api_fake)
    assert f"受理编号{petition.tracking_number}" in answer and "查询密码" in answer
    assert PHONE in [s.phone for s in sms_outbox]  # the SMS receipt as for any petition


def test_an_unbound_follower_who_writes_their_phone_is_taken_in(
    office_tree, wechat, wechat_api_fake
):
    wechat.text("我想咨询一下工伤赔偿怎么申请，我的电话13906350066")
    petition = Petition.objects.get()
    assert petition.phone == "13906350066" and petition.kind == "consultation"
    assert petition.tracking_number in answers(wechat_api_fake)[0]


def test_a_bound_followers_text_follows_their_open_petition(
    office_tree, wechat, wechat_api_fake, bound
):
    petition = make_petition(office_tree.qingshui, phone=PHONE)
    wechat.text("补充一下：对方昨天又来闹了")
    assert Petition.objects.count() == 1
    event = petition.events.get(kind=EventKind.CITIZEN_MESSAGE)
    assert event.text == "补充一下：对方昨天又来闹了"
    assert petition.tracking_number in answers(wechat_api_fake)[0]


def test_high_risk_alerts_the_office_head(office_tree, wechat, bound):
    wechat.text("冠县庆海轴承拖欠我们工资,你们管不管,不管我们就去上访")
    petition = Petition.objects.get()
    assert petition.risk_level == RiskLevel.HIGH and petition.office == office_tree.guanxian
    assert RiskAlert.objects.filter(petition=petition, office=office_tree.guanxian).exists()
    head = office_tree.guanxian_head.user
    assert Notification.objects.filter(recipient=head, level="danger").exists()


def test_a_retried_push_makes_one_petition(office_tree, wechat, wechat_api_fake, bound):
    xml = text_xml(OPENID, "冠县清水镇有人非法采砂，我要举报", 777)
    wechat(xml)
    for _retry in range(3):
        assert wechat(xml) == ""
    assert Petition.objects.count() == 1 and len(answers(wechat_api_fake)) == 1


def test_an_image_is_kept_as_an_attachment(office_tree, wechat, wechat_api_fake, bound):
    wechat_api_fake.media["img-1"] = (JPEG, "image/jpeg")
    wechat(media_xml(OPENID, "image", "img-1", next(_ids)))
    petition = Petition.objects.get()
    [attachment] = petition.attachments.all()
    assert attachment.content_type == "image/jpeg" and attachment.file.read() == JPEG
    assert "微信图片" in petition.content


def test_a_voice_brings_its_recognition_text_and_the_recording(
    office_tree, wechat, wechat_api_fake, bound
):
    petition = make_petition(office_tree.qingshui, phone=PHONE)
    wechat_api_fake.media["voice-1"] = (AMR, "audio/amr")
    wechat(
        media_xml(OPENID, "voice", "voice-1", next(_ids), recognition="我想问一下案子到哪一步了")
    )
    event = petition.events.get(kind=EventKind.CITIZEN_MESSAGE)
    assert event.text == "我想问一下案子到哪一步了"
    assert petition.attachments.get().content_type == "audio/amr"


def test_media_wechat_no_longer_has_is_noted_with_its_id(office_tree, wechat, bound):
    wechat(media_xml(OPENID, "image", "expired-media", next(_ids)))
    petition = Petition.objects.get()
    assert "expired-media" in petition.content and not petition.attachments.exists()
    assert "40007" in WeChatMessage.objects.get().last_error


def test_a_bound_follower_is_notified_on_wechat_when_staff_reply(
    office_tree, wechat_api_fake, bound, settings, django_capture_on_commit_callbacks
):
    settings.EQIAO_WECHAT_TEMPLATE_IDS = {"intake.reply": "TPL-reply"}
    petition = make_petition(office_tree.qingshui, phone=PHONE)
    with django_capture_on_commit_callbacks(execute=True):
        petition_reply(
            petition=petition,
            actor=office_tree.qingshui_prosecutor,
            kind="procedural",
            text="已受理，正在核查。",
        )
    [notice] = wechat_api_fake.templates
    assert notice["touser"] == OPENID and notice["template_id"] == "TPL-reply"
    assert notice["data"]["number"] == {"value": petition.tracking_number}
    assert "已受理，正在核查" not in str(notice)  # the reply itself stays on the site
