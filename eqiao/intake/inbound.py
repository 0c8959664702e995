"""Inbound messages intake takes: an SMS from a citizen becomes a follow-up on the sender's
newest open petition, or else a new petition; a text that cannot be taken in is answered by
SMS with the reason.

Registered with the channels dispatcher in `IntakeConfig.ready()` as the catch-all of the
SMS channel (asked last): handlers that recognise their own replies (a follow-up survey's
"1"/"满意") register with a lower priority and take those first.

A WeChat message (text, or an image or voice as an attachment) is taken the same way, by
the phone the follower bound (or, unbound, a phone written in the message), and answered on
WeChat with the tracking number; SMS replies about the petition reach the bound follower's
WeChat too (`wechat_companion_register`).
"""

from __future__ import annotations

import re

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from eqiao.channels.labels import message_labels_register
from eqiao.channels.models import MessageChannel
from eqiao.channels.selectors import wechat_bound_phone
from eqiao.channels.services import (
    HandlerResult,
    Inbound,
    inbound_handler_register,
    message_queue,
    sms_queue,
)
from eqiao.channels.services.wechat import wechat_companion_register, wechat_template_register
from eqiao.core.errors import ApplicationError, RateLimitedError
from eqiao.intake import messages
from eqiao.intake.models import Attachment, Channel, Kind, Petition, Status
from eqiao.intake.services.attachments import attachment_validate
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


# --- WeChat ---------------------------------------------------------------------------------

WECHAT_HANDLER_NAME = "intake.wechat"
WECHAT_RECEIPT = "intake.wechat_receipt"
WECHAT_MESSAGE = "intake.wechat_message"
WECHAT_REJECTED = "intake.wechat_rejected"
_PHONE_IN_TEXT_RE = re.compile(r"(?<!\d)(1[3-9]\d{9})(?!\d)")


class _Upload:
    """An attachment that came with a message, as the upload checks read one."""

    def __init__(self, name: str, data: bytes):
        self.name, self.size, self._data = name, len(data), data

    def read(self, *args: object) -> bytes:
        return self._data


def _files(message: Inbound) -> list[_Upload]:
    return [_Upload(a.name, a.data) for a in message.attachments]


def _attach(petition: Petition, message: Inbound) -> None:
    """A follower's image or voice on an open petition, checked as any upload is."""
    for upload in _files(message):
        checked = attachment_validate(upload)
        Attachment.objects.create(petition=petition, **checked.model_fields())


def _wechat_queue(message: Inbound, template: str, params: dict[str, str], key: str) -> None:
    message_queue(
        channel=MessageChannel.WECHAT,
        recipient=message.sender,
        template=template,
        params=params,
        purpose="wechat_answer",
        ref=params.get("number", ""),
        idempotency_key=f"{key}:{message.provider_message_id}"[:160],
    )


def _take_wechat(message: Inbound) -> HandlerResult:
    phone = wechat_bound_phone(openid=message.sender)
    petition = _newest_open_petition(phone) if phone else None
    if petition is not None:
        petition_citizen_message(petition=petition, text=message.text)
        _attach(petition, message)
        number = petition.tracking_number
        _wechat_queue(message, WECHAT_MESSAGE, {"number": number}, "wechat-message")
        return HandlerResult(outcome=Outcome.MESSAGE, ref=number)
    if not phone:
        found = _PHONE_IN_TEXT_RE.search(message.text)
        phone = found.group(1) if found else ""
    if not phone:
        raise ApplicationError(
            _("请先绑定手机号（回复“绑定 手机号”），或在留言中写上您的手机号，方便我们联系您。")
        )
    result = petition_submit(
        kind=kind_for_text(message.text),
        channel=Channel.WECHAT,
        content=message.text,
        phone=phone,
        attachments=_files(message),
        idempotency_key=f"wechat:{message.provider_message_id}"[:80],
    )
    petition = result.petition
    params = {
        "kind": str(Kind(petition.kind).label),
        "number": petition.tracking_number,
        "password": result.query_password or "",
        "due": petition.procedural_reply_due.strftime("%m月%d日"),
    }
    _wechat_queue(message, WECHAT_RECEIPT, params, "wechat-receipt")
    return HandlerResult(outcome=Outcome.PETITION, ref=petition.tracking_number)


def petition_from_wechat(message: Inbound) -> HandlerResult:
    """Take one WeChat message (see the module docstring); answered on WeChat, by the
    customer-service message API, with the tracking number or why it was not taken in."""
    try:
        with transaction.atomic():
            return _take_wechat(message)
    except RateLimitedError:
        raise
    except ApplicationError as error:
        _wechat_queue(message, WECHAT_REJECTED, {"reason": str(error.message)}, "wechat-rejected")
        return HandlerResult(outcome=Outcome.REJECTED)


def wechat_templates_register() -> None:
    wechat_template_register(
        name=WECHAT_RECEIPT,
        text=gettext_noop(
            "您的%(kind)s已受理，受理编号%(number)s，查询密码%(password)s。"
            "我们将在%(due)s前给您答复，答复会通过微信和短信通知您。"
        ),
        params=("kind", "number", "password", "due"),
        requested=True,
    )
    wechat_template_register(
        name=WECHAT_MESSAGE,
        text=gettext_noop("已收到您对信访件%(number)s的补充，承办人会一并处理。"),
        params=("number",),
        requested=True,
    )
    # The SMS telling a petitioner of a reply reaches their bound WeChat too.
    wechat_companion_register(
        sms_template=messages.REPLY,
        wechat_template=messages.REPLY,
        text=gettext_noop(
            "您的信访件（受理编号%(number)s）有新的答复，请点击菜单“查询进度”，"
            "凭受理编号和查询密码查看。"
        ),
        params=("number",),
        requested=True,
    )
    wechat_template_register(
        name=WECHAT_REJECTED,
        text=gettext_noop("您的留言未能受理：%(reason)s"),
        params=("reason",),
        requested=True,
    )


def _claims_every_wechat(message: Inbound) -> bool:
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
    inbound_handler_register(
        name=WECHAT_HANDLER_NAME,
        claims=_claims_every_wechat,
        handle=petition_from_wechat,
        channels=(MessageChannel.WECHAT,),
        priority=PRIORITY,
    )
    wechat_templates_register()
    # What the admin's message lists show for the WeChat answers and handler.
    message_labels_register(
        {
            "wechat_answer": gettext_lazy("微信答复"),
            WECHAT_HANDLER_NAME: gettext_lazy("微信留言（信访或补充说明）"),
        }
    )
