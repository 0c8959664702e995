"""Bribery-record queries: an organisation applies (its phone proved by SMS code on the
portal), staff holding `bribery.answer` answer, and the answer is a certificate (告知函) PDF
with a random verification code that anyone can check, a limited number of times an hour."""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from eqiao.cases.models import (
    BriberyPurpose,
    BriberyQueryStatus,
    BriberyRecordQuery,
    BriberyResult,
    SubjectKind,
)
from eqiao.cases.registry_disclosure import (
    BRIBERY_ANSWER,
    SMS_BRIBERY_ANSWERED,
    SMS_BRIBERY_RECEIVED,
)
from eqiao.channels.services import sms_queue
from eqiao.core import ratelimit, throttle
from eqiao.core.audit import audit_log
from eqiao.core.errors import ApplicationError, RateLimitedError
from eqiao.core.validators import normalize_id_number, validate_id_number
from eqiao.offices.capabilities import require
from eqiao.offices.models import Procuratorate, Staff

# GB 32100-2015: the unified social credit code's 31 characters (no I, O, S, V, Z) and weights.
CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# The verification code: 16 characters of an alphabet without look-alikes (0/O, 1/I/L),
# about 79 bits: not guessable within any rate limit.
CODE_CHARS = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 16
CERTIFICATE_VALID_DAYS = 90
APPLY_PER_DAY = 10  # applications from one phone a day
VERIFY_PER_HOUR = 30  # look-ups from one address an hour
VERIFY_MISSES_PER_HOUR = 10  # wrong codes from one address an hour
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}


def credit_code_check_char(first17: str) -> str:
    total = sum(
        CREDIT_CODE_CHARS.index(c) * w for c, w in zip(first17, _CREDIT_WEIGHTS, strict=True)
    )
    return CREDIT_CODE_CHARS[(31 - total % 31) % 31]


def credit_code_valid(code: str) -> bool:
    """True for an 18-character unified social credit code whose last character checks."""
    if len(code) != 18 or any(c not in CREDIT_CODE_CHARS for c in code):
        return False
    return credit_code_check_char(code[:17]) == code[17]


def credit_code_clean(value: str, *, field: str) -> str:
    code = (value or "").translate(_FOLD).replace(" ", "").replace("-", "").upper()
    if not code:
        raise ApplicationError(_("请填写统一社会信用代码。"), field=field)
    if len(code) != 18:
        raise ApplicationError(
            _("统一社会信用代码应为18位，您填写了%(n)s位。") % {"n": len(code)}, field=field
        )
    bad = sorted({c for c in code if c not in CREDIT_CODE_CHARS})
    if bad:
        raise ApplicationError(
            _("统一社会信用代码中不能有“%(chars)s”（不使用字母I、O、S、V、Z）。")
            % {"chars": "".join(bad)},
            field=field,
        )
    if not credit_code_valid(code):
        raise ApplicationError(_("统一社会信用代码的校验位不对，请对照营业执照核对。"), field=field)
    return code


