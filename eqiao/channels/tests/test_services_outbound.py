"""Outbound records through the real HTTP provider and the loopback gateway: sent once,
retried with back-off, given up on a permanent refusal, stored once per idempotency key,
delivered in batches, receipts recorded, opted-out addresses suppressed. (A petition's
receipt reaching the gateway end to end is tested in `api/tests`: channels may not import
intake.)"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from eqiao.channels.models import MessageStatus, OutboundMessage
from eqiao.channels.services import (
    MAX_ATTEMPTS,
    message_deliver,
    message_receipt_record,
    messages_deliver_due,
    optout_set_by_staff,
    sms_queue,
)

PHONE = "13800138000"
RECEIPT = {"template": "test.requested", "params": {"text": "回执"}}
pytestmark = pytest.mark.django_db


def stored(text: str = "【聊城检察】测试短信", phone: str = PHONE, **kwargs) -> OutboundMessage:
    return OutboundMessage.objects.create(recipient=phone, text=text, purpose="test", **kwargs)


def test_a_message_is_sent_once_even_if_delivered_twice(http_sms):
    sms = stored()

    assert message_deliver(message_id=sms.pk) == MessageStatus.SENT
    assert message_deliver(message_id=sms.pk) == MessageStatus.SENT

    sms.refresh_from_db()
    assert sms.provider_id == "fake-1" and sms.sent_at is not None and sms.attempts == 1
    assert sms.provider == "sms_http" and sms.claim_token == ""
    assert len(http_sms.messages) == 1


def test_the_idempotency_key_goes_to_the_gateway(http_sms):
    sms = stored(idempotency_key="receipt:42")
    message_deliver(message_id=sms.pk)
    assert [m.client_id for m in http_sms.messages] == ["receipt:42"]


def test_a_busy_provider_means_retry_later_then_sent(http_sms):
    http_sms.fail_next(1, status=503)
    sms = stored()

    assert message_deliver(message_id=sms.pk) == MessageStatus.QUEUED
    sms.refresh_from_db()
    assert sms.attempts == 1 and "503" in sms.last_error
    assert sms.next_attempt_at > timezone.now()
    assert http_sms.messages == []

    # Not yet due: nothing is tried.
    assert messages_deliver_due(now=sms.next_attempt_at - dt.timedelta(seconds=1)) == 0
    assert messages_deliver_due(now=sms.next_attempt_at + dt.timedelta(seconds=1)) == 1

    sms.refresh_from_db()
    assert sms.status == MessageStatus.SENT and sms.attempts == 2 and sms.last_error == ""
    assert [m.text for m in http_sms.messages] == [sms.text]


def test_the_back_off_grows_and_gives_up_after_the_last_attempt(http_sms):
    http_sms.fail_next(MAX_ATTEMPTS, status=502)
    sms = stored()
    waits = []
    now = timezone.now()
    for _attempt in range(MAX_ATTEMPTS - 1):
        before = timezone.now()
        assert message_deliver(message_id=sms.pk, now=now) == MessageStatus.QUEUED
        sms.refresh_from_db()
        waits.append(sms.next_attempt_at - before)
        now = sms.next_attempt_at
    assert waits == sorted(waits) and waits[-1] > waits[0]

    assert message_deliver(message_id=sms.pk, now=now) == MessageStatus.FAILED
    assert http_sms.messages == []


def test_a_permanent_refusal_fails_at_once(http_sms):
    sms = stored(phone="10000")

    assert message_deliver(message_id=sms.pk) == MessageStatus.FAILED
    sms.refresh_from_db()
    assert sms.attempts == 1 and "invalid_phone" in sms.last_error
    assert messages_deliver_due(now=timezone.now() + dt.timedelta(days=1)) == 0


def test_queued_messages_go_out_when_the_transaction_commits(
    http_sms, django_capture_on_commit_callbacks, sms_test_templates
):
    with django_capture_on_commit_callbacks(execute=True):
        sms = sms_queue(
            phone=PHONE, template="test.notice", params={"text": "排队的短信"}, purpose="test"
        )
        assert http_sms.messages == []

    sms.refresh_from_db()
    assert sms.status == MessageStatus.SENT
    assert [m.text for m in http_sms.messages] == ["【聊城检察】排队的短信"]


def test_the_same_notification_is_stored_and_sent_once(
    sms_outbox, django_capture_on_commit_callbacks, sms_test_templates
):
    with django_capture_on_commit_callbacks(execute=True):
        first = sms_queue(phone=PHONE, **RECEIPT, idempotency_key="receipt:7")
        again = sms_queue(phone=PHONE, **RECEIPT, idempotency_key="receipt:7")

    assert first.pk == again.pk
    assert OutboundMessage.objects.count() == 1
    assert [m.text for m in sms_outbox] == ["【聊城检察】回执"]


def test_the_retry_job_sends_in_batches(http_sms):
    phones = ["13800138001", "13800138002", "13800138003"]
    for phone in phones:
        stored(phone=phone)

    assert messages_deliver_due() == 3

    assert http_sms.requests == 1  # one batch request for all three
    assert sorted(m.phone for m in http_sms.messages) == phones
    assert set(OutboundMessage.objects.values_list("status", flat=True)) == {MessageStatus.SENT}


def test_a_delivery_receipt_marks_the_message_delivered_or_failed(http_sms):
    ok, bad = stored(), stored(phone="13800138009")
    message_deliver(message_id=ok.pk)
    message_deliver(message_id=bad.pk)
    ok.refresh_from_db()
    bad.refresh_from_db()
    now = timezone.now()

    message_receipt_record(provider="sms_http", provider_id=ok.provider_id, delivered=True, now=now)
    message_receipt_record(
        provider="sms_http", provider_id=bad.provider_id, delivered=False, error="UNDELIV"
    )
    assert message_receipt_record(provider="sms_http", provider_id="nope", delivered=True) is None

    ok.refresh_from_db()
    bad.refresh_from_db()
    assert (ok.status, ok.delivered_at) == (MessageStatus.DELIVERED, now)
    assert (bad.status, bad.last_error) == (MessageStatus.FAILED, "UNDELIV")


def test_an_opted_out_address_gets_no_circular_but_still_its_login_code(sms_outbox, office_tree):
    optout_set_by_staff(actor=None, address=PHONE, opted_out=True, note="电话要求")
    digest = stored(text="【聊城检察】本月简报")
    code = stored(text="【聊城检察】验证码 123456", requested=True)

    assert message_deliver(message_id=digest.pk) == MessageStatus.SUPPRESSED
    assert message_deliver(message_id=code.pk) == MessageStatus.SENT

    digest.refresh_from_db()
    assert "退订" in digest.last_error
    assert [m.text for m in sms_outbox] == ["【聊城检察】验证码 123456"]

    optout_set_by_staff(actor=None, address=PHONE, opted_out=False)
    again = stored(text="【聊城检察】下月简报")
    assert message_deliver(message_id=again.pk) == MessageStatus.SENT


def test_a_live_claim_is_left_alone_and_an_abandoned_one_is_taken_over(http_sms, settings):
    now = timezone.now()
    sms = stored()
    OutboundMessage.objects.filter(pk=sms.pk).update(
        status=MessageStatus.SENDING, claimed_at=now, claim_token="dead", attempts=1
    )

    assert messages_deliver_due(now=now + dt.timedelta(seconds=10)) == 0
    assert http_sms.messages == []

    later = now + dt.timedelta(seconds=settings.EQIAO_CHANNELS_CLAIM_TIMEOUT + 1)
    assert messages_deliver_due(now=later) == 1
    sms.refresh_from_db()
    assert (sms.status, sms.attempts, sms.claim_token) == (MessageStatus.SENT, 2, "")
    assert len(http_sms.messages) == 1


def test_a_message_whose_worker_died_on_every_attempt_is_given_up(http_sms, settings):
    now = timezone.now()
    sms = stored()
    OutboundMessage.objects.filter(pk=sms.pk).update(
        status=MessageStatus.SENDING, claimed_at=now, claim_token="dead", attempts=MAX_ATTEMPTS
    )
    later = now + dt.timedelta(seconds=settings.EQIAO_CHANNELS_CLAIM_TIMEOUT + 1)

    assert messages_deliver_due(now=later) == 0
    sms.refresh_from_db()
    assert sms.status == MessageStatus.FAILED and "中断" in sms.last_error
    assert http_sms.messages == []


def test_a_provider_bug_is_recorded_and_retried_not_left_claimed(sms_outbox, monkeypatch):
    from eqiao.channels.providers.sms_locmem import LocmemSmsProvider

    def broken(self, message):
        raise KeyError("surprise")

    monkeypatch.setattr(LocmemSmsProvider, "send", broken)
    sms = stored()

    assert message_deliver(message_id=sms.pk) == MessageStatus.QUEUED
    sms.refresh_from_db()
    assert "KeyError" in sms.last_error and sms.next_attempt_at is not None
