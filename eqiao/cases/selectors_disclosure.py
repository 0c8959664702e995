"""Reads of the disclosure records and the people's supervisors.

The public selectors are the only way the portal and the API read releases and documents:
published by the service (seal intact) and about a case that no flag forbids — checked at
every read, so a case flagged after publication disappears from the public at once."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from eqiao.cases.models import (
    BriberyQueryStatus,
    BriberyRecordQuery,
    Case,
    CaseRelease,
    DocumentStatus,
    LegalDocument,
    PeopleSupervisor,
    ReleaseStatus,
    SupervisionActivity,
    SupervisionOpinion,
)
from eqiao.cases.models.sealing import case_allows_disclosure_q
from eqiao.core.errors import NotFoundError
from eqiao.offices.models import Procuratorate, Staff
from eqiao.offices.selectors import office_scope_filter

PUBLIC_LIST_LIMIT = 200


# --- Public -----------------------------------------------------------------------------


def _public_releases() -> QuerySet[CaseRelease]:
    return (
        CaseRelease.objects.filter(status=ReleaseStatus.PUBLISHED)
        .filter(case_allows_disclosure_q())
        .select_related("case", "office")
        .order_by("-published_at", "-pk")
    )


def release_list_public(
    *, office: Procuratorate | None = None, limit: int = PUBLIC_LIST_LIMIT
) -> list[CaseRelease]:
    """Published releases, newest first; `office`: those of the office and its subtree."""
    qs = _public_releases()
    if office is not None:
        qs = qs.filter(office__path__startswith=office.path)
    return [r for r in qs[:limit] if r.is_public]


def release_get_public(*, pk: int) -> CaseRelease:
    release = _public_releases().filter(pk=pk).first()
    if release is None or not release.is_public:
        raise NotFoundError(_("找不到这条案件信息，或已撤回。"))
    return release


def _public_documents() -> QuerySet[LegalDocument]:
    return (
        LegalDocument.objects.filter(status=DocumentStatus.PUBLISHED)
        .filter(case_allows_disclosure_q())
        .select_related("case", "office")
        .defer("original_text", "findings")
        .order_by("-published_at", "-pk")
    )


def document_list_public(
    *,
    office: Procuratorate | None = None,
    kind: str | None = None,
    limit: int = PUBLIC_LIST_LIMIT,
) -> list[LegalDocument]:
    qs = _public_documents()
    if office is not None:
        qs = qs.filter(office__path__startswith=office.path)
    if kind:
        qs = qs.filter(kind=kind)
    return [d for d in qs[:limit] if d.is_public]


def document_get_public(*, pk: int) -> LegalDocument:
    document = _public_documents().filter(pk=pk).first()
    if document is None or not document.is_public:
        raise NotFoundError(_("找不到这份法律文书，或已撤回。"))
    return document


def bribery_query_list_for_phone(*, phone: str) -> QuerySet[BriberyRecordQuery]:
    return BriberyRecordQuery.objects.filter(phone=phone).select_related("office")


def bribery_query_get_for_phone(*, phone: str, number: str) -> BriberyRecordQuery:
    found = bribery_query_list_for_phone(phone=phone).filter(number=number).first()
    if found is None:
        raise NotFoundError(_("找不到该申请。"))
    return found


# --- Staff ------------------------------------------------------------------------------


def case_list_for_staff(*, staff: Staff, disclosable_only: bool = False) -> QuerySet[Case]:
    qs = office_scope_filter(Case.objects.all(), staff=staff).select_related("office")
    if disclosable_only:
        qs = qs.filter(case_allows_disclosure_q(prefix=""))
    return qs.order_by("-accepted_on", "-pk")


def case_get_for_staff(*, staff: Staff, pk: int) -> Case:
    try:
        return case_list_for_staff(staff=staff).get(pk=pk)
    except (Case.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFoundError(_("找不到该案件，或您无权查看。")) from exc


def release_list_for_staff(*, staff: Staff, status: str | None = None) -> QuerySet[CaseRelease]:
    qs = office_scope_filter(CaseRelease.objects.all(), staff=staff).select_related(
        "case", "office", "author", "reviewed_by"
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-pk")


def release_get_for_staff(*, staff: Staff, pk: int) -> CaseRelease:
    try:
        return release_list_for_staff(staff=staff).get(pk=pk)
    except (CaseRelease.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFoundError(_("找不到该稿件，或您无权查看。")) from exc


def document_list_for_staff(*, staff: Staff, status: str | None = None) -> QuerySet[LegalDocument]:
    qs = (
        office_scope_filter(LegalDocument.objects.all(), staff=staff)
        .select_related("case", "office", "uploaded_by", "published_by")
        .defer("original_text", "findings")
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-uploaded_at", "-pk")


def document_get_for_staff(*, staff: Staff, pk: int) -> LegalDocument:
    try:
        return (
            office_scope_filter(LegalDocument.objects.all(), staff=staff)
            .select_related("case", "office", "uploaded_by", "published_by")
            .prefetch_related("corrections__created_by")
            .get(pk=pk)
        )
    except (LegalDocument.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFoundError(_("找不到该文书，或您无权查看。")) from exc


def bribery_query_list_for_staff(
    *, staff: Staff, status: str | None = None
) -> QuerySet[BriberyRecordQuery]:
    qs = office_scope_filter(BriberyRecordQuery.objects.all(), staff=staff).select_related(
        "office", "answered_by"
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-pk")


def bribery_query_get_for_staff(*, staff: Staff, pk: int) -> BriberyRecordQuery:
    try:
        return bribery_query_list_for_staff(staff=staff).get(pk=pk)
    except (BriberyRecordQuery.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFoundError(_("找不到该申请，或您无权查看。")) from exc


def bribery_query_pending_count(*, staff: Staff) -> int:
    return bribery_query_list_for_staff(staff=staff, status=BriberyQueryStatus.PENDING).count()


def supervisor_list_for_staff(
    *, staff: Staff, active_only: bool = False
) -> QuerySet[PeopleSupervisor]:
    qs = office_scope_filter(PeopleSupervisor.objects.all(), staff=staff).select_related("office")
    if active_only:
        qs = qs.filter(active=True)
    return qs.order_by("office__path", "name", "pk")


def supervisor_get_for_staff(*, staff: Staff, pk: int) -> PeopleSupervisor:
    try:
        return supervisor_list_for_staff(staff=staff).get(pk=pk)
    except (PeopleSupervisor.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFoundError(_("找不到该人民监督员，或您无权查看。")) from exc


def activity_list_for_staff(*, staff: Staff) -> QuerySet[SupervisionActivity]:
    return (
        office_scope_filter(SupervisionActivity.objects.all(), staff=staff)
        .select_related("office", "case")
        .order_by("-starts_at", "-pk")
    )


def activity_get_for_staff(*, staff: Staff, pk: int) -> SupervisionActivity:
    try:
        return (
            activity_list_for_staff(staff=staff)
            .prefetch_related("invitations__supervisor", "opinions__supervisor")
            .get(pk=pk)
        )
    except (SupervisionActivity.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFoundError(_("找不到该监督活动，或您无权查看。")) from exc


def opinion_get_for_staff(*, staff: Staff, pk: int) -> SupervisionOpinion:
    try:
        return (
            office_scope_filter(
                SupervisionOpinion.objects.all(), staff=staff, field="activity__office"
            )
            .select_related("activity", "activity__office", "supervisor")
            .get(pk=pk)
        )
    except (SupervisionOpinion.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFoundError(_("找不到该监督意见，或您无权查看。")) from exc


def opinion_list_for_case(*, case: Case) -> QuerySet[SupervisionOpinion]:
    return case.supervision_opinions.select_related("supervisor", "activity", "answered_by")
