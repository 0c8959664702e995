"""GET /api/v1/satisfaction: the index per office and period, as JSON."""

from __future__ import annotations

import pytest

from eqiao.followups.models import EvaluationLevel as L
from eqiao.surveys.tests.factories import at, evaluate

pytestmark = pytest.mark.django_db


def test_the_index_of_the_city_with_change_trend_and_counties(client, office_tree):
    t = office_tree
    evaluate(t.qingshui, L.SATISFIED, at=at(2026, 9), count=40)
    evaluate(t.qingshui, L.BASIC, at=at(2026, 10), count=40)
    evaluate(t.linqing, L.DISSATISFIED, at=at(2026, 10), count=2)
    data = client.get("/api/v1/satisfaction?period=2026-10&trend=3").json()
    assert data["office"]["name"] == "聊城市人民检察院"
    index = data["index"]
    assert (index["value"], index["previous"], index["change"]) == (57.14, 100.0, -42.86)
    assert (index["n"], index["evaluations"], index["reliable"]) == (42, 42, True)
    assert [p["period"] for p in data["trend"]] == ["2026-08", "2026-09", "2026-10"]
    children = {c["office"]["name"]: c["index"]["value"] for c in data["children"]}
    assert children == {"冠县人民检察院": 60.0, "临清市人民检察院": 0.0}


def test_a_county_and_a_quarter(client, office_tree):
    evaluate(office_tree.qingshui, L.SATISFIED, at=at(2026, 11), count=2)
    data = client.get(f"/api/v1/satisfaction?office={office_tree.guanxian.pk}&period=2026-Q4")
    body = data.json()
    assert body["index"]["label"] == "2026年第4季度" and body["index"]["value"] == 100.0
    assert body["index"]["reliable"] is False and body["index"]["change"] is None


def test_bad_input_is_a_clear_4xx(client, office_tree):
    bad = client.get("/api/v1/satisfaction?period=2026-13")
    assert bad.status_code == 400 and "2026-Q4" in bad.json()["detail"]
    assert client.get("/api/v1/satisfaction?office=99999&period=2026").status_code == 404
    assert client.get("/api/v1/satisfaction?office=abc").status_code in (400, 422)
    assert client.get(f"/api/v1/satisfaction?office={2**70}").status_code in (404, 422)
    assert client.get("/api/v1/satisfaction?period=0000-01").status_code == 400


def test_the_openapi_document_lists_the_endpoint(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "get" in paths["/api/v1/satisfaction"]
