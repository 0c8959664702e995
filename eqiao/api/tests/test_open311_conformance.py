"""GeoReport v2 as the spec has it: XML beside JSON with the spec's element names, 403 for a
missing key, 404 for an unknown service or jurisdiction, the list of a client's own
requests with its filters, media stored as an attachment or refused with a reason, and
who may see a request."""

from __future__ import annotations

import datetime as dt
import io
from xml.etree import ElementTree

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from eqiao.intake.models import Attachment, Petition
from eqiao.intake.services.handling import petition_close

pytestmark = pytest.mark.django_db

BASE = "/api/open311/v2"
FORM = {
    "service_code": "complaint",
    "description": "我在工地干了半年活，老板一直拖欠工资不给，请检察院帮帮忙。",
    "last_name": "李",
    "first_name": "秀英",
    "phone": "13912345678",
}
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00"
    b"\x00\x90wS\xde\x00\x00\x00\x0cIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81"
    b"\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)


def file_request(client, key, **fields):
    return client.post(f"{BASE}/requests.json", {**FORM, "api_key": key, **fields})


def xml(response) -> ElementTree.Element:
    assert response["Content-Type"].startswith("text/xml"), response.content[:200]
    return ElementTree.fromstring(response.content)


def test_every_endpoint_answers_in_xml_with_the_specs_element_names(client, office_tree, kiosk):
    discovery = xml(client.get(f"{BASE}/discovery.xml"))
    assert discovery.tag == "discovery"
    assert [f.text for f in discovery.findall("endpoints/endpoint/formats/format")] == [
        "application/json",
        "text/xml",
    ]
    services = xml(client.get(f"{BASE}/services.xml"))
    assert services.tag == "services"
    assert [s.findtext("service_code") for s in services.findall("service")][:2] == [
        "complaint",
        "appeal",
    ]
    assert services.find("service/metadata").text == "false"
    definition = xml(client.get(f"{BASE}/services/aid.xml"))
    assert definition.tag == "service_definition" and definition.findtext("service_code") == "aid"

    created = client.post(f"{BASE}/requests.xml", {**FORM, "api_key": kiosk.key})
    assert created.status_code == 201
    receipt = xml(created)
    assert receipt.tag == "service_requests"
    number = receipt.findtext("request/service_request_id")
    token = receipt.findtext("request/token")
    assert Petition.objects.filter(tracking_number=number).exists() and token

    detail = xml(client.get(f"{BASE}/requests/{number}.xml?api_key={kiosk.key}"))
    assert detail.findtext("request/service_request_id") == number
    assert detail.findtext("request/status") == "open"
    assert detail.findtext("request/requested_datetime").endswith("+08:00")
    listed = xml(client.get(f"{BASE}/requests.xml?api_key={kiosk.key}"))
    assert [r.findtext("service_request_id") for r in listed.findall("request")] == [number]
    by_token = xml(client.get(f"{BASE}/tokens/{token}.xml"))
    assert by_token.findtext("request/service_request_id") == number


def test_errors_in_xml(client, office_tree):
    response = client.post(f"{BASE}/requests.xml", FORM)
    assert response.status_code == 403
    errors = xml(response)
    assert errors.tag == "errors"
    assert errors.findtext("error/code") == "403"
    assert "api_key" in errors.findtext("error/description")
    assert xml(client.get(f"{BASE}/services/parking.xml")).findtext("error/code") == "404"


def test_unknown_service_and_jurisdiction_are_404(client, office_tree, kiosk):
    unknown_service = file_request(client, kiosk.key, service_code="pothole")
    assert unknown_service.status_code == 404
    assert unknown_service.json()[0]["field"] == "service_code"
    for url in (
        f"{BASE}/services.json?jurisdiction_id=gotham",
        f"{BASE}/requests.json?jurisdiction_id=gotham&api_key={kiosk.key}",
    ):
        assert client.get(url).status_code == 404
    assert file_request(client, kiosk.key, jurisdiction_id="gotham").status_code == 404
    assert Petition.objects.count() == 0


def test_a_name_is_optional_when_a_phone_is_given(client, office_tree, kiosk):
    nameless = file_request(client, kiosk.key, last_name="", first_name="")
    assert nameless.status_code == 201, nameless.content
    assert Petition.objects.get().name == ""
    neither = file_request(
        client, kiosk.key, last_name="", first_name="", phone="", description="另一件事情要反映。"
    )
    assert neither.status_code == 400 and neither.json()[0]["field"] == "name"


