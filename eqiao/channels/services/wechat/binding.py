"""Binding a follower's openid to their phone with an SMS code, and unbinding.

A follower writes "绑定 13812345678"; a six-digit code goes to that phone by SMS (through
the channel registry, template `channels.wechat_bind_code`); the follower writes the code
back within ten minutes and the phone is bound. "解绑" undoes it. Codes are stored as a
keyed hash; five wrong codes void the code; a follower or a phone gets at most five codes
an hour. Bound, the follower's WeChat messages follow the petitions of that phone and the
notifications about them come to WeChat as well as by SMS.
"""

from __future__ import annotations

import datetime as dt
import hmac
import re
import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from eqiao.channels.models import WeChatFollower
from eqiao.channels.services.outbound import sms_queue
from eqiao.channels.services.templates import sms_template_register
from eqiao.core import ratelimit
from eqiao.core.masking import mask_phone
from eqiao.core.validators import normalize_mobile

BIND_CODE_TEMPLATE = "channels.wechat_bind_code"
CODE_LIFETIME = dt.timedelta(minutes=10)
MAX_CODE_ATTEMPTS = 5
CODES_PER_HOUR = 5
HOUR = 3600

_BIND_RE = re.compile(r"^\s*绑定(?:手机号?)?\s*[:：]?\s*(?P<phone>[+\d\s\-]{11,20})?\s*$")
_UNBIND_RE = re.compile(r"^\s*(解绑|解除绑定|取消绑定)\s*$")
_CODE_RE = re.compile(r"^\s*(?P<code>\d{6})\s*$")
_MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


def binding_templates_register() -> None:
    """Called from `ChannelsConfig.ready()`."""
    sms_template_register(
        name=BIND_CODE_TEMPLATE,
        text=gettext_noop(
            "您正在绑定微信公众号，验证码%(code)s，10分钟内有效。如非本人操作，请忽略本短信。"
        ),
        params=("code",),
        requested=True,
    )


def _hash(openid: str, phone: str, code: str) -> str:
    return salted_hmac("eqiao.wechat.bind", f"{openid}:{phone}:{code}").hexdigest()


def _code_request(follower: WeChatFollower, phone: str) -> str:
    phone = normalize_mobile(phone)
    if not _MOBILE_RE.match(phone):
        return _("手机号应为11位数字，以1开头，例如：绑定 13812345678")
    for budget in (f"wechat-bind:{follower.openid}", f"wechat-bind-phone:{phone}"):
        if not ratelimit.hit(budget, limit=CODES_PER_HOUR, window_seconds=HOUR):
            return _("验证码发送太频繁，请一小时后再试。")
    code = f"{secrets.randbelow(10**6):06d}"
    follower.pending_phone = phone
    follower.code_hash = _hash(follower.openid, phone, code)
    follower.code_expires_at = timezone.now() + CODE_LIFETIME
    follower.code_attempts = 0
    follower.save(update_fields=["pending_phone", "code_hash", "code_expires_at", "code_attempts"])
    sms_queue(
        phone=phone,
        template=BIND_CODE_TEMPLATE,
        params={"code": code},
        purpose="wechat_bind",
        idempotency_key=f"wechat-bind:{follower.pk}:{follower.code_hash[:16]}",
    )
    return _("验证码已发送到%(phone)s，请在10分钟内回复6位验证码。") % {"phone": mask_phone(phone)}


def _code_pending(follower: WeChatFollower) -> bool:
    return bool(
        follower.code_hash
        and follower.code_expires_at is not None
        and follower.code_expires_at > timezone.now()
    )


def _code_check(follower: WeChatFollower, code: str) -> str:
    expected = follower.code_hash
    given = _hash(follower.openid, follower.pending_phone, code)
    if not hmac.compare_digest(expected, given):
        follower.code_attempts += 1
        if follower.code_attempts >= MAX_CODE_ATTEMPTS:
            follower.code_hash = ""
            follower.save(update_fields=["code_attempts", "code_hash"])
            return _("验证码错误次数过多，请重新发送“绑定 手机号”。")
        follower.save(update_fields=["code_attempts"])
        return _("验证码不正确，请核对后重新回复。")
    follower.phone = follower.pending_phone
    follower.bound_at = timezone.now()
    follower.pending_phone = follower.code_hash = ""
    follower.code_expires_at = None
    follower.code_attempts = 0
    follower.save()
    return _(
        "绑定成功：手机%(phone)s。今后该手机号的信访答复会通过微信通知您。回复“解绑”可解除。"
    ) % {"phone": mask_phone(follower.phone)}


def _unbind(follower: WeChatFollower) -> str:
    if not follower.phone:
        return _("您还没有绑定手机号。")
    phone = follower.phone
    follower.phone = ""
    follower.bound_at = None
    follower.save(update_fields=["phone", "bound_at"])
    return _("已解除与手机%(phone)s的绑定，今后不再通过微信通知您。") % {"phone": mask_phone(phone)}


@transaction.atomic
def follower_binding_command(*, follower: WeChatFollower, text: str) -> str | None:
    """The answer to a binding command ("绑定 手机号", a six-digit code while one is
    pending, "解绑"), or None when `text` is not one (it goes on to the auto-replies and
    intake). Call with a locked or freshly read follower."""
    if _UNBIND_RE.match(text):
        return _unbind(follower)
    if match := _BIND_RE.match(text):
        if not match.group("phone"):
            return _("请回复“绑定”加您的手机号，例如：绑定 13812345678")
        return _code_request(follower, match.group("phone"))
    if (match := _CODE_RE.match(text)) and _code_pending(follower):
        return _code_check(follower, match.group("code"))
    return None
