"""The native v1 API through the test client: filing with a bearer key, idempotent
retries, reading the status with the query password, follow-up messages, and the bad input,
auth failures and rate limits around them."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.test import override_settings
from django.utils import timezone

from eqiao.intake.models import Channel, EventKind, Petition
from eqiao.intake.services.handling import petition_reply
from eqiao.intake.services.query_password import query_password_hash

pytestmark = pytest.mark.django_db

PETITIONS = "/api/v1/petitions"
PBKDF2 = "django.contrib.auth.hashers.PBKDF2PasswordHasher"


def post_json(client, url, body, **extra):
    data = body if isinstance(body, str | bytes) else json.dumps(body, ensure_ascii=False)
    return client.post(url, data=data, content_type="application/json", **extra)


def file(client, kiosk, payload, **extra):
    return post_json(client, PETITIONS, payload, **kiosk.auth, **extra)


def test_services_lists_the_five_kinds(client):
    response = client.get("/api/v1/services")
    assert response.status_code == 200
    codes = [s["code"] for s in response.json()]
    assert codes == ["complaint", "appeal", "report", "consultation", "aid"]
    report = response.json()[2]
    assert report["name"] == "举报" and report["anonymous_allowed"] is True


def test_filing_returns_the_tracking_number_password_and_clocks(
    client, office_tree, kiosk, petition_payload
):
    response = file(client, kiosk, petition_payload)

    assert response.status_code == 201, response.content
    body = response.json()
    petition = Petition.objects.get(tracking_number=body["tracking_number"])
    assert body["created"] is True and len(body["query_password"]) == 6
    assert body["procedural_reply_due"] == petition.procedural_reply_due.isoformat()
    assert body["result_reply_due"] == petition.result_reply_due.isoformat()
    assert petition.channel == Channel.KIOSK  # from the client, not the body
    assert petition.api_submission.client == kiosk.client


def test_the_same_idempotency_key_files_one_petition(client, office_tree, kiosk, petition_payload):
    first = file(client, kiosk, petition_payload, HTTP_IDEMPOTENCY_KEY="tap-1")
    again = file(client, kiosk, petition_payload, HTTP_IDEMPOTENCY_KEY="tap-1")

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["tracking_number"] == first.json()["tracking_number"]
    assert again.json()["created"] is False
    # The first answer may have been lost: the retry still shows the password (for a day).
    assert again.json()["query_password"] == first.json()["query_password"]
    assert Petition.objects.count() == 1


def test_idempotency_keys_belong_to_one_client(
    client, office_tree, kiosk, wechat, petition_payload
):
    a = file(client, kiosk, petition_payload, HTTP_IDEMPOTENCY_KEY="same")
    b = file(client, wechat, petition_payload, HTTP_IDEMPOTENCY_KEY="same")
    assert a.status_code == b.status_code == 201
    assert a.json()["tracking_number"] != b.json()["tracking_number"]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"content": "救命"}, "content", "诉求内容太短了"),
        ({"phone": "1391234567"}, "phone", "手机号应为11位数字"),
        ({"id_number": "110105194912310021"}, "id_number", "身份证号校验不通过"),
        ({"kind": "gossip"}, "kind", "请选择诉求类别。"),
        ({"anonymous": True}, "anonymous", "只有举报可以匿名提交。"),
        ({"content": "正常文字\x00\x01"}, "content", "无法识别的字符"),
        ({"content": 12345}, "content", "“content”的格式不对：应为文字。"),
        ({"anonymous": "maybe"}, "anonymous", "应为 true 或 false"),
        ({"kind": None}, "kind", "格式不对"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_in_chinese(
    client, office_tree, kiosk, petition_payload, change, field, message
):
    response = file(client, kiosk, {**petition_payload, **change})
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["field"] == field
    assert message in body["detail"]
    assert Petition.objects.count() == 0


def test_a_missing_field_is_named(client, office_tree, kiosk, petition_payload):
    del petition_payload["content"]
    body = file(client, kiosk, petition_payload).json()
    assert body["field"] == "content" and "缺少必填项“content”" in body["detail"]


@pytest.mark.parametrize(
    "raw",
    [b"{not json", b"\xff\xfe\x00garbage", "[1, 2, 3]", '"just a string"', "null", "123"],
)
def test_malformed_bodies_are_400_not_500(client, office_tree, kiosk, raw):
    response = file(client, kiosk, raw)
    assert response.status_code == 400, response.content
    assert response.json()["detail"]


def test_a_huge_body_is_refused_before_it_is_read(client, office_tree, kiosk, petition_payload):
    response = file(client, kiosk, {**petition_payload, "content": "欠" * 100_000})
    assert response.status_code == 413
    assert "请求内容太大" in response.json()["detail"]


def test_no_key_is_401_and_a_wrong_key_403(client, office_tree, kiosk, petition_payload):
    none = post_json(client, PETITIONS, petition_payload)
    wrong = post_json(client, PETITIONS, petition_payload, HTTP_AUTHORIZATION="Bearer eqk_nope")
    not_bearer = post_json(client, PETITIONS, petition_payload, HTTP_AUTHORIZATION="Basic abc")
    assert none.status_code == 401 and "Bearer" in none["WWW-Authenticate"]
    assert wrong.status_code == 403 and "接口密钥无效" in wrong.json()["detail"]
    assert not_bearer.status_code == 401
    assert Petition.objects.count() == 0


def test_a_deactivated_client_is_refused(client, office_tree, kiosk, petition_payload):
    from eqiao.api.services.clients import api_client_set_active

    api_client_set_active(client=kiosk.client, active=False)
    assert file(client, kiosk, petition_payload).status_code == 403


def test_one_phone_files_at_most_ten_an_hour(client, office_tree, kiosk, petition_payload):
    for i in range(10):
        ok = file(client, kiosk, {**petition_payload, "content": f"第{i}件：老板拖欠工资不给。"})
        assert ok.status_code == 201
    refused = file(client, kiosk, {**petition_payload, "content": "第十一件：还是拖欠工资。"})
    assert refused.status_code == 429 and refused["Retry-After"]
    assert refused.json()["field"] == "phone"


# --- reading with the query password --------------------------------------------------------


@pytest.fixture
def filed(client, office_tree, kiosk, petition_payload):
    body = file(client, kiosk, petition_payload).json()
    return body["tracking_number"], body["query_password"]


def status(client, number, password, **extra):
    return client.get(f"{PETITIONS}/{number}", HTTP_X_QUERY_PASSWORD=password, **extra)


def test_the_password_shows_status_and_public_replies_without_personal_data(
    client, office_tree, filed
):
    number, password = filed
    petition = Petition.objects.get(tracking_number=number)
    petition_reply(
        petition=petition,
        actor=office_tree.city_head,
        kind="procedural",
        text="您反映的问题已转冠县人民检察院核查，请耐心等待。",
    )

    response = status(client, number, password)

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "replied" and body["status_name"] == "已程序性答复"
    kinds = [e["kind"] for e in body["events"]]
    assert kinds == [EventKind.SUBMITTED, EventKind.PROCEDURAL_REPLY]
    assert body["events"][-1]["text"] == "您反映的问题已转冠县人民检察院核查，请耐心等待。"
    text = response.content.decode()
    for secret in ("李秀英", "13912345678", "11010519491231002X", "东街12号"):
        assert secret not in text


def test_the_password_may_come_as_a_parameter(client, filed):
    number, password = filed
    assert client.get(f"{PETITIONS}/{number}?password={password}").status_code == 200


def test_a_wrong_password_looks_like_an_unknown_number(client, filed):
    number, password = filed
    wrong = "000000" if password != "000000" else "111111"
    a, b = status(client, number, wrong), status(client, "999999999999", password)
    assert a.status_code == b.status_code == 404
    assert a.json() == b.json()
    assert "受理编号或查询密码不对" in a.json()["detail"]


def test_a_petition_with_an_old_password_hash_opens_and_is_upgraded(client, filed):
    """Filed before the keyed hash: a Django password hash still opens it, once."""
    number, password = filed
    hasher = PBKDF2PasswordHasher()
    old = hasher.encode(password, hasher.salt(), iterations=1000)
    Petition.objects.filter(tracking_number=number).update(query_password_hash=old)
    with override_settings(PASSWORD_HASHERS=[PBKDF2]):
        assert (
            status(client, number, "000000" if password != "000000" else "111111").status_code
            == 404
        )
        assert status(client, number, password).status_code == 200
    stored = Petition.objects.get(tracking_number=number).query_password_hash
    assert stored == query_password_hash(password)


def test_guessing_numbers_from_one_address_is_stopped(client, office_tree):
    codes = [
        status(client, f"2601010000{i:02d}", "123456", REMOTE_ADDR="10.9.9.9").status_code
        for i in range(25)
    ]
    assert codes[:20] == [404] * 20
    assert set(codes[20:]) == {429}


# --- follow-up messages ---------------------------------------------------------------------


def message(client, kiosk, number, password, text):
    return post_json(
        client,
        f"{PETITIONS}/{number}/messages",
        {"text": text},
        HTTP_X_QUERY_PASSWORD=password,
        **kiosk.auth,
    )


def test_a_follow_up_message_is_added_once(client, kiosk, filed):
    number, password = filed
    first = message(client, kiosk, number, password, "已经过去十天了，还没有消息。")
    again = message(client, kiosk, number, password, "已经过去十天了，还没有消息。")

    assert first.status_code == again.status_code == 201
    events = status(client, number, password).json()["events"]
    assert [e["text"] for e in events if e["kind"] == EventKind.CITIZEN_MESSAGE] == [
        "已经过去十天了，还没有消息。"
    ]


def test_a_message_needs_the_password_and_a_key(client, kiosk, filed):
    number, password = filed
    wrong = "000000" if password != "000000" else "111111"
    assert message(client, kiosk, number, wrong, "你好你好你好").status_code == 404
    no_key = post_json(
        client,
        f"{PETITIONS}/{number}/messages",
        {"text": "你好"},
        HTTP_X_QUERY_PASSWORD=password,
    )
    assert no_key.status_code == 401


def test_a_late_reply_is_owned_up_to(client, filed):
    """The status says which reply is late, by how many days, in words to show."""
    number, password = filed
    on_time = status(client, number, password).json()
    assert (on_time["late"], on_time["late_days"], on_time["late_notice"]) == (None, 0, None)
    today = timezone.localdate()
    Petition.objects.filter(tracking_number=number).update(
        procedural_reply_due=today - dt.timedelta(days=2)
    )
    late = status(client, number, password).json()
    assert (late["late"], late["late_days"]) == ("procedural", 2)
    assert "已经晚了2天" in late["late_notice"] and "对不起" in late["late_notice"]


def test_too_many_messages_are_told_the_real_wait(client, kiosk, filed, throttle_clock):
    number, password = filed
    for i in range(20):
        sent = message(client, kiosk, number, password, f"第{i + 1}次追问：请问办得怎么样了？")
        assert sent.status_code == 201
        throttle_clock.advance(60)
    refused = message(client, kiosk, number, password, "第21次追问：请问办得怎么样了？")
    assert refused.status_code == 429
    assert refused["Retry-After"] == str(3600 - 20 * 60)  # the hour began with the first


def test_an_empty_message_is_a_400(client, kiosk, filed):
    number, password = filed
    response = message(client, kiosk, number, password, "   ")
    assert response.status_code == 400 and response.json()["field"] == "text"


def test_messages_follow_accept_language(client, office_tree, kiosk, petition_payload):
    response = file(client, kiosk, {**petition_payload, "phone": "123"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "mobile" in response.json()["detail"].lower()
    services = client.get("/api/v1/services", HTTP_ACCEPT_LANGUAGE="en").json()
    assert (
        services[3]["description"]
        == "Ask the procuratorate a legal question; a prosecutor answers."
    )


def test_the_status_costs_the_same_queries_however_long_the_history(client, kiosk, filed):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    number, password = filed
    with CaptureQueriesContext(connection) as short:
        status(client, number, password)
    for i in range(4):
        message(client, kiosk, number, password, f"第{i}次追问：请尽快处理。")
    with CaptureQueriesContext(connection) as long:
        assert len(status(client, number, password).json()["events"]) == 5
    assert len(long) == len(short)


def test_times_are_given_in_china_time(client, filed):
    number, password = filed
    body = status(client, number, password).json()
    assert body["submitted_at"].endswith("+08:00")
    assert all(e["at"].endswith("+08:00") for e in body["events"])
