"""Filing through the API never files more than a client may, nor the same thing twice:
the hourly budget is reserved before the write, the same Idempotency-Key with other
content is refused, and an identical retry without a key returns the first petition."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from eqiao.api.models import ApiClient
from eqiao.api.services.petitions import (
    DUPLICATE_WINDOW,
    IdempotencyKeyReused,
    api_petition_submit,
)
from eqiao.intake.models import Petition

V1 = "/api/v1/petitions"
OPEN311 = "/api/open311/v2/requests.json"


def petition_json(i: int) -> dict:
    return {
        "kind": "consultation",
        "name": "赵磊",
        "phone": f"139063588{i:02d}",
        "content": f"请问离婚后孩子抚养费怎么计算？第{i}个问题。",
    }


def post_v1(http: Client, auth: dict, payload: dict, **headers):
    return http.post(V1, payload, content_type="application/json", **auth, **headers)


def allow(api_client: ApiClient, per_hour: int) -> None:
    ApiClient.objects.filter(pk=api_client.pk).update(submit_per_hour=per_hour)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs concurrent connections (PostgreSQL)"
)
def test_ten_parallel_posts_from_a_client_allowed_three_file_three(office_tree, kiosk):
    allow(kiosk.client, 3)
    barrier = threading.Barrier(10)
    codes: list[int] = [0] * 10

    def post(i: int) -> None:
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            codes[i] = post_v1(Client(), kiosk.auth, petition_json(i)).status_code
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=post, args=(i,)) for i in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(codes) == [201] * 3 + [429] * 7
    assert Petition.objects.count() == 3


@pytest.mark.django_db
def test_the_hourly_budget_counts_written_petitions_only(client, office_tree, kiosk):
    allow(kiosk.client, 3)
    refused = post_v1(client, kiosk.auth, {**petition_json(0), "content": "短"})
    assert refused.status_code == 400  # a failed write gives its unit back
    codes = [post_v1(client, kiosk.auth, petition_json(i)).status_code for i in range(10)]
    assert codes == [201] * 3 + [429] * 7
    assert Petition.objects.count() == 3
    assert "上限" in post_v1(client, kiosk.auth, petition_json(20)).json()["detail"]


@pytest.mark.django_db
def test_a_spent_budget_names_the_real_wait(client, office_tree, kiosk, throttle_clock):
    """Retry-After is the time until the hour that began with the first write ends, not a
    whole hour from the refusal."""
    allow(kiosk.client, 2)
    assert post_v1(client, kiosk.auth, petition_json(0)).status_code == 201
    throttle_clock.advance(600)
    assert post_v1(client, kiosk.auth, petition_json(1)).status_code == 201
    throttle_clock.advance(1200)
    refused = post_v1(client, kiosk.auth, petition_json(2))
    assert refused.status_code == 429
    assert refused["Retry-After"] == "1800"
    assert "30分钟" in refused.json()["detail"]


@pytest.mark.django_db
def test_a_phone_over_its_budget_is_told_the_real_wait(client, office_tree, kiosk, throttle_clock):
    for i in range(10):
        filed = post_v1(client, kiosk.auth, {**petition_json(i), "phone": "13906358800"})
        assert filed.status_code == 201
        throttle_clock.advance(60)
    refused = post_v1(client, kiosk.auth, {**petition_json(10), "phone": "13906358800"})
    assert refused.status_code == 429 and refused.json()["field"] == "phone"
    assert refused["Retry-After"] == str(3600 - 600)


@pytest.mark.django_db
def test_the_same_idempotency_key_with_other_content_is_422(client, office_tree, kiosk):
    first = post_v1(client, kiosk.auth, petition_json(1), HTTP_IDEMPOTENCY_KEY="k-1")
    # The same content, spaced and typed differently, is the same request.
    retyped = {**petition_json(1), "content": "  请问离婚后孩子抚养费怎么计算？第１个问题。\n"}
    again = post_v1(client, kiosk.auth, retyped, HTTP_IDEMPOTENCY_KEY="k-1")
    other = post_v1(client, kiosk.auth, petition_json(2), HTTP_IDEMPOTENCY_KEY="k-1")

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["tracking_number"] == first.json()["tracking_number"]
    assert other.status_code == 422, other.content
    assert "Idempotency-Key" in other.json()["detail"]
    assert first.json()["tracking_number"] in other.json()["detail"]
    assert Petition.objects.count() == 1


@pytest.mark.django_db
def test_open311_same_key_other_content_is_422_in_open311_shape(client, office_tree, kiosk):
    form = {
        "api_key": kiosk.key,
        "service_code": "consultation",
        "name": "赵磊",
        "phone": "13906358801",
        "description": "请问离婚后孩子抚养费怎么计算？",
    }
    assert client.post(OPEN311, form, HTTP_IDEMPOTENCY_KEY="o-1").status_code == 201
    other = client.post(
        OPEN311, {**form, "description": "另一件事：工资被拖欠。"}, HTTP_IDEMPOTENCY_KEY="o-1"
    )
    assert other.status_code == 422
    assert other.json()[0]["code"] == 422 and "Idempotency-Key" in other.json()[0]["description"]


@pytest.mark.django_db
def test_an_identical_open311_retry_files_once(client, office_tree, kiosk, wechat):
    form = {
        "api_key": kiosk.key,
        "service_code": "complaint",
        "last_name": "李",
        "first_name": "秀英",
        "phone": "13912345678",
        "description": "我在工地干了半年活，老板一直拖欠工资不给，请检察院帮帮忙。",
    }
    first = client.post(OPEN311, form)
    retry = client.post(OPEN311, {**form, "phone": "139-1234-5678"})
    assert (first.status_code, retry.status_code) == (201, 200)
    assert retry.json()[0]["service_request_id"] == first.json()[0]["service_request_id"]
    assert retry.json()[0]["token"] == first.json()[0]["token"]
    assert retry.json()[0]["query_password"] == first.json()[0]["query_password"]
    # Another client filing the same text is another request.
    assert client.post(OPEN311, {**form, "api_key": wechat.key}).status_code == 201
    assert Petition.objects.count() == 2


@pytest.mark.django_db
def test_an_identical_submission_after_the_window_is_a_new_petition(office_tree, kiosk):
    fields = petition_json(3)
    first = api_petition_submit(client=kiosk.client, **fields)
    soon = api_petition_submit(
        client=kiosk.client,
        now=timezone.now() + DUPLICATE_WINDOW - dt.timedelta(minutes=1),
        **fields,
    )
    later = api_petition_submit(
        client=kiosk.client,
        now=timezone.now() + DUPLICATE_WINDOW + dt.timedelta(minutes=1),
        **fields,
    )
    assert first.created and not soon.created and later.created
    assert soon.petition == first.petition != later.petition


@pytest.mark.django_db
def test_the_service_raises_a_422_error_for_a_reused_key(office_tree, kiosk):
    api_petition_submit(client=kiosk.client, idempotency_key="x", **petition_json(4))
    with pytest.raises(IdempotencyKeyReused) as raised:
        api_petition_submit(client=kiosk.client, idempotency_key="x", **petition_json(5))
    assert raised.value.status_code == 422 and raised.value.field == "idempotency_key"
