"""Inbound SMS: the provider's webhook payload, parsed into a plain record.

The generic JSON provider posts ``{"from": "+8613812345678", "text": "…", "id": "abc123"}``,
and, where it knows which of our messages the person answered, ``"reply_to": "<the id it
gave that message>"`` (optional).
This module only parses and checks it; what the message means (a follow-up on an open
petition, or a new one) is decided by the handler the inbound dispatcher hands it to —
channels never import a domain app.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.translation import gettext as _

from eqiao.core.errors import ApplicationError

MAX_TEXT_CHARS = 2000  # a long concatenated SMS is ~1,000 characters; anything more is not one
MAX_ID_CHARS = 100
_MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
_ID_RE = re.compile(r"^[A-Za-z0-9_.:\-]+$")


@dataclass(frozen=True)
class InboundSms:
    phone: str  # the sender as a plain 11-digit mainland mobile number
    text: str
    provider_id: str  # the provider's message id: the same id again is the same message
    reply_to: str = ""  # the provider's id of our message this one answers, if it sent one


class InboundSmsError(ApplicationError):
    """The payload is not a message we can take in; the provider should not retry it."""


def _sender(value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise InboundSmsError(_("缺少发信号码（from）。"), field="from")
    phone = re.sub(r"[\s\-()]", "", unicodedata.normalize("NFKC", value))
    for prefix in ("+86", "0086", "86"):
        if phone.startswith(prefix) and len(phone) == len(prefix) + 11:
            phone = phone[len(prefix) :]
    if not _MOBILE_RE.match(phone):
        raise InboundSmsError(_("发信号码不是大陆手机号。"), field="from")
    return phone


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise InboundSmsError(_("短信内容（text）应为文字。"), field="text")
    text = value.replace("\r\n", "\n").strip()
    if not text:
        raise InboundSmsError(_("短信内容是空的。"), field="text")
    if len(text) > MAX_TEXT_CHARS:
        raise InboundSmsError(_("短信内容超过%(n)d个字。") % {"n": MAX_TEXT_CHARS}, field="text")
    return text


def _provider_id(value: object) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        raise InboundSmsError(_("缺少短信编号（id）。"), field="id")
    value = value.strip()
    if len(value) > MAX_ID_CHARS or not _ID_RE.match(value):
        raise InboundSmsError(
            _("短信编号（id）只能由字母、数字和 _ . : - 组成，最长%(n)d个字符。")
            % {"n": MAX_ID_CHARS},
            field="id",
        )
    return value


def _reply_to(value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or len(value.strip()) > MAX_ID_CHARS:
        raise InboundSmsError(_("所回复短信的编号（reply_to）不对。"), field="reply_to")
    value = value.strip()
    if value and not _ID_RE.match(value):
        raise InboundSmsError(_("所回复短信的编号（reply_to）不对。"), field="reply_to")
    return value


def sms_inbound_parse(payload: object) -> InboundSms:
    """Check the provider's payload and return the message; InboundSmsError (a 400 for the
    provider) names the first field that is wrong."""
    if not isinstance(payload, Mapping):
        raise InboundSmsError(_("请求体应为 JSON 对象。"))
    return InboundSms(
        phone=_sender(payload.get("from")),
        text=_text(payload.get("text")),
        provider_id=_provider_id(payload.get("id")),
        reply_to=_reply_to(payload.get("reply_to")),
    )


@dataclass(frozen=True)
class SmsReceipt:
    provider_id: str  # the id the gateway gave when it took our message
    delivered: bool
    error: str  # the gateway's short error code when not delivered


RECEIPT_STATES = {"delivered": True, "failed": False, "undelivered": False, "rejected": False}


def sms_receipt_parse(payload: object) -> SmsReceipt:
    """The gateway's delivery receipt ``{"id": "<provider id>", "status": "delivered" |
    "failed", "error": "<code>"}``; InboundSmsError names the first field that is wrong."""
    if not isinstance(payload, Mapping):
        raise InboundSmsError(_("请求体应为 JSON 对象。"))
    status = payload.get("status")
    if not isinstance(status, str) or status.strip().lower() not in RECEIPT_STATES:
        raise InboundSmsError(_("回执状态（status）应为 delivered 或 failed。"), field="status")
    error = payload.get("error")
    error = error.strip() if isinstance(error, str) else ""
    return SmsReceipt(
        provider_id=_provider_id(payload.get("id")),
        delivered=RECEIPT_STATES[status.strip().lower()],
        error=error[:60] if _ID_RE.match(error or "-") else "",
    )
