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
