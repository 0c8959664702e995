"""Inbound messages intake takes: an SMS from a citizen becomes a follow-up on the sender's
newest open petition, or else a new petition; a text that cannot be taken in is answered by
SMS with the reason.

Registered with the channels dispatcher in `IntakeConfig.ready()` as the catch-all of the
SMS channel (asked last): handlers that recognise their own replies (a follow-up survey's
"1"/"满意") register with a lower priority and take those first.
"""

from __future__ import annotations

from django.db import transaction

from eqiao.channels.services import HandlerResult, Inbound, inbound_handler_register, sms_queue
from eqiao.core.errors import ApplicationError, RateLimitedError
from eqiao.intake import messages
from eqiao.intake.models import Channel, Kind, Petition, Status
from eqiao.intake.services.handling import petition_citizen_message
from eqiao.intake.services.submission import petition_submit
from eqiao.text import classify

HANDLER_NAME = "intake.petition"
PRIORITY = 1000  # after every specific handler

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


class Outcome:
    MESSAGE = "message"  # a follow-up message on an open petition
    PETITION = "petition"  # a new petition
    REJECTED = "rejected"  # answered by SMS with the reason


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


def _take(message: Inbound) -> HandlerResult:
    petition = _newest_open_petition(message.sender)
    if petition is not None:
        petition_citizen_message(petition=petition, text=message.text)
        return HandlerResult(outcome=Outcome.MESSAGE, ref=petition.tracking_number)
    result = petition_submit(
        kind=kind_for_text(message.text),
        channel=Channel.SMS,
        content=message.text,
        # An SMS carries no name; the phone is the contact and staff ask for the name.
        phone=message.sender,
        idempotency_key=f"sms:{message.provider_message_id}"[:80],
    )
    return HandlerResult(outcome=Outcome.PETITION, ref=result.petition.tracking_number)


def petition_from_inbound(message: Inbound) -> HandlerResult:
    """Take one inbound SMS (see the module docstring). What a rejected text would have
    written is rolled back; the rejection SMS is the person's answer to what they sent, so
    it goes out even if they opted out. RateLimitedError passes through (the dispatcher
    records nothing and the provider retries)."""
    try:
        with transaction.atomic():
            return _take(message)
    except RateLimitedError:
        # Too many petitions from this phone this hour: the provider is told 429 and
        # delivers the message again later, so nothing the person sent is lost.
        raise
    except ApplicationError as error:
        sms_queue(
            phone=message.sender,
            purpose="inbound_rejected",
            idempotency_key=f"inbound-rejected:{message.provider}:{message.provider_message_id}",
            template=messages.INBOUND_REJECTED,
            params={"reason": error.message},
        )
        return HandlerResult(outcome=Outcome.REJECTED)


def _claims_every_sms(message: Inbound) -> bool:
    return True


def inbound_handlers_register() -> None:
    """Called from `IntakeConfig.ready()`."""
    inbound_handler_register(
        name=HANDLER_NAME,
        claims=_claims_every_sms,
        handle=petition_from_inbound,
        channels=("sms",),
        priority=PRIORITY,
    )
