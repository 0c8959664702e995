"""Opening a petition with its tracking number and query password: the one home for the
portal's tracking page and the API, with one budget for both.

Guesses are slowed, never locked (`core.throttle`):
- per (caller, number): three free tries, then 5 s, 10 s, 20 s … up to 15 minutes — a
  citizen who mistypes waits a little, a guesser a lot;
- per number, all callers together: ten free failures, then at most one guess per 5 s,
  10 s … up to one a minute — an attacker spread over many addresses guesses a six-digit
  password at no more than 1,440 tries a day, and the owner, from any address, is let in
  at most a minute after the attack pauses (or at once by logging in with their phone);
- per caller over all numbers: an address gets 20 free failures (a kiosk or a family
  router is shared), an API client — one server for many citizens — 200 and short waits.
The caller is the address, or the API client when a valid key came with the request.

An unknown number and a wrong password get the same answer at the same cost (a keyed hash
of the password is made and compared either way), so the answer never tells which numbers
exist. A petition still stored in the old format (a Django password hash, until its first
right lookup upgrades it) costs a slow check on a wrong password: for those the timing can
tell that the number exists, and the throttles below bound how often it can be asked.
"""

from __future__ import annotations

import unicodedata

from django.utils.translation import gettext as _

from eqiao.core import throttle
from eqiao.core.errors import ApplicationError, NotFoundError, RateLimitedError
from eqiao.core.throttle import Limit, Throttled
from eqiao.intake.models import Petition
from eqiao.intake.services.query_password import (
    PREFIX,
    petition_password_ok,
    query_password_matches,
    query_password_upgrade,
)

MAX_NUMBER_LENGTH = 20
MAX_PASSWORD_LENGTH = 40

PAIR = Limit("unlock-pair", free=3, base=5, cap=15 * 60, cleared_by_success=True)
NUMBER = Limit("unlock-number", free=10, base=5, cap=60)
ADDRESS = Limit("unlock-address", free=20, base=5, cap=15 * 60)
CLIENT = Limit("unlock-client", free=200, base=1, cap=60)

# Compared when the number is unknown, so that a wrong number takes as long to refuse as a
# wrong password (no timing oracle): the same HMAC and compare, against a value no password
# hashes to.
_DUMMY_HASH = PREFIX + "0" * 64


def digits(value: str) -> str:
    """Full-width digits (from a Chinese input method) become ASCII; spaces and dashes go."""
    value = unicodedata.normalize("NFKC", value or "")
    return "".join(ch for ch in value if not ch.isspace() and ch != "-")


def tracking_number_clean(value: str) -> str:
    """A tracking number as typed, normalised; '' when it cannot be one."""
    number = digits(value)
    return number if 0 < len(number) <= MAX_NUMBER_LENGTH and number.isdigit() else ""


def _caller(address: str, client_key: str | None) -> tuple[Limit, str]:
    if client_key:
        return CLIENT, client_key
    return ADDRESS, throttle.address_key(address)


def _refused(seconds: int) -> RateLimitedError:
    return RateLimitedError(
        _("查询次数太多，请%(wait)s后再试。") % {"wait": throttle.wait_text(seconds)},
        extra={"retry_after": seconds},
    )


def petition_unlock(
    *, tracking_number: str, password: str, address: str, client_key: str | None = None
) -> Petition:
    """The petition with this number if `password` is its query password.

    Raises ApplicationError on field `tracking_number` or `password` when one is empty,
    NotFoundError (the same for an unknown number and a wrong password) when they do not
    match, and RateLimitedError with the exact wait (`extra["retry_after"]`, seconds) while
    the caller or the number must wait; a refused attempt is not checked."""
    typed = digits(tracking_number)[: MAX_NUMBER_LENGTH * 2]
    password = digits(password)[:MAX_PASSWORD_LENGTH]
    if not typed:
        raise ApplicationError(_("请填写受理编号。"), field="tracking_number")
    if not password:
        raise ApplicationError(_("请填写查询密码。"), field="password")
    caller = _caller(address, client_key)
    try:
        attempt = throttle.attempt(
            (PAIR, f"{caller[0].name}:{caller[1]}|{typed}"), (NUMBER, typed), caller
        )
    except Throttled as exc:
        raise _refused(exc.seconds) from exc
    number = tracking_number_clean(typed)
    petition = (
        Petition.objects.select_related("office").filter(tracking_number=number).first()
        if number
        else None
    )
    if petition is None:
        query_password_matches(stored=_DUMMY_HASH, password=password)
    elif petition_password_ok(petition=petition, password=password):
        query_password_upgrade(petition=petition, password=password)
        attempt.succeeded()
        return petition
    attempt.failed()
    raise NotFoundError(_("受理编号或查询密码不对。请对照回执短信核对后再试。"))


def lookup_budget_check(*, address: str, client_key: str | None = None) -> None:
    """For lookups without a password (an Open311 token, a client's own request): raise
    RateLimitedError while this caller must wait after too many misses. The budget is the
    one `petition_unlock` spends."""
    try:
        throttle.check(_caller(address, client_key))
    except Throttled as exc:
        raise _refused(exc.seconds) from exc


def lookup_miss_record(*, address: str, client_key: str | None = None, count: int = 1) -> None:
    """Count `count` lookups that found nothing against the caller's budget."""
    throttle.fail(_caller(address, client_key), count=count)
