"""Taking a petition in (受理): validation, idempotency, risk, routing, clocks, receipt."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eqiao.channels.services import sms_queue
from eqiao.core.errors import ApplicationError
from eqiao.core.workdays import add_months, add_working_days
from eqiao.intake import messages
from eqiao.intake.models import (
    Attachment,
    EventKind,
    Kind,
    Petition,
    PetitionEvent,
    RiskLevel,
)
from eqiao.intake.services.attachments import UploadedFile
from eqiao.intake.services.query_password import query_password_hash
from eqiao.intake.services.reading import text_read
from eqiao.intake.services.risk import risk_alert_raise
from eqiao.intake.services.validation import petition_validate
from eqiao.offices.capabilities import require
from eqiao.offices.models import Procuratorate, Staff
from eqiao.offices.selectors import office_for_region

PROCEDURAL_REPLY_WORKING_DAYS = 7
RESULT_REPLY_MONTHS = 3


@dataclass(frozen=True)
class SubmitResult:
    petition: Petition
    query_password: str | None  # None when an idempotent retry returned an earlier petition
    created: bool


def statutory_clocks(accepted_at: dt.datetime) -> tuple[dt.date, dt.date]:
    """(procedural reply due, result reply due) for a petition accepted at `accepted_at`:
    7 working days, and 3 calendar months (群众信访件件有回复)."""
    day = timezone.localtime(accepted_at).date()
    return add_working_days(day, PROCEDURAL_REPLY_WORKING_DAYS), add_months(
        day, RESULT_REPLY_MONTHS
    )


def new_tracking_number(now: dt.datetime | None = None) -> str:
    """YYMMDD + 6 random digits: readable over the phone, not guessable in sequence."""
    day = timezone.localtime(now or timezone.now()).strftime("%y%m%d")
    return f"{day}{secrets.randbelow(10**6):06d}"


def new_query_password() -> str:
    return f"{secrets.randbelow(10**6):06d}"


def petition_submit(
    *,
    kind: str,
    channel: str,
    content: str,
    title: str = "",
    name: str = "",
    phone: str = "",
    id_number: str = "",
    address: str = "",
    origin: str = "",
    anonymous: bool = False,
    office: Procuratorate | None = None,
    attachments: Sequence[UploadedFile] = (),
    idempotency_key: str | None = None,
    entered_by: Staff | None = None,
    name_optional: bool = False,
) -> SubmitResult:
    """Validate and accept a petition from any channel.

    The rules are `validation.petition_validate`'s: SubmissionInvalid (an ApplicationError)
    names every field that breaks one. Re-submitting with the same `idempotency_key` returns
    the first petition instead of creating another. The receipt SMS and any high-risk alert are queued in the same
    transaction as the petition, so an accepted petition never loses them.
    `name_optional`: the caller reaches the person by phone (Open311, where every personal
    field is optional); staff ask for the name later.
    """
    if entered_by is not None:
        require(entered_by, "petition.enter", office)
    if idempotency_key:
        idempotency_key = idempotency_key.strip()[:80]
        existing = Petition.objects.filter(idempotency_key=idempotency_key).first()
        if existing:
            return SubmitResult(petition=existing, query_password=None, created=False)
    clean = petition_validate(
        kind=kind,
        channel=channel,
        content=content,
        title=title,
        name=name,
        phone=phone,
        id_number=id_number,
        address=address,
        origin=origin,
        anonymous=anonymous,
        name_optional=name_optional,
        attachments=attachments,
    )
    content, address, origin = clean.content, clean.address, clean.origin
    name, phone, id_number = clean.name, clean.phone, clean.id_number
    title = clean.title or _auto_title(content)
    checked = clean.attachments
    analysis = text_read(f"{title}\n{content}")
    # Hashed before the transaction opens: on SQLite it holds the database's one write lock.
    password = new_query_password()
    password_hash = query_password_hash(password)
    try:
        with transaction.atomic():
            result = _create(
                password=password,
                password_hash=password_hash,
                kind=kind,
                channel=channel,
                title=title,
                content=content,
                name=name,
                phone=phone,
                id_number=id_number,
                address=address,
                origin=origin,
                anonymous=anonymous,
                office=office,
                idempotency_key=idempotency_key,
                entered_by=entered_by,
                analysis=analysis,
                attachments=checked,
            )
    except IntegrityError:
        # A concurrent retry with the same key won the race: return its petition.
        if idempotency_key:
            existing = Petition.objects.filter(idempotency_key=idempotency_key).first()
            if existing:
                return SubmitResult(petition=existing, query_password=None, created=False)
        raise
    return result


def _auto_title(content: str) -> str:
    first_line = content.strip().splitlines()[0]
    return first_line[:30] + ("…" if len(first_line) > 30 else "")


def _create(
    *, password, password_hash, analysis, attachments, entered_by, office, **fields
) -> SubmitResult:
    now = timezone.now()
    procedural_due, result_due = statutory_clocks(now)
    target = office or office_for_region(region=analysis.region)
    if target is None:
        raise ApplicationError(_("系统尚未配置受理单位，请联系管理员。"))
    for _attempt in range(5):
        number = new_tracking_number(now)
        if not Petition.objects.filter(tracking_number=number).exists():
            break
    petition = Petition.objects.create(
        tracking_number=number,
        query_password_hash=password_hash,
        office=target,
        submitted_at=now,
        accepted_at=now,
        procedural_reply_due=procedural_due,
        result_reply_due=result_due,
        category_suggested=analysis.category,
        region_detected=analysis.region or "",
        risk_level=analysis.risk,
        risk_reasons=list(analysis.reasons),
        **fields,
    )
    for checked in attachments:
        Attachment.objects.create(petition=petition, **checked.model_fields())
    PetitionEvent.objects.create(
        petition=petition,
        at=now,
        kind=EventKind.SUBMITTED,
        actor=entered_by,
        to_office=target,
        public=True,
        text=_("已受理，转%(office)s办理。") % {"office": target.name},
    )
    if petition.phone:
        sms_queue(
            phone=petition.phone,
            purpose="receipt",
            ref=petition.tracking_number,
            idempotency_key=f"receipt:{petition.pk}",
            template=messages.RECEIPT,
            params={
                "kind": Kind(petition.kind).label,
                "number": petition.tracking_number,
                "password": password,
                "due": procedural_due.strftime("%m月%d日"),
            },
        )
    if petition.risk_level == RiskLevel.HIGH:
        risk_alert_raise(
            petition=petition,
            level=analysis.risk,
            reasons=list(analysis.reasons),
            excerpt=petition.content,
        )
    return SubmitResult(petition=petition, query_password=password, created=True)
