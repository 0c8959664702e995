"""A demo petition as a script: what the citizen sent, and the dated steps staff took. Running
a script calls the real intake services in order, each inside `TimeMachine.at(step time)`,
and stops at the first step that lies in the future — so recent petitions are naturally
still open, and some are overdue or due soon, as in a real queue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Value
from django.db.models.functions import Replace
from django.utils import timezone

from eqiao.channels.models import OutboundMessage as OutboundSms
from eqiao.core.models import Notification
from eqiao.demo.timeline import TimeMachine
from eqiao.intake.models import (
    EmergencyPlanStep,
    EmergencyPlanTemplate,
    Petition,
    PlanStatus,
    RiskAlert,
    RiskLevel,
    Supervision,
)
from eqiao.intake.services import handling, leads, risk
from eqiao.intake.services.acceptance import petition_accepted_process
from eqiao.intake.services.submission import (
    new_tracking_number,
    petition_submit,
    statutory_clocks,
)
from eqiao.offices.models import Procuratorate, Staff
from eqiao.offices.selectors import office_heads

# Every demo petition's query password (查询密码), published in the banner so anyone can try
# the citizen's status page.
DEMO_QUERY_PASSWORD = "202611"


@dataclass
class Step:
    at: dt.datetime
    action: str  # a key of ACTIONS
    actor: Staff | None = None
    args: dict[str, Any] = field(default_factory=dict)


@dataclass
class Script:
    kind: str
    channel: str
    content: str
    submit_to: Procuratorate
    at: dt.datetime
    title: str = ""
    name: str = ""
    phone: str = ""
    origin: str = "山东省"
    address: str = ""
    anonymous: bool = False
    entered_by: Staff | None = None
    steps: list[Step] = field(default_factory=list)

    def then(self, at: dt.datetime, action: str, actor: Staff | None = None, **args) -> dt.datetime:
        self.steps.append(Step(at=at, action=action, actor=actor, args=args))
        return at


@dataclass
class Run:
    """What running a script produced, for the steps that refer back to it."""

    petition: Petition
    lead: Any = None
    supervision: Supervision | None = None
    plan: Any = None


def _submit(script: Script, machine: TimeMachine) -> Run:
    with machine.at(script.at) as block:
        result = petition_submit(
            kind=script.kind,
            channel=script.channel,
            content=script.content,
            title=script.title,
            name=script.name,
            phone=script.phone,
            origin=script.origin,
            address=script.address,
            anonymous=script.anonymous,
            office=script.submit_to,
            entered_by=script.entered_by,
        )
        # The worker's half of the acceptance (the demo loads with no task queue): the
        # reading, and the alert when the engine finds the petition high risk.
        petition_accepted_process(petition_id=result.petition.pk)
        result.petition.refresh_from_db()
    petition = result.petition
    # The number and the clocks follow the (back-dated) day of submission.
    old_number, number = petition.tracking_number, new_tracking_number(script.at)
    while Petition.objects.filter(tracking_number=number).exists():
        number = new_tracking_number(script.at)
    procedural_due, result_due = statutory_clocks(script.at)
    old_due = petition.procedural_reply_due.strftime("%m月%d日")
    Petition.objects.filter(pk=petition.pk).update(
        tracking_number=number, procedural_reply_due=procedural_due, result_reply_due=result_due
    )
    # The receipt SMS and the alerts tell the new number; the receipt also tells the published
    # demo password and the back-dated reply date.
    replacements = [
        (old_number, number),
        (f"查询密码{result.query_password}", f"查询密码{DEMO_QUERY_PASSWORD}"),
        (f"在{old_due}前", f"在{procedural_due.strftime('%m月%d日')}前"),
    ]
    text: Any = F("text")
    for old, new in replacements:
        text = Replace(text, Value(old), Value(new))
    if block.created[OutboundSms]:
        OutboundSms.objects.filter(pk__in=block.created[OutboundSms]).update(
            text=text, ref=Replace(F("ref"), Value(old_number), Value(number))
        )
    if block.created[Notification]:
        Notification.objects.filter(pk__in=block.created[Notification]).update(text=text)
    petition.tracking_number = number
    petition.procedural_reply_due, petition.result_reply_due = procedural_due, result_due
    return Run(petition=petition)


def _supervise(run: Run, step: Step) -> None:
    deadline = step.args["deadline"]
    run.supervision = handling.petition_supervise(
        petition=run.petition,
        actor=step.actor,
        deadline=timezone.localdate(),
        instruction=step.args["instruction"],
    )
    # The service refuses past deadlines (rightly, for real use); the demo's lie in the past.
    Supervision.objects.filter(pk=run.supervision.pk).update(deadline=deadline)


def _raise_to_high(run: Run, step: Step) -> None:
    """A head judges the petition high risk when the text engine did not (its alert follows)."""
    petition = run.petition
    if petition.risk_level != RiskLevel.HIGH:
        handling.petition_reclassify(
            petition=petition,
            actor=step.actor,
            category=petition.category_suggested or petition.kind,
            risk=RiskLevel.HIGH,
        )


def _alerts_ack(run: Run, step: Step) -> None:
    """The head of the alerted office (or `step.actor`) acknowledges the open alerts."""
    if run.petition.risk_level != RiskLevel.HIGH:
        return  # alerts are raised only for high risk
    alerts = RiskAlert.objects.filter(petition=run.petition, acknowledged_at__isnull=True)
    for alert in alerts.select_related("office"):
        actor = step.actor or office_heads(office=alert.office).order_by("pk").first()
        risk.alert_acknowledge(alert=alert, actor=actor)


def _plan_start(run: Run, step: Step) -> None:
    alert = RiskAlert.objects.filter(petition=run.petition).order_by("-pk").first()
    template = EmergencyPlanTemplate.objects.filter(is_active=True, office=None).order_by("pk")
    run.plan = risk.emergency_plan_start(alert=alert, template=template.first(), actor=step.actor)


def _plan_step(run: Run, step: Step) -> None:
    plan_step = EmergencyPlanStep.objects.get(plan=run.plan, position=step.args["position"])
    actor = step.actor or plan_step.owner
    risk.plan_step_complete(step=plan_step, actor=actor, note=step.args.get("note", ""))


def _plan_close(run: Run, step: Step) -> None:
    if run.plan.status == PlanStatus.ACTIVE:
        risk.plan_close(plan=run.plan, actor=step.actor, summary=step.args["summary"])


ACTIONS = {
    "route": lambda run, s: handling.petition_route(
        petition=run.petition, to_office=s.args["to"], actor=s.actor, reason=s.args["reason"]
    ),
    "assign": lambda run, s: handling.petition_assign(
        petition=run.petition, assignee=s.args["to"], actor=s.actor, note=s.args.get("note", "")
    ),
    "note": lambda run, s: handling.petition_note_add(
        petition=run.petition, actor=s.actor, text=s.args["text"]
    ),
    "reply": lambda run, s: handling.petition_reply(
        petition=run.petition, actor=s.actor, kind=s.args["kind"], text=s.args["text"]
    ),
    "close": lambda run, s: handling.petition_close(
        petition=run.petition, actor=s.actor, outcome=s.args["outcome"], text=s.args["text"]
    ),
    "message": lambda run, s: handling.petition_citizen_message(
        petition=run.petition, text=s.args["text"]
    ),
    "lead": lambda run, s: setattr(
        run,
        "lead",
        leads.lead_create(
            petition=run.petition, actor=s.actor, kind=s.args["kind"], summary=s.args["summary"]
        ),
    ),
    "lead_close": lambda run, s: leads.lead_close(
        lead=run.lead, actor=s.actor, outcome=s.args["outcome"], note=s.args["note"]
    ),
    "supervise": _supervise,
    "supervise_resolve": lambda run, s: handling.supervision_resolve(
        supervision=run.supervision, actor=s.actor, note=s.args.get("note", "")
    ),
    "raise_risk": _raise_to_high,
    "alerts_ack": _alerts_ack,
    "plan_start": _plan_start,
    "plan_step": _plan_step,
    "plan_close": _plan_close,
}


def script_run(script: Script, *, machine: TimeMachine, now: dt.datetime) -> Run:
    """Submit the petition and play its steps in time order, up to `now`."""
    run = _submit(script, machine)
    for step in sorted(script.steps, key=lambda s: s.at):
        if step.at >= now:
            break
        with machine.at(step.at):
            ACTIONS[step.action](run, step)
    return run
