"""Delivery records through the real HTTP gateway: sent, retried with back-off and then
sent, given up on a permanent refusal. (A petition's receipt reaching the provider end to
end is tested in `api/tests`, since channels may not import intake.)"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from eqiao.channels.models import OutboundSms, SmsStatus
from eqiao.channels.services import MAX_ATTEMPTS, sms_deliver, sms_queue, sms_retry_due

PHONE = "13800138000"


def stored(text: str = "【聊城检察】测试短信", phone: str = PHONE) -> OutboundSms:
    return OutboundSms.objects.create(phone=phone, text=text, purpose="test")


def test_a_message_is_sent_once_even_if_delivered_twice(db, http_sms):
    sms = stored()

    assert sms_deliver(sms_id=sms.pk) == SmsStatus.SENT
    assert sms_deliver(sms_id=sms.pk) == SmsStatus.SENT

    sms.refresh_from_db()
    assert sms.provider_id == "fake-1" and sms.sent_at is not None and sms.attempts == 1
    assert len(http_sms.messages) == 1


def test_a_busy_provider_means_retry_later_then_sent(db, http_sms):
    http_sms.fail_next(1, status=503)
    sms = stored()

    assert sms_deliver(sms_id=sms.pk) == SmsStatus.RETRYING
    sms.refresh_from_db()
    assert sms.attempts == 1 and "503" in sms.last_error
    assert sms.next_attempt_at > timezone.now()
    assert http_sms.messages == []

    # Not yet due: nothing is tried.
    assert sms_retry_due() == 0
    assert sms_retry_due(now=sms.next_attempt_at + dt.timedelta(seconds=1)) == 1

    sms.refresh_from_db()
    assert sms.status == SmsStatus.SENT and sms.attempts == 2 and sms.last_error == ""
    assert [m.text for m in http_sms.messages] == [sms.text]


def test_the_back_off_grows_and_gives_up_after_the_last_attempt(db, http_sms):
    http_sms.fail_next(MAX_ATTEMPTS, status=502)
    sms = stored()
    waits = []
    for _attempt in range(MAX_ATTEMPTS - 1):
        before = timezone.now()
        assert sms_deliver(sms_id=sms.pk) == SmsStatus.RETRYING
        sms.refresh_from_db()
        waits.append(sms.next_attempt_at - before)
    assert waits == sorted(waits) and waits[-1] > waits[0]

    assert sms_deliver(sms_id=sms.pk) == SmsStatus.FAILED
    assert http_sms.messages == []


def test_a_permanent_refusal_fails_at_once(db, http_sms):
    sms = stored(phone="10000")

    assert sms_deliver(sms_id=sms.pk) == SmsStatus.FAILED
    sms.refresh_from_db()
    assert sms.attempts == 1 and "invalid_phone" in sms.last_error
    assert sms_retry_due(now=timezone.now() + dt.timedelta(days=1)) == 0


def test_queued_messages_go_out_when_the_transaction_commits(
    db, http_sms, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sms = sms_queue(phone=PHONE, text="【聊城检察】排队的短信", purpose="test")
        assert http_sms.messages == []

    sms.refresh_from_db()
    assert sms.status == SmsStatus.SENT
    assert [m.text for m in http_sms.messages] == ["【聊城检察】排队的短信"]
