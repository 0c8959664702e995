"""The procedural-progress query (案件程序性信息查询) for a party: case number + ID number,
then a 6-digit code sent by SMS to the phone the case records for that party.

The answers never tell whether a case exists: asking for a code always says "if the details
match, a code was sent to the phone on the case", and a wrong code, an unknown case and a
wrong ID number are refused with the same words. Guesses are slowed like petition lookups
(`core.throttle`): per (address, case number), per case number, per address. Each query and
each failed verification of a known case is audited.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import secrets
import unicodedata

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from eqiao.cases.models import Case, CaseParty, CaseQueryCode, Lawyer
from eqiao.channels.services import sms_queue
from eqiao.core import ratelimit, throttle
from eqiao.core.audit import audit_log
from eqiao.core.crypto import keyed_hash
from eqiao.core.errors import ApplicationError, RateLimitedError
from eqiao.core.throttle import Limit, Throttled
from eqiao.core.validators import normalize_id_number

CODE_TTL = dt.timedelta(minutes=10)
CODE_MAX_ATTEMPTS = 5
CODE_TEMPLATE = "cases.query_code"
CODE_TEXT = gettext_noop("您查询案件进度的验证码是%(code)s，%(minutes)s分钟内有效。请勿告诉他人。")

# Asking for a code: a few per (address, number), then slower; per number across all
# addresses; per address across all numbers (a kiosk is shared, so generous).
SEND_PAIR = Limit("case-code-pair", free=3, base=30, cap=30 * 60)
SEND_NUMBER = Limit("case-code-number", free=6, base=30, cap=30 * 60)
SEND_ADDRESS = Limit("case-code-address", free=20, base=10, cap=30 * 60)
# Typing the code.
VERIFY_PAIR = Limit("case-verify-pair", free=3, base=5, cap=15 * 60, cleared_by_success=True)
VERIFY_NUMBER = Limit("case-verify-number", free=10, base=5, cap=60)
VERIFY_ADDRESS = Limit("case-verify-address", free=20, base=5, cap=15 * 60)
# SMS to one party's phone: one a minute, five an hour.
PHONE_LIMITS = ((1, 60), (5, 3600))


def case_number_clean(value: str) -> str:
    number = "".join(unicodedata.normalize("NFKC", value or "").split())
    if not number:
        raise ApplicationError(_("请填写案件编号。"), field="number")
    if len(number) > 64:
        raise ApplicationError(_("案件编号太长，请对照法律文书填写。"), field="number")
    return number


def _id_clean(value: str) -> str:
    id_number = normalize_id_number(unicodedata.normalize("NFKC", value or ""))
    if not id_number:
        raise ApplicationError(_("请填写身份证号。"), field="id_number")
    if len(id_number) != 18:
        raise ApplicationError(_("身份证号应为18位。"), field="id_number")
    return id_number


def _ip(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def _refused(seconds: int) -> RateLimitedError:
    return RateLimitedError(
        _("查询次数太多，请%(wait)s后再试。") % {"wait": throttle.wait_text(seconds)},
        extra={"retry_after": seconds},
    )


def _party_find(number: str, id_number: str) -> CaseParty | None:
    return (
        CaseParty.objects.select_related("case", "case__office")
        .filter(
            case__number=number,
            id_number_hash=keyed_hash(id_number, purpose="id_number"),
        )
        .exclude(id_number="")
        .first()
    )


def _code_hash(party_id: int, code: str) -> str:
    return salted_hmac("eqiao.cases.query_code", f"{party_id}:{code}").hexdigest()


def _phone_budget_ok(party: CaseParty) -> bool:
    ok = True
    for limit, window in PHONE_LIMITS:
        if ratelimit.count(f"case-code-phone:{party.pk}", window_seconds=window) >= limit:
            ok = False
    if ok:
        for limit, window in PHONE_LIMITS:
            ratelimit.hit(f"case-code-phone:{party.pk}", limit=limit, window_seconds=window)
    return ok


def case_query_code_send(*, number: str, id_number: str, address: str) -> None:
    """Send a code to the phone of the party with this ID number on this case, if there is
    one; say nothing either way. Every request counts towards the slow-down."""
    number = case_number_clean(number)
    id_number = _id_clean(id_number)
    where = throttle.address_key(address)
    try:
        throttle.attempt(
            (SEND_PAIR, f"{where}|{number}"), (SEND_NUMBER, number), (SEND_ADDRESS, where)
        ).failed()
    except Throttled as exc:
        raise _refused(exc.seconds) from exc
    party = _party_find(number, id_number)
    if party is None or not party.phone or not _phone_budget_ok(party):
        return
    code = f"{secrets.randbelow(10**6):06d}"
    now = timezone.now()
    with transaction.atomic():
        CaseQueryCode.objects.filter(party=party, used_at__isnull=True).update(used_at=now)
        record = CaseQueryCode.objects.create(
            party=party,
            code_hash=_code_hash(party.pk, code),
            created_at=now,
            expires_at=now + CODE_TTL,
        )
        sms_queue(
            phone=party.phone,
            template=CODE_TEMPLATE,
            purpose="otp",
            idempotency_key=f"case-code:{record.pk}",
            params={"code": code, "minutes": CODE_TTL.seconds // 60},
        )


def _wrong() -> ApplicationError:
    return ApplicationError(
        _(
            "验证不通过：案件编号、身份证号或验证码不对，或验证码已过期。请核对后重试，或重新获取验证码。"
        ),
        field="code",
    )


def _code_check(party: CaseParty, code: str) -> bool:
    now = timezone.now()
    with transaction.atomic():
        current = (
            CaseQueryCode.objects.select_for_update()
            .filter(party=party, used_at__isnull=True, expires_at__gt=now)
            .order_by("-created_at", "-pk")
            .first()
        )
        if current is None or current.attempts >= CODE_MAX_ATTEMPTS:
            return False
        if constant_time_compare(current.code_hash, _code_hash(party.pk, code)):
            current.used_at = now
            current.save(update_fields=["used_at"])
            return True
        current.attempts += 1
        current.save(update_fields=["attempts"])
    return False


def case_query_verify(*, number: str, id_number: str, code: str, address: str) -> CaseParty:
    """The party, when the code sent to their phone is right; otherwise one generic refusal
    (or RateLimitedError with the wait). Audited either way when the case exists."""
    number = case_number_clean(number)
    id_number = _id_clean(id_number)
    code = "".join(unicodedata.normalize("NFKC", code or "").split())
    if not (len(code) == 6 and code.isdigit()):
        raise ApplicationError(_("验证码是6位数字，请对照短信输入。"), field="code")
    where = throttle.address_key(address)
    try:
        attempt = throttle.attempt(
            (VERIFY_PAIR, f"{where}|{number}"), (VERIFY_NUMBER, number), (VERIFY_ADDRESS, where)
        )
    except Throttled as exc:
        raise _refused(exc.seconds) from exc
    party = _party_find(number, id_number)
    if party is None or not _code_check(party, code):
        attempt.failed()
        case = party.case if party else Case.objects.filter(number=number).first()
        if case is not None:
            audit_log(
                actor=None, action="case.query_failed", target=case, detail={}, ip=_ip(address)
            )
        raise _wrong()
    attempt.succeeded()
    audit_log(
        actor=None,
        action="case.query",
        target=party.case,
        detail={"via": "party", "party": party.pk},
        ip=_ip(address),
    )
    return party


def case_query_by_lawyer_log(*, lawyer: Lawyer, case: Case, address: str) -> None:
    """Audit a verified lawyer opening one of their cases."""
    audit_log(
        actor=lawyer.user,
        action="case.query",
        target=case,
        detail={"via": "lawyer", "lawyer": lawyer.pk},
        ip=_ip(address),
    )
