"""The inbound SMS webhook: a reply from a phone with an open petition is a follow-up on the
newest one; any other SMS is a new petition on the SMS channel."""

from __future__ import annotations

import json

import pytest

from eqiao.channels.models import InboundMessage
from eqiao.intake.models import Channel, EventKind, Kind, Petition, RiskAlert, Status
from eqiao.intake.tests.factories import make_petition

pytestmark = pytest.mark.django_db

URL = "/api/v1/channels/sms/inbound"
PHONE = "13906350077"


def deliver(client, secret_headers, payload):
    body = payload if isinstance(payload, str | bytes) else json.dumps(payload, ensure_ascii=False)
    return client.post(URL, data=body, content_type="application/json", **secret_headers)


def test_a_reply_becomes_a_message_on_the_newest_open_petition(client, office_tree, sms_secret):
    older = make_petition(office_tree.qingshui, phone=PHONE, title="旧的")
    newer = make_petition(office_tree.qingshui, phone=PHONE, title="新的")
    make_petition(office_tree.qingshui, phone=PHONE, status=Status.CLOSED, title="已办结")

    response = deliver(
        client, sms_secret, {"from": f"+86{PHONE}", "text": "还没人联系我。", "id": "m1"}
    )

    assert response.status_code == 200, response.content
    assert response.json() == {"result": "message", "tracking_number": newer.tracking_number}
    [event] = newer.events.filter(kind=EventKind.CITIZEN_MESSAGE)
    assert event.text == "还没人联系我。" and event.public
    assert not older.events.filter(kind=EventKind.CITIZEN_MESSAGE).exists()
    assert Petition.objects.count() == 3


def test_a_threatening_reply_raises_an_alert(client, office_tree, sms_secret):
    petition = make_petition(office_tree.qingshui, phone=PHONE)
    deliver(client, sms_secret, {"from": PHONE, "text": "再不管我们就去上访", "id": "m2"})
    assert RiskAlert.objects.filter(petition=petition).exists()


def test_an_sms_from_an_unknown_phone_is_a_new_petition_with_a_receipt(
    client, office_tree, sms_secret, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = deliver(
            client,
            sms_secret,
            {
                "from": PHONE,
                "text": "请问申请司法救助需要准备什么材料？我是冠县清水镇的。",
                "id": "m3",
            },
        )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["result"] == "petition"
    petition = Petition.objects.get(tracking_number=body["tracking_number"])
    assert petition.channel == Channel.SMS and petition.phone == PHONE
    assert petition.kind in Kind.values
    [receipt] = [m for m in sms_outbox if m.phone == PHONE]
    assert petition.tracking_number in receipt.text


def test_the_same_provider_id_is_taken_in_once(client, office_tree, sms_secret):
    payload = {"from": PHONE, "text": "我要举报村干部侵占低保款。", "id": "dup-1"}
    first, again = deliver(client, sms_secret, payload), deliver(client, sms_secret, payload)
    assert first.json() == again.json()
    assert Petition.objects.count() == 1 and InboundMessage.objects.count() == 1


def test_a_text_too_short_for_a_petition_is_answered_by_sms(
    client, office_tree, sms_secret, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = deliver(client, sms_secret, {"from": PHONE, "text": "在吗", "id": "m4"})

    assert response.status_code == 200 and response.json()["result"] == "rejected"
    assert Petition.objects.count() == 0
    [reply] = sms_outbox
    assert reply.phone == PHONE and "诉求内容太短了" in reply.text


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"from": "10086", "text": "余额不足", "id": "x1"}, "from"),
        ({"from": PHONE, "text": "", "id": "x2"}, "text"),
        ({"from": PHONE, "text": "你好你好你好"}, "id"),
        ([1, 2], None),
        ("{oops", None),
    ],
)
def test_bad_payloads_are_400(client, office_tree, sms_secret, payload, field):
    response = deliver(client, sms_secret, payload)
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert Petition.objects.count() == 0


def test_the_shared_secret_is_required(client, office_tree, settings, sms_secret):
    payload = {"from": PHONE, "text": "我要反映问题，工资被拖欠。", "id": "s1"}
    assert deliver(client, {}, payload).status_code == 401
    assert deliver(client, {"HTTP_X_EQIAO_SMS_SECRET": "wrong"}, payload).status_code == 403
    settings.EQIAO_SMS_INBOUND_SECRET = ""
    assert deliver(client, sms_secret, payload).status_code == 403
    assert Petition.objects.count() == 0


def test_a_flood_from_one_phone_is_told_to_retry_later(
    client, office_tree, sms_secret, throttle_clock
):
    make_petition(office_tree.qingshui, phone=PHONE)
    codes = []
    for i in range(21):
        answer = deliver(client, sms_secret, {"from": PHONE, "text": f"第{i}条追问", "id": f"f{i}"})
        codes.append(answer.status_code)
        throttle_clock.advance(60)
    assert codes[:20] == [200] * 20 and codes[20] == 429
    # The hour began with the first SMS, 21 minutes ago: the wait is what is left of it.
    assert answer["Retry-After"] == str(3600 - 21 * 60 + 60)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("我要举报村干部侵占低保款，请检察院查一查。", Kind.REPORT),
        ("我不服法院的判决，要申诉。", Kind.APPEAL),
    ],
)
def test_the_kind_comes_from_the_text_engine(client, office_tree, sms_secret, text, kind):
    body = deliver(client, sms_secret, {"from": PHONE, "text": text, "id": "k1"}).json()
    assert Petition.objects.get(tracking_number=body["tracking_number"]).kind == kind


@pytest.mark.parametrize(
    ("category", "kind"),
    [
        ("lawyer", Kind.CONSULTATION),
        ("feedback", Kind.CONSULTATION),
        ("other", Kind.CONSULTATION),
        ("something-new", Kind.CONSULTATION),
        ("aid", Kind.AID),
        ("complaint", Kind.COMPLAINT),
    ],
)
def test_categories_beyond_the_five_kinds_become_consultations(monkeypatch, category, kind):
    from eqiao.intake import inbound

    monkeypatch.setattr(inbound, "classify", lambda text: category)
    assert inbound.kind_for_text("任意文字") == kind


def test_the_gateways_reply_id_is_kept_with_the_message(client, office_tree, sms_secret):
    """Follow-up replies are matched by the id of the message they answer, so the webhook
    passes it on to the dispatcher, which stores it."""
    payload = {"from": PHONE, "text": "1", "id": "m-reply", "reply_to": "gw-000123"}
    response = deliver(client, sms_secret, payload)
    assert response.status_code == 200, response.content
    assert InboundMessage.objects.get(provider_message_id="m-reply").reply_to == "gw-000123"


def test_a_malformed_reply_id_is_refused_and_nothing_is_taken_in(client, office_tree, sms_secret):
    payload = {"from": PHONE, "text": "满意", "id": "m-bad", "reply_to": ["not", "an", "id"]}
    response = deliver(client, sms_secret, payload)
    assert response.status_code == 400
    assert "reply_to" in response.content.decode()
    assert not InboundMessage.objects.exists()
