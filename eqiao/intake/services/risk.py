"""Petition-risk early warning (信访风险预警): alerts to the office head, emergency plans
(应急预案) started from an alert and run step by step to closure."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from eqiao.channels.services import BulkItem, messages_queue_bulk, sms_queue
from eqiao.core.audit import audit_log
from eqiao.core.errors import ApplicationError, PermissionDeniedError
from eqiao.core.models import Notification
from eqiao.core.notifications import notification_create, notification_new
from eqiao.intake import messages
from eqiao.intake.models import (
    EmergencyPlan,
    EmergencyPlanStep,
    EmergencyPlanTemplate,
    EventKind,
    Petition,
    PetitionEvent,
    PlanStatus,
    RiskAlert,
    RiskLevel,
    risk_reason_label,
)
from eqiao.intake.services.common import (
    notify,
    risk_max,
    site_text,
    text_clean,
)
from eqiao.offices.capabilities import can, require
from eqiao.offices.models import Procuratorate, Role, Staff
from eqiao.offices.selectors import office_heads, office_heads_of, staff_with_role

# The default runbook for the commonest danger the source document describes: a group
# threatening to petition the upper level (集体访/越级访). Office-specific templates are
# configured in the admin. Step titles are data, written in the source language.
DEFAULT_TEMPLATES: list[dict[str, Any]] = [
    {
        "name": "集体访/越级访应急预案",
        "description": "群众表示要集体上访、越级上访或有过激言行时启动。",
        "steps": [
            {
                "title": "立即联系信访人核实情况",
                "owner_role": Role.PROSECUTOR.value,
                "due_hours": 2,
            },
            {"title": "向院领导报告", "owner_role": Role.OFFICE_HEAD.value, "due_hours": 4},
            {
                "title": "会同乡镇、劳动监察等部门研判",
                "owner_role": Role.OFFICE_HEAD.value,
                "due_hours": 24,
            },
            {
                "title": "约见群众代表、释法说理",
                "owner_role": Role.PROSECUTOR.value,
                "due_hours": 48,
            },
            {"title": "跟踪化解并回访", "owner_role": Role.PROSECUTOR.value, "due_hours": 7 * 24},
        ],
    },
]


@dataclass(frozen=True)
class AlertRaise:
    """One alert of `risk_alerts_raise`: `risk_alert_raise`'s arguments."""

    petition: Petition
    level: str
    reasons: list[str]
    excerpt: str


class PlanAlreadyActiveError(ApplicationError):
    """Starting a plan on a petition that already has one running; `plan` is that one."""

    status_code = 409

    def __init__(self, message: str, *, plan: EmergencyPlan) -> None:
        super().__init__(message)
        self.plan = plan


def _open_alert_merge(
    *, petition: Petition, level: str, reasons: list[str], excerpt: str
) -> tuple[RiskAlert, bool]:
    """The petition's open alert, with `reasons` added and its level raised, or a new one.
    Returns (alert, created). Two writers racing past the check meet the database's
    one-open-alert constraint; the loser adds its reasons to the winner's alert."""
    for _attempt in range(2):
        open_alert = (
            RiskAlert.objects.select_for_update()
            .filter(petition=petition, acknowledged_at__isnull=True)
            .first()
        )
        if open_alert is not None:
            merged = [*open_alert.reasons, *(r for r in reasons if r not in open_alert.reasons)]
            open_alert.reasons = merged
            open_alert.level = risk_max(open_alert.level, level)
            open_alert.save(update_fields=["reasons", "level"])
            return open_alert, False
        try:
            with transaction.atomic():  # a savepoint: the race's loser keeps its transaction
                alert = RiskAlert.objects.create(
                    petition=petition,
                    office=petition.office,
                    level=level,
                    reasons=list(dict.fromkeys(reasons)),
                    excerpt=excerpt[:300],
                )
            return alert, True
        except IntegrityError:
            continue
    raise ApplicationError(_("风险预警正在被同时更新，请稍后重试。"))


