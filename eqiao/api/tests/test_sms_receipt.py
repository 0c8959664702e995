"""End to end: a petition filed through the API, its receipt SMS delivered by the real HTTP
gateway to the loopback provider (the SMS adapter's own tests are in channels/tests)."""

from __future__ import annotations

import json

import pytest

from eqiao.channels.models import OutboundSms, SmsStatus
from eqiao.channels.sms.fake_server import FakeSmsProvider

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(settings):
    with FakeSmsProvider() as provider:
        settings.EQIAO_SMS_GATEWAY = "eqiao.channels.sms.backends.http.HttpSmsGateway"
        settings.EQIAO_SMS_HTTP_URL = provider.url
        settings.EQIAO_SMS_HTTP_KEY = provider.key
        yield provider


def test_the_receipt_reaches_the_provider_and_survives_an_outage(
    client, office_tree, kiosk, petition_payload, provider, django_capture_on_commit_callbacks
):
    from eqiao.channels.services import sms_retry_due

    provider.fail_next(1, status=503)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/api/v1/petitions",
            data=json.dumps(petition_payload),
            content_type="application/json",
            **kiosk.auth,
        )
    body = response.json()
    record = OutboundSms.objects.get(ref=body["tracking_number"])
    assert record.status == SmsStatus.RETRYING and provider.messages == []

    sms_retry_due(now=record.next_attempt_at)

    [sms] = provider.messages
    assert sms.phone == petition_payload["phone"]
    assert body["tracking_number"] in sms.text and body["query_password"] in sms.text
    record.refresh_from_db()
    assert record.status == SmsStatus.SENT and record.provider_id == sms.provider_id
