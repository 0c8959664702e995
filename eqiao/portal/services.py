"""What the citizen portal does beyond rendering: phone login by SMS code and the request
budgets that keep it and the forms from being abused. Petitions are taken in by
`intake.services.submission` and opened by number and password by `intake.services.access`.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from eqiao.channels.services import sms_queue, sms_template_register
from eqiao.core import ratelimit, throttle
from eqiao.core.errors import ApplicationError, RateLimitedError
from eqiao.core.validators import (
    normalize_mobile,
    validate_mobile,
)
from eqiao.intake.models import CitizenLoginCode
from eqiao.intake.services.access import digits

LOGIN_CODE_TTL = dt.timedelta(minutes=10)
LOGIN_CODE_TEMPLATE = "portal.login_code"
LOGIN_CODE_MAX_ATTEMPTS = 5
# Codes per phone: one a minute, five an hour. Per address a little more, because a
# township kiosk or a family's home router is one address shared by several people.
LOGIN_SEND_LIMITS = (
    ("phone", 1, 60),
    ("phone", 5, 3600),
    ("ip", 3, 60),
    ("ip", 10, 3600),
)

# New petitions from one address: 10 an hour (a kiosk is used by many, a bot by one).
SUBMIT_PER_HOUR = 10
# Follow-up messages from one address.
MESSAGE_PER_HOUR = 20


# --- Submitting -------------------------------------------------------------------------


def submit_wait(*, ip: str) -> int:
    """0 while this address may file another petition this hour; otherwise the seconds
    until it may (the real end of its hour, for the message)."""
    key = f"portal-submit:{ip}"
    if ratelimit.count(key, window_seconds=3600) < SUBMIT_PER_HOUR:
        return 0
    return ratelimit.seconds_left(key, window_seconds=3600)


def submit_count(*, ip: str) -> None:
    """Count one petition taken in from this address (call after it was created)."""
    ratelimit.hit(f"portal-submit:{ip}", limit=SUBMIT_PER_HOUR, window_seconds=3600)


def message_wait(*, ip: str) -> int:
    """Count one follow-up message from this address: 0 while within the hour's budget,
    otherwise the seconds until the next may be sent."""
    key = f"portal-message:{ip}"
    if ratelimit.hit(key, limit=MESSAGE_PER_HOUR, window_seconds=3600):
        return 0
    return ratelimit.seconds_left(key, window_seconds=3600)


# --- Phone login by SMS code ------------------------------------------------------------


def _code_hash(*, phone: str, code: str) -> str:
    return salted_hmac("eqiao.portal.login_code", f"{phone}:{code}").hexdigest()


def phone_clean(phone: str) -> str:
    """The mobile number in its plain 11-digit form, or ApplicationError on field `phone`."""
    phone = normalize_mobile(digits(phone))
    if not phone:
        raise ApplicationError(_("请填写手机号。"), field="phone")
    try:
        validate_mobile(phone)
    except ValidationError as exc:
        raise ApplicationError(exc.messages[0], field="phone") from exc
    return phone


def sms_templates_register() -> None:
    """The portal's SMS (called from `PortalConfig.ready()`): the login code, which the
    person asked for, so it is sent even after they opted out."""
    sms_template_register(
        name=LOGIN_CODE_TEMPLATE,
        text=gettext_noop("您的登录验证码是%(code)s，%(minutes)s分钟内有效。请勿告诉他人。"),
        params=("code", "minutes"),
        requested=True,
    )


def citizen_login_code_send(*, phone: str, ip: str) -> CitizenLoginCode:
    """Send a fresh 6-digit login code to `phone` by SMS; earlier codes stop working.

    Throttled per phone (1 a minute, 5 an hour) and per address; raises RateLimitedError
    with the wait. Only the code's keyed hash is stored."""
    phone = phone_clean(phone)
    for scope, limit, window in LOGIN_SEND_LIMITS:
        ident = phone if scope == "phone" else ip
        key = f"portal-otp-{scope}:{ident}"
        if ratelimit.count(key, window_seconds=window) >= limit:
            seconds = ratelimit.seconds_left(key, window_seconds=window)
            wait = {"wait": throttle.wait_text(seconds)}
            if window == 60:
                raise RateLimitedError(
                    _("验证码刚刚发过，请等%(wait)s再重新获取。") % wait,
                    extra={"retry_after": seconds},
                )
            raise RateLimitedError(
                _("获取验证码次数太多，请%(wait)s后再试。") % wait, extra={"retry_after": seconds}
            )
    for scope, limit, window in LOGIN_SEND_LIMITS:
        ident = phone if scope == "phone" else ip
        ratelimit.hit(f"portal-otp-{scope}:{ident}", limit=limit, window_seconds=window)
    code = f"{secrets.randbelow(10**6):06d}"
    now = timezone.now()
    with transaction.atomic():
        CitizenLoginCode.objects.filter(phone=phone, used_at__isnull=True).update(used_at=now)
        login_code = CitizenLoginCode.objects.create(
            phone=phone,
            code_hash=_code_hash(phone=phone, code=code),
            created_at=now,
            expires_at=now + LOGIN_CODE_TTL,
        )
        sms_queue(
            phone=phone,
            purpose="otp",
            idempotency_key=f"otp:{login_code.pk}",
            template=LOGIN_CODE_TEMPLATE,
            params={"code": code, "minutes": LOGIN_CODE_TTL.seconds // 60},
        )
    return login_code


def citizen_login_code_verify(*, phone: str, code: str) -> str:
    """Check the latest code sent to `phone`; returns the phone on success.

    A code works once, for 10 minutes, and allows 5 wrong tries; then a new one must be
    requested. The wrong try is counted (and committed) before the error is raised."""
    phone = phone_clean(phone)
    code = digits(code)
    if not code:
        raise ApplicationError(_("请填写短信验证码。"), field="code")
    if not code.isdigit() or len(code) != 6:
        raise ApplicationError(_("验证码是6位数字，请对照短信输入。"), field="code")
    now = timezone.now()
    with transaction.atomic():
        current = (
            CitizenLoginCode.objects.select_for_update()
            .filter(phone=phone, used_at__isnull=True)
            .order_by("-created_at", "-pk")
            .first()
        )
        if current is None or current.expires_at <= now:
            error = ApplicationError(_("验证码已过期，请重新获取。"), field="code")
        elif current.attempts >= LOGIN_CODE_MAX_ATTEMPTS:
            error = ApplicationError(_("验证码输错次数太多，请重新获取。"), field="code")
        elif constant_time_compare(current.code_hash, _code_hash(phone=phone, code=code)):
            current.used_at = now
            current.save(update_fields=["used_at"])
            return phone
        else:
            current.attempts += 1
            current.save(update_fields=["attempts"])
            left = LOGIN_CODE_MAX_ATTEMPTS - current.attempts
            if left:
                error = ApplicationError(
                    ngettext(
                        "验证码不对，还可以再试%(n)d次。",
                        "验证码不对，还可以再试%(n)d次。",
                        left,
                    )
                    % {"n": left},
                    field="code",
                )
            else:
                error = ApplicationError(_("验证码输错次数太多，请重新获取。"), field="code")
    raise error
