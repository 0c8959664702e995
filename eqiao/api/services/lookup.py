"""Budgets for the public lookups, so tracking numbers cannot be enumerated nor query
passwords guessed.

Every lookup is counted against its caller — the address, or the API client when a valid
key came with it (an integration's server is one address for many citizens, so it gets its
own, larger budget). A *miss* (an unknown number, a wrong password) counts more: too many
misses lock the caller out for the rest of the window, and five wrong passwords for one
number lock that number for everyone. Nothing sleeps: a refusal is immediate and says when
to come back (RateLimitedError with `extra["retry_after"]`).
"""

from __future__ import annotations

import time
import unicodedata

from django.contrib.auth.hashers import check_password, make_password
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from eqiao.api.models import ApiClient
from eqiao.core import ratelimit
from eqiao.core.errors import NotFoundError, RateLimitedError
from eqiao.intake.models import Petition
from eqiao.intake.services.submission import petition_password_ok

HOUR = 3600
MISS_WINDOW = 900
LOOKUPS_PER_HOUR = {"ip": 120, "client": 3000}
MISSES_PER_WINDOW = {"ip": 20, "client": 200}
WRONG_PASSWORDS_PER_NUMBER = 5
MAX_NUMBER_LENGTH = 20

# Checked when the number is unknown, so that a wrong number takes as long to refuse as a
# wrong password (no timing oracle).
_DUMMY_HASH = make_password("eqiao-not-a-password")


def _seconds_left(window: int) -> int:
    return window - int(time.time()) % window


def _limited(window: int) -> RateLimitedError:
    seconds = _seconds_left(window)
    minutes = max(1, (seconds + 59) // 60)
    message = ngettext(
        "查询太频繁，请%(n)d分钟后再试。", "查询太频繁，请%(n)d分钟后再试。", minutes
    ) % {"n": minutes}
    return RateLimitedError(message, extra={"retry_after": seconds})


def _who(ip: str, client: ApiClient | None) -> tuple[str, str]:
    return ("client", str(client.pk)) if client else ("ip", ip)


def digits(value: str) -> str:
    """Full-width digits become ASCII; spaces and dashes go."""
    value = unicodedata.normalize("NFKC", value or "")
    return "".join(ch for ch in value if not ch.isspace() and ch != "-")


def lookup_budget(*, ip: str, client: ApiClient | None = None) -> None:
    """Count one lookup; RateLimitedError when the caller is over budget or locked out."""
    kind, ident = _who(ip, client)
    if (
        ratelimit.count(f"api-miss-{kind}:{ident}", window_seconds=MISS_WINDOW)
        >= (MISSES_PER_WINDOW[kind])
    ):
        raise _limited(MISS_WINDOW)
    if not ratelimit.hit(
        f"api-lookup-{kind}:{ident}", limit=LOOKUPS_PER_HOUR[kind], window_seconds=HOUR
    ):
        raise _limited(HOUR)


def lookup_miss(*, ip: str, client: ApiClient | None = None, count: int = 1) -> None:
    kind, ident = _who(ip, client)
    for _i in range(count):
        ratelimit.hit(
            f"api-miss-{kind}:{ident}", limit=MISSES_PER_WINDOW[kind], window_seconds=MISS_WINDOW
        )


def number_clean(value: str) -> str:
    """A tracking number as typed, normalised; '' when it cannot be one."""
    number = digits(value)
    return number if 0 < len(number) <= MAX_NUMBER_LENGTH and number.isdigit() else ""


def petition_unlock(
    *, tracking_number: str, password: str, ip: str, client: ApiClient | None = None
) -> Petition:
    """The petition with this number if `password` is its query password.

    An unknown number and a wrong password get the same NotFoundError, so the answer tells
    nothing about which numbers exist. Wrong attempts are counted per caller and per number.
    """
    lookup_budget(ip=ip, client=client)
    number, password = number_clean(tracking_number), digits(password)[:40]
    number_key = f"api-wrong-password:{number}"
    if number and ratelimit.count(number_key, window_seconds=MISS_WINDOW) >= (
        WRONG_PASSWORDS_PER_NUMBER
    ):
        raise _limited(MISS_WINDOW)
    petition = Petition.objects.select_related("office").filter(tracking_number=number).first()
    if (
        petition is not None
        and password
        and petition_password_ok(petition=petition, password=password)
    ):
        return petition
    if petition is None:
        check_password(password, _DUMMY_HASH)
    lookup_miss(ip=ip, client=client)
    if number:
        ratelimit.hit(number_key, limit=WRONG_PASSWORDS_PER_NUMBER, window_seconds=MISS_WINDOW)
    raise NotFoundError(_("受理编号或查询密码不对。请对照回执短信核对后再试。"))
