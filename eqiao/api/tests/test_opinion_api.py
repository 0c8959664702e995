"""v1 opinion: a monitoring connector pushes posts with a scoped key."""

from __future__ import annotations

import json

import pytest

from eqiao.api.services.clients import api_client_create
from eqiao.opinion.models import OpinionPost

pytestmark = pytest.mark.django_db
URL = "/api/v1/opinion/posts"


@pytest.fixture
def connector(db):
    _client, key = api_client_create(name="舆情监测服务商", channel="web", scopes="opinion.push")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def push(client, body, auth):
    return client.post(
        URL, json.dumps(body, ensure_ascii=False), content_type="application/json", **auth
    )


BATCH = {
    "source": "vendor-weibo",
    "posts": [
        {
            "id": "9001",
            "text": "冠县检察院给力👍",
            "platform": "weibo",
            "posted_at": "2026-12-07T08:00:00+08:00",
        },
        {"id": "9002", "text": "临清检察院的电话一直没人接"},
    ],
}


def test_pushed_posts_are_stored_once(client, connector):
    response = push(client, BATCH, connector)
    assert response.status_code == 200, response.content
    assert response.json() == {"created": 2, "skipped": 0}
    assert push(client, BATCH, connector).json() == {"created": 0, "skipped": 2}
    post = OpinionPost.objects.get(source_post_id="9001")
    assert post.source.code == "vendor-weibo" and post.platform == "weibo"


def test_push_needs_a_key_with_the_scope(client):
    assert push(client, BATCH, {}).status_code == 401
    _client, key = api_client_create(name="查询机", channel="kiosk")
    response = push(client, BATCH, {"HTTP_AUTHORIZATION": f"Bearer {key}"})
    assert response.status_code == 403 and "opinion.push" in response.json()["detail"]


def test_bad_posts_get_a_clear_error(client, connector):
    response = push(client, {"source": "vendor", "posts": [{"id": "1", "text": ""}]}, connector)
    assert response.status_code in (400, 422)
    assert not OpinionPost.objects.exists()


def test_the_push_endpoint_is_in_the_openapi_document(client):
    document = client.get("/api/openapi.json").json()
    assert URL in document["paths"]
