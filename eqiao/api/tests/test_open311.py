"""Open311 GeoReport v2 as a client would use it: discover, list services, POST a request
form-encoded with api_key, then follow it by id and by token as staff handle it."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from eqiao.intake.models import Channel, Petition
from eqiao.intake.services.handling import petition_close, petition_reply

pytestmark = pytest.mark.django_db

BASE = "/api/open311/v2"
REQUEST = {
    "service_code": "complaint",
    "description": "我在工地干了半年活，老板一直拖欠工资不给，请检察院帮帮忙。",
    "last_name": "李",
    "first_name": "秀英",
    "phone": "13912345678",
    "email": "lxy@example.com",
    "address_string": "冠县清水镇东街12号",
}
PERSONAL = ("李秀英", "13912345678", "东街12号", "拖欠工资", "lxy@example.com")


def post_request(client, key, **fields):
    data = {**REQUEST, **fields}
    if key is not None:
        data["api_key"] = key
    return client.post(f"{BASE}/requests.json", data)


def test_discovery_points_at_the_json_endpoint(client, office_tree):
    body = client.get(f"{BASE}/discovery.json").json()
    [endpoint] = body["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://testserver/api/open311/v2"
    assert endpoint["formats"] == ["application/json", "text/xml"]
    assert "聊城市人民检察院" in body["contact"]


def test_services_are_the_five_kinds_in_chinese(client):
    services = client.get(f"{BASE}/services.json").json()
    assert [s["service_code"] for s in services] == [
        "complaint",
        "appeal",
        "report",
        "consultation",
        "aid",
    ]
    complaint = services[0]
    assert complaint["service_name"] == "控告"
    assert complaint["metadata"] is False and complaint["type"] == "realtime"
    assert complaint["group"] == "控告申诉" and "控告" in complaint["keywords"].split(",")


def test_a_service_definition_and_an_unknown_one(client):
    assert client.get(f"{BASE}/services/aid.json").json() == {
        "service_code": "aid",
        "attributes": [],
    }
    missing = client.get(f"{BASE}/services/parking.json")
    assert missing.status_code == 404
    assert missing.json() == [{"code": 404, "description": "没有这项服务：parking"}]


def test_the_open311_flow(client, office_tree, kiosk):
    created = post_request(client, kiosk.key)

    assert created.status_code == 201, created.content
    [receipt] = created.json()
    number, token = receipt["service_request_id"], receipt["token"]
    petition = Petition.objects.get(tracking_number=number)
    assert petition.name == "李秀英" and petition.channel == Channel.KIOSK
    assert petition.address == "冠县清水镇东街12号"
    assert "短信" in receipt["service_notice"] and len(receipt["query_password"]) == 6

    assert client.get(f"{BASE}/tokens/{token}.json").json() == [
        {"service_request_id": number, "token": token}
    ]
    [status] = client.get(f"{BASE}/requests/{number}.json?api_key={kiosk.key}").json()
    assert status["status"] == "open" and status["status_notes"] == "已受理，等待办理。"
    assert status["service_name"] == "控告" and status["agency_responsible"] == petition.office.name
    assert status["expected_datetime"].startswith(petition.procedural_reply_due.isoformat())

    petition_reply(
        petition=petition,
        actor=office_tree.city_head,
        kind="procedural",
        text="已转冠县人民检察院核查。",
    )
    listed = client.get(f"{BASE}/requests.json?service_request_id={number}&api_key={kiosk.key}")
    [for_filer] = client.get(f"{BASE}/requests/{number}.json?api_key={kiosk.key}").json()
    [with_password] = client.get(
        f"{BASE}/requests/{number}.json", HTTP_X_QUERY_PASSWORD=receipt["query_password"]
    ).json()
    assert listed.json() == [for_filer]
    assert for_filer["status_notes"] == "已转冠县人民检察院核查。"
    assert with_password["status_notes"] == "已转冠县人民检察院核查。"
    assert for_filer["updated_datetime"] > status["updated_datetime"]

    petition_close(
        petition=petition,
        actor=office_tree.city_head,
        outcome="resolved",
        text="工资已追回，问题解决。",
    )
    [closed] = client.get(f"{BASE}/requests/{number}.json?api_key={kiosk.key}").json()
    assert closed["status"] == "closed" and closed["status_notes"] == "工资已追回，问题解决。"
    assert closed["expected_datetime"] is None


def test_a_request_is_hidden_from_all_but_its_filer_and_the_password(
    client, office_tree, kiosk, wechat
):
    created = post_request(client, kiosk.key).json()[0]
    number = created["service_request_id"]
    missing = client.get(f"{BASE}/requests/260101999999.json")
    hidden = [
        client.get(f"{BASE}/requests/{number}.json"),
        client.get(f"{BASE}/requests/{number}.json?api_key={wechat.key}"),  # not the filer
    ]
    for response in hidden:
        assert (response.status_code, response.json()) == (404, missing.json())
    wrong = client.get(f"{BASE}/requests/{number}.json", HTTP_X_QUERY_PASSWORD="000000")
    unknown = client.get(f"{BASE}/requests/260101999999.json", HTTP_X_QUERY_PASSWORD="000000")
    assert (wrong.status_code, wrong.json()) == (404, unknown.json())
    for others in (
        client.get(f"{BASE}/requests.json?service_request_id={number}"),
        client.get(f"{BASE}/requests.json?service_request_id={number}&api_key={wechat.key}"),
    ):
        assert others.status_code == 200 and others.json() == []
    seen = [
        client.get(f"{BASE}/requests/{number}.json?api_key={kiosk.key}"),
        client.get(
            f"{BASE}/requests/{number}.json", HTTP_X_QUERY_PASSWORD=created["query_password"]
        ),
    ]
    for response in seen:
        assert response.status_code == 200
        text = response.content.decode()
        for secret in PERSONAL:
            assert secret not in text
        [item] = response.json()
        assert item["service_request_id"] == number
        assert item["description"] is None and item["address"] is None


def test_the_same_idempotency_key_files_one_request(client, office_tree, kiosk):
    first = client.post(
        f"{BASE}/requests.json", {**REQUEST, "api_key": kiosk.key}, HTTP_IDEMPOTENCY_KEY="k-1"
    )
    again = client.post(
        f"{BASE}/requests.json", {**REQUEST, "api_key": kiosk.key}, HTTP_IDEMPOTENCY_KEY="k-1"
    )
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()[0]["service_request_id"] == again.json()[0]["service_request_id"]
    assert first.json()[0]["token"] == again.json()[0]["token"]
    assert Petition.objects.count() == 1


def test_extensions_name_anonymous_and_jurisdiction(client, office_tree, kiosk):
    anonymous = post_request(
        client,
        kiosk.key,
        service_code="report",
        anonymous="true",
        last_name="",
        first_name="",
        phone="",
        description="冠县某局局长收受贿赂，为亲属承揽工程。",
    )
    assert anonymous.status_code == 201, anonymous.content
    petition = Petition.objects.get(tracking_number=anonymous.json()[0]["service_request_id"])
    assert petition.anonymous and petition.kind == "report" and petition.phone == ""

    routed = post_request(client, kiosk.key, name="王建国", jurisdiction_id="371581")
    petition = Petition.objects.get(tracking_number=routed.json()[0]["service_request_id"])
    assert petition.name == "王建国" and petition.office == office_tree.linqing


@pytest.mark.parametrize(
    ("fields", "status", "field", "message"),
    [
        ({"service_code": ""}, 400, "service_code", "缺少必填项“service_code”"),
        ({"service_code": "pothole"}, 404, "service_code", "没有这项服务：pothole"),
        ({"description": ""}, 400, "content", "请填写诉求内容。"),
        ({"phone": "12345"}, 400, "phone", "手机号应为11位数字"),
        ({"anonymous": "perhaps"}, 400, "anonymous", "应为 true 或 false"),
        ({"anonymous": "true"}, 400, "anonymous", "只有举报可以匿名提交。"),
        ({"channel": "wechat"}, 400, "channel", "只能以“触摸查询机”渠道提交"),
        ({"jurisdiction_id": "999999"}, 404, "jurisdiction_id", "未知的 jurisdiction_id"),
        ({"description": "文字\x00\x07"}, 400, "content", "无法识别的字符"),
    ],
)
def test_bad_requests_get_open311_errors_in_chinese(
    client, office_tree, kiosk, fields, status, field, message
):
    response = post_request(client, kiosk.key, **fields)
    assert response.status_code == status, response.content
    [error] = response.json()
    assert error["code"] == status and error["field"] == field
    assert message in error["description"]
    assert Petition.objects.count() == 0


def test_auth_failures(client, office_tree, kiosk):
    from eqiao.api.services.clients import api_client_set_active

    missing = post_request(client, None)
    wrong = post_request(client, "eqk_wrong")
    api_client_set_active(client=kiosk.client, active=False)
    inactive = post_request(client, kiosk.key)
    assert missing.status_code == 403 and missing.json()[0]["code"] == 403
    assert wrong.status_code == 403 and "接口密钥无效" in wrong.json()[0]["description"]
    assert inactive.status_code == 403
    assert client.get(f"{BASE}/requests/1.json?api_key=eqk_wrong").status_code == 403
    assert Petition.objects.count() == 0


def test_a_huge_form_is_refused(client, office_tree, kiosk):
    body = urlencode({**REQUEST, "api_key": kiosk.key, "description": "欠" * 100_000})
    response = client.post(
        f"{BASE}/requests.json", body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413 and response.json()[0]["code"] == 413
    assert "64 KB" in response.json()[0]["description"]


def test_there_is_no_public_list_of_requests(client, office_tree, kiosk):
    post_request(client, kiosk.key)
    response = client.get(f"{BASE}/requests.json")
    assert (
        response.status_code == 403 and "不提供公开的请求列表" in response.json()[0]["description"]
    )
    too_many = ",".join(str(260101000000 + i) for i in range(21))
    assert client.get(f"{BASE}/requests.json?service_request_id={too_many}").status_code == 400


def test_guessing_ids_and_tokens_is_stopped(client, office_tree):
    codes = [
        client.get(f"{BASE}/requests/2601010000{i:02d}.json", REMOTE_ADDR="10.7.7.7").status_code
        for i in range(15)
    ] + [
        client.get(f"{BASE}/tokens/{i:032x}.json", REMOTE_ADDR="10.7.7.7").status_code
        for i in range(10)
    ]
    assert codes[:20] == [404] * 20
    assert set(codes[20:]) == {429}
    locked = client.get(f"{BASE}/requests/260101000000.json", REMOTE_ADDR="10.7.7.7")
    assert locked.json()[0]["code"] == 429 and int(locked["Retry-After"]) > 0
    # Another address is not affected.
    assert (
        client.get(f"{BASE}/requests/260101000000.json", REMOTE_ADDR="10.7.7.8").status_code == 404
    )


def test_several_requests_cost_a_fixed_number_of_queries(client, office_tree, kiosk):
    numbers = [
        post_request(client, kiosk.key, phone=f"1391234567{i}").json()[0]["service_request_id"]
        for i in range(2)
    ]
    url = f"{BASE}/requests.json?api_key={kiosk.key}&service_request_id="
    with CaptureQueriesContext(connection) as two:
        assert len(client.get(url + ",".join(numbers)).json()) == 2
    more = numbers + [
        post_request(client, kiosk.key, phone=f"1391234568{i}").json()[0]["service_request_id"]
        for i in range(3)
    ]
    with CaptureQueriesContext(connection) as five:
        assert len(client.get(url + ",".join(more)).json()) == 5
    assert len(five) == len(two)


def test_a_late_reply_is_owned_up_to_not_promised_for_a_passed_date(client, office_tree, kiosk):
    """A request whose procedural reply is late says so, and promises only the result date
    still ahead; once the result is late too, it promises no date at all."""
    number = post_request(client, kiosk.key).json()[0]["service_request_id"]
    today = timezone.localdate()
    late = Petition.objects.filter(tracking_number=number)
    late.update(procedural_reply_due=today - dt.timedelta(days=3))
    url = f"{BASE}/requests/{number}.json?api_key={kiosk.key}"

    [status] = client.get(url).json()
    result_due = late.get().result_reply_due
    assert "已经晚了3天" in status["status_notes"] and "对不起" in status["status_notes"]
    assert status["expected_datetime"] == f"{result_due.isoformat()}T23:59:59+08:00"

    late.update(result_reply_due=today - dt.timedelta(days=1))
    [status] = client.get(url).json()
    assert "办理结果" in status["status_notes"] and "已经晚了1天" in status["status_notes"]
    assert status["expected_datetime"] is None
    xml = client.get(url.replace(".json", ".xml")).content.decode()
    assert "已经晚了1天" in xml and "<expected_datetime />" in xml
