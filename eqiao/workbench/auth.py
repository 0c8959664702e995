"""Staff login: password first, then a TOTP code (enrolled on first login).

The views keep the half-finished login in the session (`PENDING_KEY`) and call these
functions; nothing here touches the request beyond reading the client address.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyotp
import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.cache import cache
from django.utils import timezone
from django.utils.translation import gettext as _

from eqiao.core import ratelimit
from eqiao.core.audit import audit_log
from eqiao.core.errors import ApplicationError, RateLimitedError
from eqiao.core.models import User
from eqiao.offices.models import Staff

PENDING_KEY = "workbench_pending_login"
OTP_OK_KEY = "workbench_otp_ok"
# Failed passwords: per client address and per username, in a 15-minute window.
LOGIN_FAILURE_LIMIT = 10
LOGIN_FAILURE_WINDOW = 15 * 60
# Wrong TOTP codes per user before the password must be given again.
TOTP_FAILURE_LIMIT = 5
TOTP_ISSUER = "EQiao"


@dataclass(frozen=True)
class PasswordCheck:
    user: User
    needs_totp: bool
    needs_enrolment: bool


def _failure_keys(*, ip: str, username: str) -> list[str]:
    return [f"wb-login:ip:{ip}", f"wb-login:user:{username.strip().lower()}"]


def _raise_if_limited(keys: list[str], *, limit: int, window: int) -> None:
    if any(ratelimit.count(key, window_seconds=window) >= limit for key in keys):
        raise RateLimitedError(_("登录失败次数过多，请15分钟后再试。"))


def staff_password_check(*, username: str, password: str, ip: str) -> PasswordCheck:
    """First step: the username and password of a user with an active staff profile.

    Failures are counted per address and per username; past the limit every attempt is
    refused without checking the password, so guessing is slowed whatever the answer.
    The error never says whether the username exists.
    """
    username = (username or "").strip()
    keys = _failure_keys(ip=ip, username=username)
    _raise_if_limited(keys, limit=LOGIN_FAILURE_LIMIT, window=LOGIN_FAILURE_WINDOW)
    if not username or not password:
        raise ApplicationError(_("请输入用户名和密码。"), field="username")
    user = authenticate(username=username, password=password)
    staff = Staff.objects.filter(user=user, is_active=True).first() if user else None
    if staff is None:
        for key in keys:
            ratelimit.hit(key, limit=LOGIN_FAILURE_LIMIT, window_seconds=LOGIN_FAILURE_WINDOW)
        raise ApplicationError(_("用户名或密码不正确，或该账号没有工作台权限。"), field="password")
    for key in keys:
        ratelimit.reset(key, window_seconds=LOGIN_FAILURE_WINDOW)
    needs_totp = bool(settings.EQIAO_STAFF_TOTP_REQUIRED)
    return PasswordCheck(
        user=user,
        needs_totp=needs_totp,
        needs_enrolment=needs_totp and not (user.totp_secret and user.totp_confirmed_at),
    )


def totp_new_secret() -> str:
    return pyotp.random_base32()


def totp_provisioning_uri(*, user: User, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.get_username(), issuer_name=TOTP_ISSUER)


def totp_qr_svg(*, uri: str) -> str:
    """The enrolment QR code as inline SVG markup (no image request, nothing to leak)."""
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    return image.to_string(encoding="unicode")


def _code_ok(*, user: User, secret: str, code: str) -> bool:
    """Check a code against `secret`, allowing one step of clock drift, and refuse a code
    that was already used (a code seen over a shoulder cannot be replayed)."""
    code = "".join(ch for ch in (code or "") if ch.isdigit())
    if len(code) != 6:
        return False
    totp = pyotp.TOTP(secret)
    if not totp.verify(code, valid_window=1):
        return False
    return cache.add(f"wb-totp-used:{user.pk}:{code}", 1, timeout=120)


def _totp_attempt(*, user: User, secret: str, code: str) -> None:
    key = f"wb-totp:user:{user.pk}"
    _raise_if_limited([key], limit=TOTP_FAILURE_LIMIT, window=LOGIN_FAILURE_WINDOW)
    if not _code_ok(user=user, secret=secret, code=code):
        ratelimit.hit(key, limit=TOTP_FAILURE_LIMIT, window_seconds=LOGIN_FAILURE_WINDOW)
        raise ApplicationError(
            _("动态验证码不正确或已过期，请输入验证器上最新的6位数字。"), field="code"
        )
    ratelimit.reset(key, window_seconds=LOGIN_FAILURE_WINDOW)


def staff_totp_verify(*, user: User, code: str) -> None:
    """Second step for an enrolled user: the current code from their authenticator."""
    if not (user.totp_secret and user.totp_confirmed_at):
        raise ApplicationError(_("尚未绑定动态验证器。"), field="code")
    _totp_attempt(user=user, secret=user.totp_secret, code=code)


def staff_totp_enrol(*, user: User, secret: str, code: str, ip: str | None = None) -> None:
    """First login: keep the secret only once the user proves their app shows its codes."""
    _totp_attempt(user=user, secret=secret, code=code)
    user.totp_secret = secret
    user.totp_confirmed_at = timezone.now()
    user.save(update_fields=["totp_secret", "totp_confirmed_at"])
    audit_log(actor=user, action="totp_enrolled", target=user, ip=ip)


def staff_login_record(*, user: User, ip: str | None, second_factor: bool) -> None:
    audit_log(actor=user, action="staff_login", target=user, detail={"totp": second_factor}, ip=ip)
