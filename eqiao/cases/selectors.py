"""Reads of cases, lawyers and import runs: for staff always through the office scope; for a
party or a lawyer only the procedural view of their own cases."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from eqiao.cases.models import (
    Case,
    CaseImportRun,
    CaseParty,
    CasePetitionLink,
    CaseStage,
    Lawyer,
    LawyerStatus,
    Stage,
)
from eqiao.core.errors import NotFoundError
from eqiao.offices.models import Staff
from eqiao.offices.selectors import office_scope_filter


def case_list_for_staff(*, staff: Staff, q: str = "", stage: str = "") -> QuerySet[Case]:
    """Cases handled in the staff member's subtree, newest first; `q` matches the number,
    title or charge."""
    cases = office_scope_filter(Case.objects.select_related("office"), staff=staff)
    if q:
        cases = cases.filter(
            Q(number__icontains=q) | Q(title__icontains=q) | Q(charge__icontains=q)
        )
    if stage in Stage.values:
        cases = cases.filter(stage=stage)
    return cases


def case_get_for_staff(*, staff: Staff, pk: int) -> Case:
    """One case with its stages, parties and petitions; NotFoundError outside the scope."""
    cases = office_scope_filter(Case.objects.all(), staff=staff).select_related(
        "office", "prosecutor"
    )
    cases = cases.prefetch_related(
        "stages",
        Prefetch("parties", queryset=CaseParty.objects.select_related("lawyer")),
        Prefetch(
            "petition_links",
            queryset=CasePetitionLink.objects.select_related("petition", "petition__office"),
        ),
    )
    try:
        return cases.get(pk=pk)
    except Case.DoesNotExist as exc:
        raise NotFoundError("case not found") from exc


def import_runs_for_staff(*, staff: Staff) -> QuerySet[CaseImportRun]:
    return office_scope_filter(CaseImportRun.objects.select_related("office"), staff=staff)


def import_run_get_for_staff(*, staff: Staff, pk: int) -> CaseImportRun:
    try:
        return import_runs_for_staff(staff=staff).get(pk=pk)
    except CaseImportRun.DoesNotExist as exc:
        raise NotFoundError("import run not found") from exc


def lawyers_pending() -> QuerySet[Lawyer]:
    return Lawyer.objects.filter(status=LawyerStatus.PENDING).order_by("created_at")


def lawyers_for_review(*, status: str = "") -> QuerySet[Lawyer]:
    lawyers = Lawyer.objects.all().order_by("-created_at")
    if status in LawyerStatus.values:
        lawyers = lawyers.filter(status=status)
    return lawyers


# --- What a party or a lawyer sees ------------------------------------------------------


@dataclass(frozen=True)
class StageLine:
    stage: str
    label: str
    on: dt.date


@dataclass(frozen=True)
class CaseProgress:
    """The procedural information of a case (案件程序性信息): no title (it names people), no
    other party's data, no prosecutor's phone — stages, dates and the handling office."""

    number: str
    kind: str
    charge: str
    office_name: str
    office_phone: str
    stage_label: str
    accepted_on: dt.date
    closed_on: dt.date | None
    stages: list[StageLine]
    own_role: str = ""
    own_name: str = ""


def _progress(case: Case, party: CaseParty | None = None) -> CaseProgress:
    stages = [
        StageLine(stage=s.stage, label=s.get_stage_display(), on=s.on)
        for s in sorted(case.stages.all(), key=lambda s: (s.on, s.pk))
    ]
    return CaseProgress(
        number=case.number,
        kind=case.get_kind_display(),
        charge=case.charge,
        office_name=case.office.name,
        office_phone=case.office.phone,
        stage_label=case.get_stage_display(),
        accepted_on=case.accepted_on,
        closed_on=case.closed_on,
        stages=stages,
        own_role=party.get_role_display() if party else "",
        own_name=party.name if party else "",
    )


def case_progress_for_party(*, party_id: int) -> CaseProgress:
    """The progress of the case of a verified party (the party's own name and role only)."""
    party = (
        CaseParty.objects.select_related("case", "case__office")
        .prefetch_related(Prefetch("case__stages", queryset=CaseStage.objects.all()))
        .filter(pk=party_id)
        .first()
    )
    if party is None:
        raise NotFoundError("party not found")
    return _progress(party.case, party)


def lawyer_cases(*, lawyer: Lawyer) -> QuerySet[Case]:
    """The cases where a verified lawyer is linked as counsel; none while unverified."""
    if not lawyer.is_verified:
        return Case.objects.none()
    return (
        Case.objects.filter(parties__lawyer=lawyer)
        .distinct()
        .select_related("office")
        .prefetch_related("stages")
        .order_by("-accepted_on", "-id")
    )


def lawyer_case_progress(*, lawyer: Lawyer, pk: int) -> tuple[Case, CaseProgress]:
    """One of the lawyer's cases; NotFoundError for any other (or while unverified)."""
    case = lawyer_cases(lawyer=lawyer).filter(pk=pk).first()
    if case is None:
        raise NotFoundError("case not found")
    return case, _progress(case)


def lawyer_for_phone(*, phone: str) -> Lawyer | None:
    return Lawyer.objects.filter(phone=phone).first() if phone else None