def risk_alert_raise(
    *, petition: Petition, level: str, reasons: list[str], excerpt: str
) -> RiskAlert:
    """Record an alert and tell the handling office's heads at once, in the app and by SMS.
    Call inside the transaction that saved the petition or message, so both happen or neither.

    One matter, one alert: while the petition's alert is unacknowledged, a new high-risk
    message adds its reasons to that alert (raising its level if higher) and nobody is told a
    second time; after it is acknowledged, the next one raises a new alert.
    """
    office = petition.office
    alert, created = _open_alert_merge(
        petition=petition, level=level or RiskLevel.HIGH, reasons=reasons, excerpt=excerpt
    )
    if not created:
        return alert
    # Written for the heads in the site's language, whatever language the submitter used.
    with translation.override(settings.LANGUAGE_CODE):
        reason_text = "；".join(risk_reason_label(r) for r in reasons) or _("高风险")
        for head in office_heads(office=office):
            notification_create(
                recipient=head.user,
                level="danger",
                text=_("高风险信访预警：%(number)s（%(reasons)s）")
                % {"number": petition.tracking_number, "reasons": reason_text},
                target_kind="alert",
                target_id=alert.pk,
            )
            if head.mobile:
                sms_queue(
                    phone=head.mobile,
                    purpose="alert",
                    ref=petition.tracking_number,
                    idempotency_key=f"alert:{alert.pk}:{head.pk}",
                    template=messages.ALERT,
                    params={
                        "office": office.short_name,
                        "number": petition.tracking_number,
                        "reasons": reason_text,
                    },
                )
    return alert


def risk_alerts_raise(items: Sequence[AlertRaise]) -> list[RiskAlert]:
    """`risk_alert_raise` for many petitions at once (the worker's acceptance batch), in the
    caller's transaction, with the same outcome: the new alerts written in one INSERT, the
    heads of every office involved read once, their notifications written in one INSERT
    and their SMS queued in one batch (`messages_queue_bulk`, which joins the caller's
    `deliveries_gathered`). A petition whose alert is still open, or whose new alert meets
    a concurrent one at the one-open-alert constraint, takes `risk_alert_raise`'s own path.
    Returns each item's alert, in order."""
    if not items:
        return []
    open_for = set(
        RiskAlert.objects.filter(
            petition__in=[item.petition.pk for item in items], acknowledged_at__isnull=True
        ).values_list("petition_id", flat=True)
    )
    # Without the new rows' keys from one INSERT, every alert goes the one-at-a-time way.
    bulk = connection.features.can_return_rows_from_bulk_insert
    fresh = [item for item in items if bulk and item.petition.pk not in open_for]
    alerts: dict[int, RiskAlert] = {}
    try:
        with transaction.atomic():  # a savepoint: a clash falls back to one at a time
            made = RiskAlert.objects.bulk_create(
                [
                    RiskAlert(
                        petition=item.petition,
                        office=item.petition.office,
                        level=item.level or RiskLevel.HIGH,
                        reasons=list(dict.fromkeys(item.reasons)),
                        excerpt=item.excerpt[:300],
                    )
                    for item in fresh
                ]
            )
    except IntegrityError:
        made = []
    alerts = {alert.petition_id: alert for alert in made}
    _alerts_tell([(item, alerts[item.petition.pk]) for item in fresh if made])
    for item in items:
        if item.petition.pk not in alerts:
            alerts[item.petition.pk] = risk_alert_raise(
                petition=item.petition,
                level=item.level,
                reasons=item.reasons,
                excerpt=item.excerpt,
            )
    return [alerts[item.petition.pk] for item in items]


def _alerts_tell(raised: Sequence[tuple[AlertRaise, RiskAlert]]) -> None:
    """What `risk_alert_raise` tells each office head of each new alert, written in bulk."""
    if not raised:
        return
    heads: dict[int, list[Staff]] = {}
    for head in office_heads_of(offices=[item.petition.office_id for item, _alert in raised]):
        heads.setdefault(head.office_id, []).append(head)
    notes: list[Notification] = []
    texts: list[BulkItem] = []
    with translation.override(settings.LANGUAGE_CODE):
        for item, alert in raised:
            petition = item.petition
            reason_text = "；".join(risk_reason_label(r) for r in item.reasons) or _("高风险")
            for head in heads.get(petition.office_id, []):
                notes.append(
                    notification_new(
                        recipient=head.user,
                        level="danger",
                        text=_("高风险信访预警：%(number)s（%(reasons)s）")
                        % {"number": petition.tracking_number, "reasons": reason_text},
                        target_kind="alert",
                        target_id=alert.pk,
                    )
                )
                if head.mobile:
                    texts.append(
                        BulkItem(
                            recipient=head.mobile,
                            idempotency_key=f"alert:{alert.pk}:{head.pk}",
                            ref=petition.tracking_number,
                            params={
                                "office": petition.office.short_name,
                                "number": petition.tracking_number,
                                "reasons": reason_text,
                            },
                        )
                    )
    Notification.objects.bulk_create(notes)
    if texts:
        messages_queue_bulk(template=messages.ALERT, items=texts, purpose="alert")