def _required(value: str, *, field: str, message: str, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise ApplicationError(message, field=field)
    if len(value) > limit:
        raise ApplicationError(_("不能超过%(n)s个字。") % {"n": limit}, field=field)
    if "\x00" in value:
        raise ApplicationError(_("含有无法识别的字符，请删除后重新填写。"), field=field)
    return value


def _new_number(office: Procuratorate, today: dt.date) -> str:
    count = BriberyRecordQuery.objects.filter(number__startswith=f"XH{today:%Y%m%d}").count()
    return f"XH{today:%Y%m%d}{count + 1:04d}"


def bribery_query_apply(
    *,
    phone: str,
    office: Procuratorate,
    applicant_unit: str,
    applicant_credit_code: str,
    contact_name: str,
    purpose: str,
    subject_kind: str,
    subject_name: str,
    subject_credit_code: str = "",
    subject_id_number: str = "",
    purpose_note: str = "",
) -> BriberyRecordQuery:
    """An organisation's application. `phone` must already be proved by an SMS code (the
    portal's phone login). Ten applications a day per phone."""
    applicant_unit = _required(
        applicant_unit, field="applicant_unit", message=_("请填写申请单位名称。"), limit=100
    )
    credit = credit_code_clean(applicant_credit_code, field="applicant_credit_code")
    contact_name = _required(
        contact_name, field="contact_name", message=_("请填写经办人姓名。"), limit=50
    )
    if purpose not in BriberyPurpose.values:
        raise ApplicationError(_("请选择查询用途。"), field="purpose")
    purpose_note = (purpose_note or "").strip()[:200]
    if purpose == BriberyPurpose.OTHER and not purpose_note:
        raise ApplicationError(_("用途选择“其他”时，请说明具体用途。"), field="purpose_note")
    if subject_kind not in SubjectKind.values:
        raise ApplicationError(_("请选择被查询对象是单位还是个人。"), field="subject_kind")
    subject_name = _required(
        subject_name, field="subject_name", message=_("请填写被查询单位或个人的名称。"), limit=100
    )
    subject_code, subject_id = "", ""
    if subject_kind == SubjectKind.COMPANY:
        subject_code = credit_code_clean(subject_credit_code, field="subject_credit_code")
    else:
        subject_id = normalize_id_number((subject_id_number or "").translate(_FOLD))
        if not subject_id:
            raise ApplicationError(_("请填写被查询人的身份证号。"), field="subject_id_number")
        try:
            validate_id_number(subject_id)
        except ValidationError as exc:
            raise ApplicationError(exc.messages[0], field="subject_id_number") from exc
    key = f"bribery-apply:{phone}"
    if not ratelimit.hit(key, limit=APPLY_PER_DAY, window_seconds=86400):
        raise RateLimitedError(
            _("今天提交的申请太多，请%(wait)s后再试。")
            % {"wait": throttle.wait_text(ratelimit.seconds_left(key, window_seconds=86400))}
        )
    today = timezone.localdate()
    for _attempt in range(5):
        try:
            with transaction.atomic():
                query = BriberyRecordQuery.objects.create(
                    number=_new_number(office, today),
                    office=office,
                    applicant_unit=applicant_unit,
                    applicant_credit_code=credit,
                    contact_name=contact_name,
                    phone=phone,
                    purpose=purpose,
                    purpose_note=purpose_note,
                    subject_kind=subject_kind,
                    subject_name=subject_name,
                    subject_credit_code=subject_code,
                    subject_id_number=subject_id,
                )
                audit_log(actor=None, action="bribery.apply", target=query)
                sms_queue(
                    phone=phone,
                    template=SMS_BRIBERY_RECEIVED,
                    params={"number": query.number},
                    purpose="bribery",
                    idempotency_key=f"bribery-received:{query.pk}",
                )
            return query
        except IntegrityError:
            continue  # two applications took the same number at once: take the next
    raise ApplicationError(_("系统繁忙，请稍后再试。"))


def _new_code() -> str:
    return "".join(secrets.choice(CODE_CHARS) for _i in range(CODE_LENGTH))


def verification_code_display(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def bribery_query_answer(
    *, actor: Staff, query: BriberyRecordQuery, result: str, detail: str = ""
) -> BriberyRecordQuery:
    """Answer an application: record found or none. Issues the certificate's number and its
    verification code, and tells the applicant by SMS."""
    require(actor, BRIBERY_ANSWER, query.office)
    if result not in BriberyResult.values:
        raise ApplicationError(_("请选择查询结果。"), field="result")
    detail = (detail or "").strip()
    if result == BriberyResult.FOUND and not detail:
        raise ApplicationError(
            _("查有行贿犯罪记录时，请填写记录摘要（判决法院、文号、罪名）。"), field="detail"
        )
    if len(detail) > 2000:
        raise ApplicationError(_("记录摘要不能超过2000个字。"), field="detail")
    with transaction.atomic():
        locked = BriberyRecordQuery.objects.select_for_update().get(pk=query.pk)
        if locked.status != BriberyQueryStatus.PENDING:
            raise ApplicationError(_("该申请已经答复过了。"))
        now = timezone.now()
        locked.status = BriberyQueryStatus.ANSWERED
        locked.result = result
        locked.result_detail = detail
        locked.answered_by = actor
        locked.answered_at = now
        locked.certificate_number = f"{locked.office.short_name or locked.office.name}行档查〔{now.year}〕{locked.number[-8:]}号"
        locked.verification_code = _new_code()
        locked.valid_until = timezone.localdate(now) + dt.timedelta(days=CERTIFICATE_VALID_DAYS)
        locked.save()
        audit_log(actor=actor.user, action="bribery.answer", target=locked)
        sms_queue(
            phone=locked.phone,
            template=SMS_BRIBERY_ANSWERED,
            params={"number": locked.number},
            purpose="bribery",
            idempotency_key=f"bribery-answered:{locked.pk}",
        )
    return locked


def bribery_query_refuse(
    *, actor: Staff, query: BriberyRecordQuery, reason: str
) -> BriberyRecordQuery:
    require(actor, BRIBERY_ANSWER, query.office)
    reason = (reason or "").strip()
    if not reason:
        raise ApplicationError(_("请写明不予受理的理由。"), field="reason")
    with transaction.atomic():
        locked = BriberyRecordQuery.objects.select_for_update().get(pk=query.pk)
        if locked.status != BriberyQueryStatus.PENDING:
            raise ApplicationError(_("该申请已经答复过了。"))
        locked.status = BriberyQueryStatus.REFUSED
        locked.refusal_reason = reason[:300]
        locked.answered_by = actor
        locked.answered_at = timezone.now()
        locked.save()
        audit_log(actor=actor.user, action="bribery.refuse", target=locked)
        sms_queue(
            phone=locked.phone,
            template=SMS_BRIBERY_ANSWERED,
            params={"number": locked.number},
            purpose="bribery",
            idempotency_key=f"bribery-answered:{locked.pk}",
        )
    return locked


def bribery_certificate_verify(*, code: str, ip: str) -> BriberyRecordQuery | None:
    """The answered query with this verification code, or None. Every look-up counts
    against the address's hourly budget, a wrong code more (no one can walk the codes)."""
    key, misses = f"bribery-verify:{ip}", f"bribery-verify-miss:{ip}"
    for k, limit in ((key, VERIFY_PER_HOUR), (misses, VERIFY_MISSES_PER_HOUR)):
        if ratelimit.count(k, window_seconds=3600) >= limit:
            raise RateLimitedError(
                _("查询次数太多，请%(wait)s后再试。")
                % {"wait": throttle.wait_text(ratelimit.seconds_left(k, window_seconds=3600))},
                extra={"retry_after": ratelimit.seconds_left(k, window_seconds=3600)},
            )
    ratelimit.hit(key, limit=VERIFY_PER_HOUR, window_seconds=3600)
    cleaned = "".join(c for c in (code or "").translate(_FOLD).upper() if c.isalnum())
    if not cleaned:
        raise ApplicationError(_("请输入告知函上的验证码。"), field="code")
    if len(cleaned) != CODE_LENGTH:
        ratelimit.hit(misses, limit=VERIFY_MISSES_PER_HOUR, window_seconds=3600)
        raise ApplicationError(
            _("验证码应为%(n)s位字母和数字，请对照告知函输入。") % {"n": CODE_LENGTH},
            field="code",
        )
    found = (
        BriberyRecordQuery.objects.select_related("office")
        .filter(verification_code=cleaned, status=BriberyQueryStatus.ANSWERED)
        .first()
    )
    if found is None:
        ratelimit.hit(misses, limit=VERIFY_MISSES_PER_HOUR, window_seconds=3600)
    return found


# --- The certificate PDF ----------------------------------------------------------------


def _qr_svg(data: str) -> SafeString:
    """The QR code as inline SVG (the same drawing as the portal's posters, here because a
    domain app may not import the portal)."""
    import qrcode

    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=4)
    code.add_data(data)
    code.make(fit=True)
    matrix = code.get_matrix()
    size = len(matrix)
    rects = format_html_join(
        "",
        '<rect x="{}" y="{}" width="1" height="1"/>',
        ((x, y) for y, row in enumerate(matrix) for x, dark in enumerate(row) if dark),
    )
    return format_html(
        '<svg viewBox="0 0 {} {}" width="30mm" height="30mm" xmlns="http://www.w3.org/2000/svg" '
        'shape-rendering="crispEdges"><rect width="{}" height="{}" fill="#fff"/>'
        '<g fill="#000">{}</g></svg>',
        size,
        size,
        size,
        size,
        rects,
    )


def bribery_certificate_pdf(*, query: BriberyRecordQuery, verify_url: str) -> bytes:
    """The certificate (告知函) as PDF, rendered by WeasyPrint in the CJK font fontconfig
    finds (fonts-wqy-microhei). `verify_url` is the portal page its QR code opens."""
    if query.status != BriberyQueryStatus.ANSWERED or not query.verification_code:
        raise ApplicationError(_("该申请尚未出具查询结果。"))
    import weasyprint  # slow to import; only where a PDF is made

    html = render_to_string(
        "cases/bribery_certificate.html",
        {
            "query": query,
            "code": verification_code_display(query.verification_code),
            # The QR code opens the check page with the code filled in and checked.
            "qr": _qr_svg(f"{verify_url}?code={query.verification_code}"),
            "verify_url": verify_url,
        },
    )
    return weasyprint.HTML(string=html).write_pdf()
