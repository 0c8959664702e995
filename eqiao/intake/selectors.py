"""Reads of petitions, alerts, plans and leads. Every staff read goes through
`offices.selectors.office_scope_filter`: a county never sees a sibling county's records."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import BooleanField, Count, ExpressionWrapper, Min, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from eqiao.core.crypto import keyed_hash
from eqiao.core.errors import ApplicationError, NotFoundError
from eqiao.core.validators import normalize_id_number
from eqiao.core.workdays import add_working_days, working_day_overrides
from eqiao.intake.models import (
    CATEGORY_LABELS,
    ClassificationCorrection,
    EmergencyPlan,
    EmergencyPlanStep,
    EmergencyPlanTemplate,
    EventKind,
    Lead,
    Petition,
    PetitionEvent,
    PlanStatus,
    RiskAlert,
    RiskLevel,
    Status,
)
from eqiao.offices.models import Procuratorate, Staff
from eqiao.offices.selectors import office_get_in_scope, office_scope_filter

# How early a clock counts as "due soon": two working days for the 7-day procedural reply,
# ten working days (two weeks) for the 3-month result.
PROCEDURAL_DUE_SOON_WORKING_DAYS = 2
RESULT_DUE_SOON_WORKING_DAYS = 10
DUE_FILTERS = ("due_soon", "overdue")


@dataclass(frozen=True)
class ClockState:
    procedural_overdue: bool
    procedural_due_soon: bool
    result_overdue: bool
    result_due_soon: bool

    @property
    def overdue(self) -> bool:
        return self.procedural_overdue or self.result_overdue

    @property
    def due_soon(self) -> bool:
        return not self.overdue and (self.procedural_due_soon or self.result_due_soon)


def _soon_limits(today: dt.date) -> tuple[dt.date, dt.date]:
    overrides = working_day_overrides()
    return (
        add_working_days(today, PROCEDURAL_DUE_SOON_WORKING_DAYS, overrides),
        add_working_days(today, RESULT_DUE_SOON_WORKING_DAYS, overrides),
    )


def clock_state(petition: Petition, today: dt.date, *, limits: tuple | None = None) -> ClockState:
    """Where the petition stands against its statutory clocks on `today`. A closed petition
    has no running clock; a result reply also stops the procedural clock."""
    procedural_soon, result_soon = limits or _soon_limits(today)
    open_ = petition.status != Status.CLOSED
    procedural_open = open_ and petition.procedural_replied_at is None
    result_open = open_ and petition.result_replied_at is None
    return ClockState(
        procedural_overdue=procedural_open and petition.procedural_reply_due < today,
        procedural_due_soon=procedural_open
        and today <= petition.procedural_reply_due <= procedural_soon,
        result_overdue=result_open and petition.result_reply_due < today,
        result_due_soon=result_open and today <= petition.result_reply_due <= result_soon,
    )


def clock_conditions(today: dt.date) -> dict[str, Q]:
    """The same rules as `clock_state`, as SQL conditions: `procedural_overdue`,
    `procedural_due_soon`, `result_overdue`, `result_due_soon`, `overdue`, `due_soon`."""
    procedural_soon, result_soon = _soon_limits(today)
    open_ = ~Q(status=Status.CLOSED)
    procedural_open = open_ & Q(procedural_replied_at__isnull=True)
    result_open = open_ & Q(result_replied_at__isnull=True)
    clocks = {
        "procedural_overdue": procedural_open & Q(procedural_reply_due__lt=today),
        "procedural_due_soon": procedural_open
        & Q(procedural_reply_due__gte=today, procedural_reply_due__lte=procedural_soon),
        "result_overdue": result_open & Q(result_reply_due__lt=today),
        "result_due_soon": result_open
        & Q(result_reply_due__gte=today, result_reply_due__lte=result_soon),
    }
    clocks["overdue"] = clocks["procedural_overdue"] | clocks["result_overdue"]
    clocks["due_soon"] = ~clocks["overdue"] & (
        clocks["procedural_due_soon"] | clocks["result_due_soon"]
    )
    return clocks


def petitions_with_clocks(queryset: QuerySet[Petition], *, today: dt.date) -> QuerySet[Petition]:
    """Annotate `procedural_overdue`, `procedural_due_soon`, `result_overdue`,
    `result_due_soon`, `overdue` and `due_soon` booleans."""
    return queryset.annotate(
        **{
            name: ExpressionWrapper(condition, output_field=BooleanField())
            for name, condition in clock_conditions(today).items()
        }
    )


def _scoped_petitions(staff: Staff) -> QuerySet[Petition]:
    return office_scope_filter(Petition.objects.all(), staff=staff).select_related(
        "office", "assignee"
    )


def petition_list_for_staff(
    *,
    staff: Staff,
    status: str | None = None,
    kind: str | None = None,
    risk: str | None = None,
    due: str | None = None,
    channel: str | None = None,
    office_id: int | None = None,
    q: str | None = None,
    assigned_to_me: bool = False,
    today: dt.date | None = None,
) -> QuerySet[Petition]:
    """The staff member's queue: petitions of their office's subtree, newest first,
    annotated with the clock state. `status="open"` means not closed; `office_id` narrows
    to one office of the subtree (exactly that office); `due` is "due_soon" or "overdue";
    `q` matches the tracking number, title, content or petitioner's name, phone or ID number
    (by its keyed hash: the number itself is stored encrypted)."""
    today = today or timezone.localdate()
    qs = petitions_with_clocks(_scoped_petitions(staff), today=today)
    if status == "open":
        qs = qs.exclude(status=Status.CLOSED)
    elif status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if risk:
        qs = qs.filter(risk_level=risk)
    if channel:
        qs = qs.filter(channel=channel)
    if office_id:
        qs = qs.filter(office=office_get_in_scope(staff=staff, pk=office_id))
    if due:
        if due not in DUE_FILTERS:
            raise ApplicationError(_("未知的期限筛选条件。"), field="due")
        qs = qs.filter(clock_conditions(today)[due])
    if assigned_to_me:
        qs = qs.filter(assignee=staff)
    if q and q.strip():
        term = q.strip()
        qs = qs.filter(
            Q(tracking_number__startswith=term)
            | Q(title__icontains=term)
            | Q(content__icontains=term)
            | Q(name=term)
            | Q(phone=term)
            | Q(id_number_hash=keyed_hash(normalize_id_number(term), purpose="id_number"))
        )
    return qs.order_by("-submitted_at", "-pk")


def petition_get_for_staff(*, staff: Staff, pk: int) -> Petition:
    """One petition of the staff's subtree; NotFoundError (404) outside it, so a sibling
    county cannot even learn that the number exists."""
    try:
        return (
            petitions_with_clocks(_scoped_petitions(staff), today=timezone.localdate())
            .select_related("office__parent")
            .get(pk=pk)
        )
    except (Petition.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFoundError(_("找不到该信访件，或您无权查看。")) from exc


# Kinds of event a citizen or an API client never reads, whatever their `public` flag says:
# internal notes, risk assessments, who was assigned, corrections of the category.
PRIVATE_EVENT_KINDS = (EventKind.NOTE, EventKind.RISK, EventKind.ASSIGNED, EventKind.RECLASSIFIED)


def public_events() -> QuerySet[PetitionEvent]:
    """Every petition's public history, in order: what the petitioner may read (replies,
    routing, closing, their own messages) — the one rule for the portal and the API. Use it
    as a Prefetch queryset for many petitions, or `petition_public_history` for one."""
    return (
        PetitionEvent.objects.filter(public=True)
        .exclude(kind__in=PRIVATE_EVENT_KINDS)
        .select_related("to_office")
        .only("petition_id", "at", "kind", "text", "to_office__name")
        .order_by("at", "pk")
    )


def petition_public_history(*, petition: Petition) -> QuerySet[PetitionEvent]:
    """The history of one petition its petitioner may read (see `public_events`)."""
    return public_events().filter(petition=petition)


def petition_history(*, petition: Petition, public_only: bool) -> QuerySet[PetitionEvent]:
    """The petition's events in order; `public_only` for the citizen (no internal notes,
    no supervision, no risk assessments)."""
    if public_only:
        return petition_public_history(petition=petition)
    return petition.events.select_related("actor", "from_office", "to_office").order_by("at", "pk")


def petitions_supervised_by(*, staff: Staff) -> QuerySet[Petition]:
    """Petitions that offices of the staff's subtree supervise, with `open_supervisions` and
    the nearest open `supervision_deadline`; open supervisions first."""
    open_q = Q(supervisions__resolved_at__isnull=True)
    scoped = _scoped_petitions(staff).filter(
        supervisions__by_office__path__startswith=staff.office.path
    )
    return (
        petitions_with_clocks(scoped, today=timezone.localdate())
        .annotate(
            open_supervisions=Count("supervisions", filter=open_q, distinct=True),
            supervision_deadline=Min("supervisions__deadline", filter=open_q),
        )
        .prefetch_related("supervisions__by_office", "supervisions__by_staff")
        .order_by("-open_supervisions", "supervision_deadline", "-pk")
    )


def petition_counts_for_staff(*, staff: Staff, today: dt.date | None = None) -> dict[str, int]:
    """Badge counts for the queue, in one query: open, unassigned, mine, overdue, due_soon,
    high_risk; plus alerts not yet acknowledged (a second query)."""
    clocks = clock_conditions(today or timezone.localdate())
    open_ = ~Q(status=Status.CLOSED)
    counts = office_scope_filter(Petition.objects.all(), staff=staff).aggregate(
        open=Count("pk", filter=open_),
        unassigned=Count("pk", filter=open_ & Q(assignee__isnull=True)),
        mine=Count("pk", filter=open_ & Q(assignee=staff)),
        overdue=Count("pk", filter=clocks["overdue"]),
        due_soon=Count("pk", filter=clocks["due_soon"]),
        high_risk=Count("pk", filter=open_ & Q(risk_level=RiskLevel.HIGH)),
    )
    counts["alerts"] = office_scope_filter(
        RiskAlert.objects.filter(acknowledged_at__isnull=True), staff=staff
    ).count()
    return counts


def alert_list_for_staff(*, staff: Staff, open_only: bool = False) -> QuerySet[RiskAlert]:
    """Risk alerts of the subtree, newest first; `open_only`: not yet acknowledged."""
    qs = (
        office_scope_filter(RiskAlert.objects.all(), staff=staff)
        .select_related("petition", "office", "acknowledged_by")
        .prefetch_related("plans")
    )
    if open_only:
        qs = qs.filter(acknowledged_at__isnull=True)
    return qs.order_by("-created_at", "-pk")


def alert_get_for_staff(*, staff: Staff, pk: int) -> RiskAlert:
    try:
        return alert_list_for_staff(staff=staff).get(pk=pk)
    except (RiskAlert.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFoundError(_("找不到该预警，或您无权查看。")) from exc


def plan_templates_for_office(*, office: Procuratorate) -> QuerySet[EmergencyPlanTemplate]:
    """Active templates usable for an alert of `office`: city-wide ones and those configured
    for the office or one of its ancestors."""
    ancestor_ids = [int(part) for part in office.path.strip("/").split("/") if part]
    return EmergencyPlanTemplate.objects.filter(
        Q(office__isnull=True) | Q(office_id__in=ancestor_ids), is_active=True
    ).order_by("name", "pk")


def plan_get_for_staff(*, staff: Staff, pk: int) -> EmergencyPlan:
    """An emergency plan with its steps (and their owners), in the staff's subtree."""
    steps = EmergencyPlanStep.objects.select_related("owner", "done_by").order_by("position")
    qs = office_scope_filter(
        EmergencyPlan.objects.all(), staff=staff, field="alert__office"
    ).select_related("alert", "alert__petition", "alert__office", "started_by", "template")
    try:
        return qs.prefetch_related(Prefetch("steps", queryset=steps)).get(pk=pk)
    except (EmergencyPlan.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFoundError(_("找不到该应急预案，或您无权查看。")) from exc


def plan_list_for_staff(*, staff: Staff, active_only: bool = False) -> QuerySet[EmergencyPlan]:
    qs = office_scope_filter(
        EmergencyPlan.objects.all(), staff=staff, field="alert__office"
    ).select_related("alert__petition", "alert__office", "started_by")
    if active_only:
        qs = qs.filter(status="active")
    return qs.order_by("-started_at", "-pk")


def lead_list_for_staff(
    *, staff: Staff, status: str | None = None, kind: str | None = None
) -> QuerySet[Lead]:
    qs = office_scope_filter(Lead.objects.all(), staff=staff).select_related(
        "petition", "office", "created_by"
    )
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-created_at", "-pk")


def lead_get_for_staff(*, staff: Staff, pk: int) -> Lead:
    try:
        return lead_list_for_staff(staff=staff).get(pk=pk)
    except (Lead.DoesNotExist, ValueError, TypeError) as exc:
        raise NotFoundError(_("找不到该线索，或您无权查看。")) from exc


def _valid_corrections():
    return ClassificationCorrection.objects.filter(
        category__in=CATEGORY_LABELS.keys(), risk__in=RiskLevel.values
    )


def corrections_invalid_count() -> int:
    """Corrections stored before labels were checked whose category or risk the engine does
    not know (a typed `duty_crime`): they are never given to the trainer."""
    return ClassificationCorrection.objects.count() - _valid_corrections().count()


def corrections_for_training() -> Iterator[dict[str, str]]:
    """Valid staff corrections, newest per petition only (a later correction supersedes an
    earlier one), as rows for the text engine's trainer."""
    latest: dict[int, ClassificationCorrection] = {}
    for correction in _valid_corrections().order_by("at", "pk").iterator():
        latest[correction.petition_id] = correction
    for correction in latest.values():
        yield {"text": correction.text, "category": correction.category, "risk": correction.risk}


@dataclass(frozen=True)
class CitizenClock:
    """What the status page promises or owns up to. `late_days` > 0 means the reply named by
    `late` ("procedural": who handles it; "result": the result) is that many days late."""

    running: bool
    procedural_due: dt.date | None
    result_due: dt.date
    late: str
    late_days: int
    office: Procuratorate
    upper: Procuratorate | None

    @property
    def overdue(self) -> bool:
        return self.late_days > 0


def citizen_clock(*, petition: Petition, today: dt.date) -> CitizenClock:
    """The statutory clock as the citizen should read it on `today`: the dates still ahead,
    or, once a date has passed without the reply, by how many days it is late (the result
    first: it is the later, graver promise), with the office to call and the one above it.
    The portal's status page and any channel that tells a citizen their status use this."""
    running = petition.status != Status.CLOSED
    replied = petition.procedural_replied_at or petition.result_replied_at
    procedural_open = running and not replied
    result_open = running and petition.result_replied_at is None
    late, late_days = "", 0
    if result_open and petition.result_reply_due < today:
        late, late_days = "result", (today - petition.result_reply_due).days
    elif procedural_open and petition.procedural_reply_due < today:
        late, late_days = "procedural", (today - petition.procedural_reply_due).days
    office = petition.office
    return CitizenClock(
        running=running,
        procedural_due=petition.procedural_reply_due if procedural_open else None,
        result_due=petition.result_reply_due,
        late=late,
        late_days=late_days,
        office=office,
        upper=office.parent if late_days else None,
    )


def plan_running_for_petition(*, petition_id: int) -> EmergencyPlan | None:
    """The petition's active emergency plan, if one is running (there is at most one)."""
    return EmergencyPlan.objects.filter(petition_id=petition_id, status=PlanStatus.ACTIVE).first()
