"""Inbound SMS taken in: a follow-up on the sender's newest open petition, or a new petition.

Called by the webhook with a message `channels.sms.inbound` has already parsed. The
provider's message id makes it idempotent: the same id again returns the first outcome.
"""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from eqiao.api.models import SmsInbound, SmsInboundOutcome
from eqiao.channels.services import sms_queue
from eqiao.channels.sms.inbound import InboundSms
from eqiao.core import ratelimit
from eqiao.core.errors import ApplicationError, RateLimitedError
from eqiao.intake.models import Channel, Kind, Petition, Status
from eqiao.intake.services.handling import petition_citizen_message
from eqiao.intake.services.submission import petition_submit
from eqiao.text import classify

HOUR = 3600
# An SMS from one phone an hour: a person types far fewer; a loop with an auto-responder
# would type far more. Over the limit the provider is told 429 and retries later, so
# nothing a person sent is lost.
INBOUND_PER_PHONE_PER_HOUR = 20

# The text engine's categories → the five kinds of petition. A lawyer's question, praise or
# a suggestion, and anything unclear are taken in as a consultation for staff to sort.
CATEGORY_KINDS = {
    "complaint": Kind.COMPLAINT,
    "appeal": Kind.APPEAL,
    "report": Kind.REPORT,
    "consultation": Kind.CONSULTATION,
    "aid": Kind.AID,
    "lawyer": Kind.CONSULTATION,
    "feedback": Kind.CONSULTATION,
    "other": Kind.CONSULTATION,
}


def kind_for_text(text: str) -> str:
    """The kind of petition an SMS is, from the text engine's category."""
    return CATEGORY_KINDS.get(classify(text), Kind.CONSULTATION)


def _newest_open_petition(phone: str) -> Petition | None:
    return (
        Petition.objects.filter(phone=phone)
        .exclude(status=Status.CLOSED)
        .order_by("-submitted_at", "-pk")
        .first()
    )


def _take(sms: InboundSms) -> tuple[str, Petition]:
    petition = _newest_open_petition(sms.phone)
    if petition is not None:
        petition_citizen_message(petition=petition, text=sms.text)
        return SmsInboundOutcome.MESSAGE, petition
    result = petition_submit(
        kind=kind_for_text(sms.text),
        channel=Channel.SMS,
        content=sms.text,
        # An SMS carries no name; the phone is the contact and staff ask for the name.
        phone=sms.phone,
        idempotency_key=f"sms:{sms.provider_id}"[:80],
    )
    return SmsInboundOutcome.PETITION, result.petition


def _reject(sms: InboundSms, error: ApplicationError) -> SmsInbound:
    """Tell the sender by SMS why the message could not be taken in."""
    with transaction.atomic():
        record = SmsInbound.objects.create(
            provider_id=sms.provider_id, outcome=SmsInboundOutcome.REJECTED
        )
        sms_queue(
            phone=sms.phone,
            purpose="inbound_rejected",
            text=_("%(sig)s您的短信未能受理：%(reason)s请补充后重新发送，或登录网站提交。")
            % {"sig": settings.EQIAO_SMS_SIGNATURE, "reason": error.message},
        )
    return record


def sms_inbound_take(*, sms: InboundSms) -> SmsInbound:
    """Take in one inbound SMS. A sender with an open petition adds a follow-up message to
    the newest one (risk-assessed like any follow-up); otherwise the SMS becomes a new
    petition on the SMS channel, its kind from the text engine, and the sender gets the
    receipt SMS. A text that cannot be taken in (too short, binary) is answered by SMS with
    the reason. RateLimitedError when the phone sends too many."""
    earlier = SmsInbound.objects.filter(provider_id=sms.provider_id).first()
    if earlier is not None:
        return earlier
    if not ratelimit.hit(
        f"api-sms-inbound:{sms.phone}", limit=INBOUND_PER_PHONE_PER_HOUR, window_seconds=HOUR
    ):
        raise RateLimitedError(
            _("这个号码本小时发来的短信太多，请稍后重试。"), extra={"retry_after": HOUR}
        )
    try:
        with transaction.atomic():
            outcome, petition = _take(sms)
            return SmsInbound.objects.create(
                provider_id=sms.provider_id, outcome=outcome, petition=petition
            )
    except IntegrityError:
        # The provider delivered the same message twice at once; the other one took it.
        earlier = SmsInbound.objects.filter(provider_id=sms.provider_id).first()
        if earlier is None:
            raise
        return earlier
    except RateLimitedError:
        raise
    except ApplicationError as error:
        return _reject(sms, error)
