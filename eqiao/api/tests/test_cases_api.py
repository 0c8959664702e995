"""v1 cases: the case management system's connector upserts batches with a scoped key."""

from __future__ import annotations

import json

import pytest

from eqiao.api.services.clients import api_client_create
from eqiao.cases.models import Case, CaseStage
from eqiao.cases.tests.factories import SUSPECT_ID

pytestmark = pytest.mark.django_db


# --- The connector API ------------------------------------------------------------------


@pytest.fixture
def connector(db):
    _client, key = api_client_create(
        name="统一业务应用系统接口", channel="web", scopes="cases.write"
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def item(**overrides) -> dict:
    data = {
        "number": "冠检刑诉受〔2026〕12号",
        "kind": "criminal",
        "title": "张某某故意伤害案",
        "office": "冠县人民检察院",
        "stage": "prosecution_review",
        "accepted_on": "2026-09-01",
        "stage_dates": {"prosecution_review": "2026-09-10"},
        "juvenile": True,
        "parties": [
            {"role": "suspect", "name": "张三", "id_number": SUSPECT_ID, "phone": "13800000001"},
            {"role": "victim", "name": "李四", "phone": "13900000002"},
        ],
    }
    data.update(overrides)
    return data


def post(client, body, auth):
    return client.post("/api/v1/cases", json.dumps(body), content_type="application/json", **auth)


def test_api_upserts_and_reports_each_item(
    client, office_tree, connector, sms_outbox, django_capture_on_commit_callbacks
):
    bad = item(number="冠检刑诉受〔2026〕13号", accepted_on="2026-09-01", closed_on="2026-01-01")
    response = post(client, {"cases": [item(), bad]}, connector)
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["created"], data["rejected"]) == (1, 1)
    assert "办结日期早于受理日期" in data["results"][1]["errors"][0]
    case = Case.objects.get()
    assert case.juvenile and case.source == "api"
    assert case.parties.get(role="victim").id_number == ""
    with django_capture_on_commit_callbacks(execute=True):
        data = post(client, {"cases": [item(stage="prosecuted")]}, connector).json()
    assert data["updated"] == 1 and data["results"][0]["stage_changed"]
    assert CaseStage.objects.filter(case=case, stage="prosecuted").count() == 1
    assert sorted(m.phone for m in sms_outbox) == ["13800000001", "13900000002"]
    data = post(client, {"cases": [item(stage="prosecuted")]}, connector).json()
    assert data["unchanged"] == 1


def test_api_needs_key_and_scope(client, office_tree):
    assert post(client, {"cases": [item()]}, {}).status_code == 401
    _client, key = api_client_create(name="查询机", channel="kiosk")
    response = post(client, {"cases": [item()]}, {"HTTP_AUTHORIZATION": f"Bearer {key}"})
    assert response.status_code == 403 and "cases.write" in response.json()["detail"]


def test_api_refuses_malformed_batches(client, office_tree, connector):
    assert post(client, {"cases": [item(kind="spy")]}, connector).status_code in (400, 422)
    assert post(client, {"cases": [item()] * 101}, connector).status_code in (400, 413, 422)
    response = post(client, {"cases": [item(office="北京市人民检察院")]}, connector)
    assert response.json()["results"][0]["outcome"] == "rejected"


def test_openapi_documents_the_endpoint(client):
    doc = client.get("/api/openapi.json").json()
    assert "/api/v1/cases" in doc["paths"]
