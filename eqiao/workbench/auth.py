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

from eqiao.core import throttle
from eqiao.core.audit import audit_log
from eqiao.core.errors import ApplicationError, RateLimitedError
from eqiao.core.models import User
from eqiao.core.throttle import Limit, Throttled
from eqiao.offices.models import Staff

PENDING_KEY = "workbench_pending_login"
OTP_OK_KEY = "workbench_otp_ok"
# Wrong passwords slow the next try down, they never lock anyone out (core.throttle):
# - one address on one username: five free tries, then 5 s, 10 s … up to 15 minutes;
# - one username from all addresses together: ten free failures, then at most one try per
#   5 s … one a minute, so an attacker with many addresses guesses slowly and the officer
#   (right password, any address) waits at most a minute after the attack pauses;
# - one address over all usernames: 50 free failures, because a whole office or a
#   township outpost logs in from behind one router.
LOGIN_PAIR = Limit("login-pair", free=5, base=5, cap=15 * 60, cleared_by_success=True)
LOGIN_USERNAME = Limit("login-username", free=10, base=5, cap=60)
LOGIN_ADDRESS = Limit("login-address", free=50, base=5, cap=15 * 60)
# Wrong TOTP codes for one user (who already gave the right password).
LOGIN_TOTP = Limit("login-totp", free=5, base=30, cap=15 * 60, cleared_by_success=True)
TOTP_ISSUER = "EQiao"


@dataclass(frozen=True)
class PasswordCheck:
    user: User
    needs_totp: bool
    needs_enrolment: bool


def _throttled(exc: Throttled) -> RateLimitedError:
    return RateLimitedError(
        _("登录失败次数过多，请%(wait)s后再试。") % {"wait": throttle.wait_text(exc.seconds)},
        extra={"retry_after": exc.seconds},
    )


def staff_password_check(*, username: str, password: str, ip: str) -> PasswordCheck:
    """First step: the username and password of a user with an active staff profile.

    Each try is counted per (address, username), per username and per address before the
    password is checked; while one of them makes tries wait, RateLimitedError says for how
    long (`extra["retry_after"]`) and the password is not checked at all. The error never
    says whether the username exists.
    """
    username = (username or "").strip()
    if not username or not password:
        raise ApplicationError(_("请输入用户名和密码。"), field="username")
    name = username.lower()
    address = throttle.address_key(ip)
    try:
        attempt = throttle.attempt(
            (LOGIN_PAIR, f"{address}|{name}"), (LOGIN_USERNAME, name), (LOGIN_ADDRESS, address)
        )
    except Throttled as exc:
        raise _throttled(exc) from exc
    user = authenticate(username=username, password=password)
    staff = Staff.objects.filter(user=user, is_active=True).first() if user else None
    if user is None or staff is None:
        attempt.failed()
        raise ApplicationError(_("用户名或密码不正确，或该账号没有工作台权限。"), field="password")
    attempt.succeeded()
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
    try:
        attempt = throttle.attempt((LOGIN_TOTP, str(user.pk)))
    except Throttled as exc:
        raise _throttled(exc) from exc
    if not _code_ok(user=user, secret=secret, code=code):
        attempt.failed()
        raise ApplicationError(
            _("动态验证码不正确或已过期，请输入验证器上最新的6位数字。"), field="code"
        )
    attempt.succeeded()


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
