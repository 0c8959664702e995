"""End to end: a petition filed through the API, its receipt SMS delivered by the real HTTP
gateway to the loopback provider (the SMS adapter's own tests are in channels/tests)."""

from __future__ import annotations

import json

import pytest

from eqiao.channels.models import MessageStatus, OutboundMessage
from eqiao.channels.providers.sms_http.fake_server import FakeSmsProvider

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(settings):
    with FakeSmsProvider() as provider:
        settings.EQIAO_SMS_PROVIDER = "sms_http"
        settings.EQIAO_SMS_HTTP_URL = provider.url
        settings.EQIAO_SMS_HTTP_KEY = provider.key
        yield provider


def test_the_receipt_reaches_the_provider_and_survives_an_outage(
    client, office_tree, kiosk, petition_payload, provider, django_capture_on_commit_callbacks
):
    from eqiao.channels.services import messages_deliver_due

    provider.fail_next(1, status=503)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/petitions",
            data=json.dumps(petition_payload),
            content_type="application/json",
            **kiosk.auth,
        )
    body = response.json()
    record = OutboundMessage.objects.get(ref=body["tracking_number"])
    assert record.status == MessageStatus.QUEUED and provider.messages == []
    assert record.attempts == 1 and record.next_attempt_at is not None

    messages_deliver_due(now=record.next_attempt_at)

    [sms] = provider.messages
    assert sms.phone == petition_payload["phone"]
    assert body["tracking_number"] in sms.text and body["query_password"] in sms.text
    record.refresh_from_db()
    assert record.status == MessageStatus.SENT and record.provider_id == sms.provider_id


def test_a_template_only_gateway_gets_the_receipts_code_and_parameters(
    client,
    office_tree,
    kiosk,
    petition_payload,
    provider,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.EQIAO_SMS_HTTP_TEMPLATE_ONLY = True
    settings.EQIAO_SMS_TEMPLATE_CODES = {"intake.receipt": "SMS_246810"}
    with django_capture_on_commit_callbacks(execute=True):
        body = client.post(
            "/api/v1/petitions",
            data=json.dumps(petition_payload),
            content_type="application/json",
            **kiosk.auth,
        ).json()

    [sms] = provider.messages
    assert sms.template == "SMS_246810"
    assert sms.params["number"] == body["tracking_number"]
    assert sms.params["password"] == body["query_password"]
    assert set(sms.params) == {"kind", "number", "password", "due"}
    record = OutboundMessage.objects.get(ref=body["tracking_number"])
    assert record.template == "intake.receipt" and record.text == sms.text


RECEIPT_URL = "/api/v1/channels/sms/receipt"


def post_receipt(client, headers, payload):
    return client.post(
        RECEIPT_URL, data=json.dumps(payload), content_type="application/json", **headers
    )


def test_the_gateways_delivery_receipt_marks_the_receipt_sms_delivered(
    client,
    office_tree,
    kiosk,
    petition_payload,
    provider,
    sms_secret,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        body = client.post(
            "/api/v1/petitions",
            data=json.dumps(petition_payload),
            content_type="application/json",
            **kiosk.auth,
        ).json()
    record = OutboundMessage.objects.get(ref=body["tracking_number"])
    [sms] = provider.messages

    answer = post_receipt(client, sms_secret, {"id": sms.provider_id, "status": "delivered"})
    assert answer.status_code == 200 and answer.json() == {"result": "delivered"}
    record.refresh_from_db()
    assert record.status == MessageStatus.DELIVERED and record.delivered_at is not None

    unknown = post_receipt(client, sms_secret, {"id": "never-sent", "status": "failed"})
    assert unknown.status_code == 200 and unknown.json() == {"result": "unknown"}


def test_a_failed_receipt_keeps_the_gateways_code(
    client, office_tree, provider, sms_secret, sms_test_templates
):
    from eqiao.channels.services import message_deliver, sms_queue

    message = sms_queue(phone="13800138000", template="test.notice", params={"text": "测试"})
    message_deliver(message_id=message.pk)
    message.refresh_from_db()

    answer = post_receipt(
        client, sms_secret, {"id": message.provider_id, "status": "failed", "error": "MK:0001"}
    )
    assert answer.json() == {"result": "failed"}
    message.refresh_from_db()
    assert (message.status, message.last_error) == (MessageStatus.FAILED, "MK:0001")


@pytest.mark.parametrize(
    ("payload", "field"),
    [({"id": "x1", "status": "maybe"}, "status"), ({"status": "delivered"}, "id"), ([], None)],
)
def test_bad_receipts_are_400_and_the_secret_is_required(client, sms_secret, payload, field):
    answer = post_receipt(client, sms_secret, payload)
    assert answer.status_code == 400 and answer.json()["field"] == field
    assert post_receipt(client, {}, {"id": "x", "status": "delivered"}).status_code == 401
