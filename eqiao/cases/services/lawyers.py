"""Lawyer accounts: registration (the phone already proved by SMS code on the portal), staff
approval, and linking a verified lawyer to the cases where they are counsel."""

from __future__ import annotations

import re
import unicodedata

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from eqiao.cases.models import CaseParty, Lawyer, LawyerStatus
from eqiao.cases.services.records import COUNSEL_ROLES
from eqiao.channels.services import sms_queue
from eqiao.core.audit import audit_log
from eqiao.core.errors import ApplicationError
from eqiao.offices.capabilities import require
from eqiao.offices.models import Staff

LICENCE_RE = re.compile(r"^\d{17}$")
# The lawyer asked for the review, so these go even to a phone that opted out.
REVIEW_TEMPLATES = {
    LawyerStatus.APPROVED: "cases.lawyer_approved",
    LawyerStatus.REJECTED: "cases.lawyer_rejected",
}
REVIEW_TEXTS = {
    "cases.lawyer_approved": (
        gettext_noop("%(name)s律师，您的律师账户已通过认证，可以登录检察院网站查询代理的案件。"),
        ("name",),
    ),
    "cases.lawyer_rejected": (
        gettext_noop("%(name)s律师，您的律师账户未通过认证：%(note)s。如有疑问请联系检察院。"),
        ("name", "note"),
    ),
}


def licence_clean(value: str) -> str:
    """A licence number as typed (full-width digits, spaces) → 17 ASCII digits."""
    licence = "".join(unicodedata.normalize("NFKC", value or "").split())
    if not licence:
        raise ApplicationError(_("请填写律师执业证号。"), field="licence_number")
    if not LICENCE_RE.match(licence):
        raise ApplicationError(
            _("律师执业证号应为17位数字，请对照执业证填写。"), field="licence_number"
        )
    return licence


def _text(value: str, *, field: str, label: str, max_length: int) -> str:
    text = unicodedata.normalize("NFKC", value or "").strip().replace("\x00", "")
    if not text:
        raise ApplicationError(_("请填写%(label)s。") % {"label": label}, field=field)
    if len(text) > max_length:
        raise ApplicationError(
            _("%(label)s太长，最多%(n)d个字。") % {"label": label, "n": max_length}, field=field
        )
    return text


def lawyer_register(*, phone: str, name: str, licence_number: str, firm: str) -> Lawyer:
    """Create a pending lawyer account for a phone that was just verified by SMS code. The
    account has no password: the lawyer logs in with the phone and an SMS code."""
    name = _text(name, field="name", label=_("姓名"), max_length=50)
    firm = _text(firm, field="firm", label=_("律师事务所"), max_length=100)
    licence = licence_clean(licence_number)
    existing = Lawyer.objects.filter(phone=phone).first()
    if existing is not None:
        raise ApplicationError(
            _("这个手机号已经注册过律师账户（%(status)s）。")
            % {"status": existing.get_status_display()},
            field="phone",
        )
    if Lawyer.objects.filter(licence_number=licence).exists():
        raise ApplicationError(
            _("这个执业证号已经注册过，如有疑问请联系检察院。"), field="licence_number"
        )
    with transaction.atomic():
        user = get_user_model().objects.create_user(username=f"lawyer-{licence}", password=None)
        lawyer = Lawyer.objects.create(
            user=user, name=name, licence_number=licence, firm=firm, phone=phone
        )
        audit_log(actor=None, action="lawyer.register", target=lawyer, detail={})
    return lawyer


def _link_parties(lawyer: Lawyer) -> int:
    return CaseParty.objects.filter(
        licence_number=lawyer.licence_number, role__in=COUNSEL_ROLES, lawyer__isnull=True
    ).update(lawyer=lawyer)


def lawyer_review(*, actor: Staff, lawyer: Lawyer, approve: bool, note: str = "") -> Lawyer:
    """Approve (after checking the licence with the bar's register) or reject a lawyer;
    approving links the lawyer to every case that names their licence number as counsel."""
    require(actor, "lawyer.verify", None)
    note = unicodedata.normalize("NFKC", note or "").strip()[:200]
    if not approve and not note:
        raise ApplicationError(_("不通过时请写明原因，律师会看到。"), field="note")
    with transaction.atomic():
        lawyer = Lawyer.objects.select_for_update().get(pk=lawyer.pk)
        lawyer.status = LawyerStatus.APPROVED if approve else LawyerStatus.REJECTED
        lawyer.reviewed_by = actor.user
        lawyer.reviewed_at = timezone.now()
        lawyer.review_note = note
        lawyer.save()
        linked = _link_parties(lawyer) if approve else 0
        sms_queue(
            phone=lawyer.phone,
            template=REVIEW_TEMPLATES[lawyer.status],
            purpose="lawyer_review",
            idempotency_key=f"lawyer-review:{lawyer.pk}:{lawyer.reviewed_at.timestamp():.0f}",
            params={"name": lawyer.name, "note": note} if not approve else {"name": lawyer.name},
        )
        audit_log(
            actor=actor.user,
            action="lawyer.approve" if approve else "lawyer.reject",
            target=lawyer,
            detail={"linked_parties": linked},
        )
    return lawyer


def party_lawyer_link(*, actor: Staff, party: CaseParty, licence_number: str) -> CaseParty:
    """Staff link a counsel party of a case to a verified lawyer account (by licence)."""
    require(actor, "case.link", party.case.office)
    if party.role not in COUNSEL_ROLES:
        raise ApplicationError(_("只有辩护人或诉讼代理人可以关联律师账户。"))
    licence = licence_clean(licence_number)
    lawyer = Lawyer.objects.filter(licence_number=licence, status=LawyerStatus.APPROVED).first()
    if lawyer is None:
        raise ApplicationError(
            _("没有执业证号为%(licence)s的已认证律师。") % {"licence": licence},
            field="licence_number",
        )
    party.lawyer = lawyer
    party.licence_number = licence
    party.save(update_fields=["lawyer", "licence_number"])
    audit_log(
        actor=actor.user,
        action="case.lawyer_link",
        target=party.case,
        detail={"party": party.pk, "lawyer": lawyer.pk},
    )
    return party