def test_the_list_is_the_callers_own_requests_with_the_filters(client, office_tree, kiosk, wechat):
    complaint = file_request(client, kiosk.key).json()[0]["service_request_id"]
    consultation = file_request(
        client, kiosk.key, service_code="consultation", description="请问离婚后抚养费怎么算？"
    ).json()[0]["service_request_id"]
    file_request(client, wechat.key, description="别的接入方提交的另一件事。")
    petition_close(
        petition=Petition.objects.get(tracking_number=consultation),
        actor=office_tree.city_head,
        outcome="resolved",
        text="已电话解答。",
    )

    def numbers(query: str = "") -> list[str]:
        response = client.get(f"{BASE}/requests.json?api_key={kiosk.key}{query}")
        assert response.status_code == 200, response.content
        return [r["service_request_id"] for r in response.json()]

    assert sorted(numbers()) == sorted([complaint, consultation])
    assert numbers("&status=open") == [complaint]
    assert numbers("&status=closed") == [consultation]
    assert numbers("&service_code=consultation") == [consultation]
    assert sorted(numbers("&status=open,closed")) == sorted([complaint, consultation])
    # service_request_id overrides every other filter.
    assert numbers(f"&service_request_id={complaint}&status=closed&service_code=aid") == [complaint]
    now = timezone.localtime()
    later = (now + dt.timedelta(days=1)).date().isoformat()
    long_ago = (now - dt.timedelta(days=200)).date().isoformat()
    assert numbers(f"&start_date={later}") == []
    assert numbers(f"&end_date={long_ago}") == []
    assert sorted(numbers(f"&start_date={now.date().isoformat()}")) == sorted(
        [complaint, consultation]
    )


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("status=pending", "status"),
        ("service_code=pothole", "service_code"),
        ("start_date=yesterday", "start_date"),
        ("start_date=2026-01-01&end_date=2026-12-01", "start_date"),  # more than 90 days
        ("start_date=2026-02-01&end_date=2026-01-01", "end_date"),
    ],
)
def test_bad_list_filters_are_400_naming_the_parameter(client, office_tree, kiosk, query, field):
    response = client.get(f"{BASE}/requests.json?api_key={kiosk.key}&{query}")
    assert response.status_code == 400, response.content
    [error] = response.json()
    assert error["field"] == field and error["description"]


def test_an_uploaded_media_file_is_stored_as_an_attachment(client, office_tree, kiosk):
    photo = SimpleUploadedFile("工地.png", PNG, content_type="image/png")
    response = file_request(client, kiosk.key, media=photo)
    assert response.status_code == 201, response.content
    attachment = Attachment.objects.get()
    assert attachment.petition.tracking_number == response.json()[0]["service_request_id"]
    assert attachment.content_type == "image/png" and attachment.original_name == "工地.png"


def test_media_that_cannot_be_stored_is_refused_with_a_reason(client, office_tree, kiosk):
    program = SimpleUploadedFile("photo.png", b"MZ\x90\x00" + b"\x00" * 64)
    refused = file_request(client, kiosk.key, media=program)
    assert refused.status_code == 400
    assert "格式不支持" in refused.json()[0]["description"]
    assert refused.json()[0]["field"] == "media"  # the parameter the client sent
    by_url = file_request(client, kiosk.key, media_url="http://example.com/a.jpg")
    assert by_url.status_code == 400 and by_url.json()[0]["field"] == "media_url"
    assert "不从互联网下载" in by_url.json()[0]["description"]
    assert Petition.objects.count() == 0 and Attachment.objects.count() == 0


def test_the_public_listing_is_off_unless_switched_on(client, office_tree, kiosk, settings):
    named = file_request(client, kiosk.key).json()[0]["service_request_id"]
    anonymous = file_request(
        client,
        kiosk.key,
        service_code="report",
        anonymous="true",
        last_name="",
        first_name="",
        phone="",
        description="冠县某局局长收受贿赂，为亲属承揽工程。",
    ).json()[0]["service_request_id"]
    assert client.get(f"{BASE}/requests.json").status_code == 403
    assert client.get(f"{BASE}/requests/{named}.json").status_code == 404

    settings.EQIAO_OPEN311_PUBLIC_LISTING = True
    listing = client.get(f"{BASE}/requests.json")
    assert listing.status_code == 200
    assert [r["service_request_id"] for r in listing.json()] == [named]
    assert client.get(f"{BASE}/requests/{named}.json").status_code == 200
    assert client.get(f"{BASE}/requests/{anonymous}.json").status_code == 404
    text = listing.content.decode()
    for personal in ("李秀英", "13912345678", "拖欠工资"):
        assert personal not in text


def test_an_anonymous_report_looks_like_a_number_that_does_not_exist(
    client, office_tree, kiosk, wechat
):
    number = file_request(
        client,
        kiosk.key,
        service_code="report",
        anonymous="true",
        last_name="",
        first_name="",
        phone="",
        description="冠县某局局长收受贿赂，为亲属承揽工程。",
    ).json()[0]["service_request_id"]
    probe = client.get(f"{BASE}/requests/{number}.json?api_key={wechat.key}")
    nothing = client.get(f"{BASE}/requests/260101999999.json?api_key={wechat.key}")
    assert probe.status_code == nothing.status_code == 404
    assert probe.content == nothing.content
    for word in ("举报", "report", "冠县", "expected"):
        assert word not in probe.content.decode()


def test_xml_survives_control_characters_in_text(client, office_tree):
    response = client.get(f"{BASE}/services/%01%02.xml")
    assert response.status_code == 404
    ElementTree.parse(io.BytesIO(response.content))


def test_the_clients_list_costs_a_fixed_number_of_queries(client, office_tree, kiosk):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def file(i: int) -> None:
        response = file_request(client, kiosk.key, phone=f"1391234560{i}")
        assert response.status_code == 201

    url = f"{BASE}/requests.json?api_key={kiosk.key}"
    for i in range(2):
        file(i)
    with CaptureQueriesContext(connection) as two:
        assert len(client.get(url).json()) == 2
    for i in range(2, 5):
        file(i)
    with CaptureQueriesContext(connection) as five:
        assert len(client.get(url).json()) == 5
    assert len(five) == len(two)