def _lock_alert(alert: RiskAlert) -> RiskAlert:
    return (
        RiskAlert.objects.select_for_update(of=("self",))
        .select_related("office", "petition")
        .get(pk=alert.pk)
    )


def _acknowledge(locked: RiskAlert, actor: Staff) -> None:
    if locked.acknowledged_at is None:
        locked.acknowledged_at = timezone.now()
        locked.acknowledged_by = actor
        locked.save(update_fields=["acknowledged_at", "acknowledged_by"])


@transaction.atomic
def alert_acknowledge(*, alert: RiskAlert, actor: Staff) -> RiskAlert:
    """Mark the alert as seen by someone responsible. Acknowledging twice keeps the first."""
    locked = _lock_alert(alert)
    require(actor, "alert.handle", locked.office)
    first = locked.acknowledged_at is None
    _acknowledge(locked, actor)
    if first:
        audit_log(actor=actor.user, action="alert.acknowledge", target=locked)
    alert.acknowledged_at, alert.acknowledged_by = locked.acknowledged_at, locked.acknowledged_by
    return locked


def _step_owner(*, office: Procuratorate, role: str, petition: Petition, fallback: Staff) -> Staff:
    """An active staff of `role` in the office (the petition's assignee first), else the
    office head, else whoever started the plan."""
    assignee = petition.assignee
    if (
        assignee
        and assignee.is_active
        and role in assignee.role_codes
        and assignee.office_id == office.pk
    ):
        return assignee
    same_role = staff_with_role(office=office, role=role).order_by("pk").first()
    return same_role or office_heads(office=office).order_by("pk").first() or fallback


def emergency_plan_templates_ensure() -> list[EmergencyPlanTemplate]:
    """Create the default city-wide templates that are missing (by name). Safe to re-run;
    an edited template is left as the administrator configured it."""
    templates = []
    for spec in DEFAULT_TEMPLATES:
        template, _created = EmergencyPlanTemplate.objects.get_or_create(
            name=spec["name"],
            office=None,
            defaults={"description": spec["description"], "steps": spec["steps"]},
        )
        templates.append(template)
    return templates


def emergency_plan_steps_validate(steps: object) -> list[dict]:
    """Check a template's steps: a non-empty list of {"title", "owner_role", "due_hours"}
    with a known role and a positive whole number of hours. Raises ApplicationError."""
    if not isinstance(steps, list) or not steps:
        raise ApplicationError(_("该应急预案模板没有步骤，请先在管理后台配置。"), field="steps")
    for number, step in enumerate(steps, start=1):
        ok = (
            isinstance(step, dict)
            and isinstance(step.get("title"), str)
            and step["title"].strip()
            and step.get("owner_role") in Role.values
            and isinstance(step.get("due_hours"), int)
            and step["due_hours"] > 0
        )
        if not ok:
            raise ApplicationError(
                _(
                    "第%(n)d步不完整：每一步需要步骤名称、负责角色（%(roles)s之一）"
                    "和完成时限（正整数小时）。"
                )
                % {"n": number, "roles": "、".join(str(label) for label in Role.labels)},
                field="steps",
            )
    return steps


def _check_template(template: EmergencyPlanTemplate, office: Procuratorate) -> list[dict]:
    if not template.is_active:
        raise ApplicationError(_("该应急预案模板已停用。"), field="template")
    if template.office is not None and not office.is_within(template.office):
        raise ApplicationError(_("该应急预案模板不适用于本单位。"), field="template")
    return emergency_plan_steps_validate(template.steps)


def _refuse_second_plan(petition: Petition) -> None:
    running = EmergencyPlan.objects.filter(petition=petition, status=PlanStatus.ACTIVE).first()
    if running is not None:
        raise PlanAlreadyActiveError(
            _("该信访件已有处置中的应急预案“%(name)s”，请在原预案中处置，不要再启动一个。")
            % {"name": running.name},
            plan=running,
        )


