"""Queueing and delivering outbound SMS through the configured `SmsGateway`."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from eqiao.channels.models import OutboundSms, SmsStatus
from eqiao.channels.sms import PermanentError, TransientError, get_gateway
from eqiao.core.masking import mask_phone

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


def sms_queue(*, phone: str, text: str, purpose: str = "", ref: str = "") -> OutboundSms:
    """Store the message and enqueue its delivery when the surrounding transaction commits,
    so a message is queued if and only if the record that caused it is saved."""
    sms = OutboundSms.objects.create(phone=phone, text=text, purpose=purpose, ref=ref)
    transaction.on_commit(lambda: _enqueue(sms.pk))
    return sms


def _enqueue(sms_id: int) -> None:
    from eqiao.channels.tasks import sms_deliver_task

    sms_deliver_task.enqueue(sms_id)


def sms_deliver(*, sms_id: int) -> str:
    """Send one stored message; safe to run twice (a sent message is not sent again)."""
    with transaction.atomic():
        sms = OutboundSms.objects.select_for_update().get(pk=sms_id)
        if sms.status in (SmsStatus.SENT, SmsStatus.FAILED):
            return sms.status
        sms.attempts += 1
        try:
            result = get_gateway().send(phone=sms.phone, text=sms.text)
        except PermanentError as exc:
            sms.status, sms.last_error = SmsStatus.FAILED, str(exc)[:500]
        except TransientError as exc:
            sms.last_error = str(exc)[:500]
            if sms.attempts >= MAX_ATTEMPTS:
                sms.status = SmsStatus.FAILED
            else:
                sms.status = SmsStatus.RETRYING
                sms.next_attempt_at = timezone.now() + dt.timedelta(minutes=2**sms.attempts)
        else:
            sms.status, sms.provider_id, sms.sent_at = (
                SmsStatus.SENT,
                result.provider_id,
                timezone.now(),
            )
            sms.last_error = ""
        sms.save()
    log.info("sms %s to %s: %s", sms.pk, mask_phone(sms.phone), sms.status)
    return sms.status


def sms_retry_due(*, now: dt.datetime | None = None) -> int:
    """Deliver every message whose retry time has come. Returns how many were tried."""
    now = now or timezone.now()
    due = list(
        OutboundSms.objects.filter(status=SmsStatus.RETRYING, next_attempt_at__lte=now).values_list(
            "pk", flat=True
        )
    )
    for sms_id in due:
        sms_deliver(sms_id=sms_id)
    return len(due)
