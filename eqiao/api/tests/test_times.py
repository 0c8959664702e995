"""Every time in an API answer is China time (+08:00), as the docs promise, whatever time
zone happens to be active in the server."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from eqiao.intake.models import Petition
from eqiao.intake.services.handling import petition_reply

pytestmark = pytest.mark.django_db

DATETIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d")


def datetimes(value) -> list[str]:
    if isinstance(value, dict):
        return [t for v in value.values() for t in datetimes(v)]
    if isinstance(value, list):
        return [t for v in value for t in datetimes(v)]
    return [value] if isinstance(value, str) and DATETIME.match(value) else []


@pytest.fixture
def utc_active():
    timezone.activate("UTC")
    yield
    timezone.deactivate()


def test_every_timestamp_in_v1_and_open311_is_china_time(
    client, office_tree, kiosk, petition_payload, utc_active
):
    filed = client.post(
        "/api/v1/petitions", petition_payload, content_type="application/json", **kiosk.auth
    ).json()
    number, password = filed["tracking_number"], filed["query_password"]
    petition_reply(
        petition=Petition.objects.get(tracking_number=number),
        actor=office_tree.city_head,
        kind="procedural",
        text="已转冠县人民检察院核查。",
    )
    message = client.post(
        f"/api/v1/petitions/{number}/messages",
        {"text": "补充：老板姓王。"},
        content_type="application/json",
        HTTP_X_QUERY_PASSWORD=password,
        **kiosk.auth,
    ).json()
    status = client.get(f"/api/v1/petitions/{number}", HTTP_X_QUERY_PASSWORD=password).json()
    open311 = client.post(
        "/api/open311/v2/requests.json",
        {
            "api_key": kiosk.key,
            "service_code": "aid",
            "name": "王芳",
            "phone": "13906359999",
            "description": "家里困难，申请司法救助。",
        },
    ).json()
    listed = client.get(f"/api/open311/v2/requests.json?api_key={kiosk.key}").json()
    detail = client.get(f"/api/open311/v2/requests/{number}.json?api_key={kiosk.key}").json()

    seen = datetimes([filed, message, status, open311, listed, detail])
    assert len(seen) >= 12
    assert all(t.endswith("+08:00") for t in seen), seen

    as_xml = client.get(f"/api/open311/v2/requests.xml?api_key={kiosk.key}")
    tree = ElementTree.fromstring(as_xml.content)
    stamps = [e.text for e in tree.iter() if e.text and DATETIME.match(e.text)]
    assert stamps and all(t.endswith("+08:00") for t in stamps), stamps