@transaction.atomic
def emergency_plan_start(
    *, alert: RiskAlert, template: EmergencyPlanTemplate, actor: Staff
) -> EmergencyPlan:
    """Start an emergency plan for the alert: copy the template's steps, give each to an
    active staff member of the step's role in the alert's office (the office head if there
    is none), due `due_hours` from now. One active plan per petition: a second start raises
    PlanAlreadyActiveError naming the running plan."""
    locked = _lock_alert(alert)
    require(actor, "plan.run", locked.office)
    steps = _check_template(template, locked.office)
    petition = locked.petition
    _refuse_second_plan(petition)
    now = timezone.now()
    try:
        with transaction.atomic():  # a savepoint: a racing start meets the constraint
            plan = EmergencyPlan.objects.create(
                alert=locked,
                petition=petition,
                template=template,
                name=template.name,
                started_by=actor,
                started_at=now,
            )
    except IntegrityError:
        _refuse_second_plan(petition)
        raise
    for position, spec in enumerate(steps, start=1):
        owner = _step_owner(
            office=locked.office, role=spec["owner_role"], petition=petition, fallback=actor
        )
        step = EmergencyPlanStep.objects.create(
            plan=plan,
            position=position,
            title=str(spec["title"])[:200],
            owner=owner,
            due_at=now + dt.timedelta(hours=spec["due_hours"]),
        )
        notify(
            recipients=[owner],
            level="warning",
            text=site_text(
                gettext_noop(
                    "应急预案“%(plan)s”（%(number)s）交给您的步骤：%(step)s，请于%(due)s前完成。"
                ),
                plan=plan.name,
                number=petition.tracking_number,
                step=step.title,
                due=timezone.localtime(step.due_at).strftime("%m-%d %H:%M"),
            ),
            target_kind="plan",
            target_id=plan.pk,
        )
    _acknowledge(locked, actor)
    PetitionEvent.objects.create(
        petition=petition,
        kind=EventKind.RISK,
        actor=actor,
        text=site_text(gettext_noop("启动应急预案：%(plan)s"), plan=plan.name),
        data={"plan": plan.pk, "alert": locked.pk},
    )
    audit_log(
        actor=actor.user,
        action="plan.start",
        target=plan,
        detail={"alert": locked.pk, "template": template.pk},
    )
    return plan


def _lock_plan(plan: EmergencyPlan) -> EmergencyPlan:
    return (
        EmergencyPlan.objects.select_for_update(of=("self",))
        .select_related("alert", "alert__office", "alert__petition")
        .get(pk=plan.pk)
    )


@transaction.atomic
def plan_step_complete(*, step: EmergencyPlanStep, actor: Staff, note: str) -> EmergencyPlanStep:
    """Tick a step off with what was done (处置情况, required: the plan's record is what the
    head reads when closing it). The step's owner, or an office head or administrator."""
    plan = _lock_plan(step.plan)
    require(actor, "petition.view", plan.alert.office)
    locked = EmergencyPlanStep.objects.select_for_update(of=("self",)).get(pk=step.pk)
    if locked.owner_id != actor.pk and not can(actor, "plan.run", plan.alert.office):
        raise PermissionDeniedError(_("只有该步骤的负责人或单位负责人可以完成此步骤。"))
    if plan.status != PlanStatus.ACTIVE:
        raise ApplicationError(_("该应急预案已结束。"))
    if locked.done_at is not None:
        raise ApplicationError(_("该步骤已经完成。"))
    locked.note = text_clean(note, field="note", label=_("处置情况"), max_chars=2000, min_chars=1)
    locked.done_at = timezone.now()
    locked.done_by = actor
    locked.save(update_fields=["note", "done_at", "done_by"])
    audit_log(
        actor=actor.user,
        action="plan.step_complete",
        target=plan,
        detail={"step": locked.pk, "position": locked.position},
    )
    step.note, step.done_at, step.done_by = locked.note, locked.done_at, locked.done_by
    return locked


@transaction.atomic
def plan_close(*, plan: EmergencyPlan, actor: Staff, summary: str) -> EmergencyPlan:
    """Close the plan as resolved (已化解) with a summary, once every step is done."""
    locked = _lock_plan(plan)
    require(actor, "plan.run", locked.alert.office)
    if locked.status != PlanStatus.ACTIVE:
        raise ApplicationError(_("该应急预案已结束。"))
    open_steps = locked.steps.filter(done_at__isnull=True).count()
    if open_steps:
        raise ApplicationError(
            _("还有%(n)d个步骤未完成，全部完成后才能结束预案。") % {"n": open_steps}
        )
    summary = text_clean(summary, field="summary", label=_("处置总结"), max_chars=5000, min_chars=1)
    locked.status = PlanStatus.CLOSED
    locked.closed_at = timezone.now()
    locked.summary = summary
    locked.save(update_fields=["status", "closed_at", "summary"])
    PetitionEvent.objects.create(
        petition=locked.alert.petition,
        kind=EventKind.RISK,
        actor=actor,
        text=site_text(gettext_noop("应急预案已化解：%(summary)s"), summary=summary),
        data={"plan": locked.pk, "closed": True},
    )
    audit_log(actor=actor.user, action="plan.close", target=locked)
    plan.status, plan.closed_at, plan.summary = locked.status, locked.closed_at, locked.summary
    return locked
