"""Staff handling a petition (办理): assign, route up or down the tree, notes, replies,
closing, reclassifying; and a citizen's follow-up message.

Every function here runs in one transaction, re-reads the petition under SELECT FOR UPDATE,
checks the actor's capability within their subtree, records a `PetitionEvent` and an audit entry.
Supervision (督办) lives in `supervision.py` and is re-exported here.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from eqiao.channels.services import sms_queue
from eqiao.core.audit import audit_log
from eqiao.core.errors import ApplicationError, PermissionDeniedError
from eqiao.intake import messages
from eqiao.intake.models import (
    CATEGORY_LABELS,
    ClassificationCorrection,
    EventKind,
    Kind,
    Outcome,
    Petition,
    PetitionEvent,
    RiskLevel,
    Status,
    category_choices,
)
from eqiao.intake.services.common import (
    lock_petition,
    notify,
    require_open,
    risk_max,
    site_text,
    sync_back,
    text_clean,
)
from eqiao.intake.services.reading import text_risk
from eqiao.intake.services.risk import risk_alert_raise
from eqiao.intake.services.supervision import petition_supervise, supervision_resolve
from eqiao.offices.capabilities import can, require
from eqiao.offices.models import Procuratorate, Staff
from eqiao.offices.selectors import office_heads

__all__ = [
    "petition_assign",
    "petition_citizen_message",
    "petition_close",
    "petition_note_add",
    "petition_reclassify",
    "petition_reply",
    "petition_route",
    "petition_supervise",
    "supervision_resolve",
]

REPLY_KINDS = {"procedural": EventKind.PROCEDURAL_REPLY, "result": EventKind.RESULT_REPLY}
MAX_STAFF_TEXT = 2000
MAX_CITIZEN_MESSAGE = 2000
# A citizen tapping "send" twice within this window sends one message, not two.
DUPLICATE_MESSAGE_WINDOW = dt.timedelta(minutes=10)


def _event(petition: Petition, kind: str, *, actor: Staff | None, **fields) -> PetitionEvent:
    return PetitionEvent.objects.create(petition=petition, kind=kind, actor=actor, **fields)


@transaction.atomic
def petition_assign(
    *, petition: Petition, assignee: Staff, actor: Staff, note: str = ""
) -> Petition:
    """Give the petition to one staff member of its handling office (交办).

    Receptionists, office heads and administrators assign; a prosecutor may take a petition
    for themselves. The assignee must be active staff of the petition's office."""
    locked = lock_petition(petition)
    require(actor, "petition.handle", locked.office)
    if assignee.pk != actor.pk and not can(actor, "petition.assign", locked.office):
        raise PermissionDeniedError(_("您没有交办权限，只能把信访件交办给自己。"))
    require_open(locked)
    if not assignee.is_active or assignee.office_id != locked.office_id:
        raise ApplicationError(
            _("承办人必须是%(office)s的在岗干警。") % {"office": locked.office.name},
            field="assignee",
        )
    if not can(assignee, "petition.handle", locked.office):
        raise ApplicationError(_("该干警的角色不能承办信访件。"), field="assignee")
    note = text_clean(note, field="note", label=_("交办意见"), max_chars=MAX_STAFF_TEXT)
    previous = locked.assignee
    locked.assignee = assignee
    if locked.status == Status.ACCEPTED:
        locked.status = Status.ASSIGNED
    locked.save(update_fields=["assignee", "status"])
    _event(
        locked,
        EventKind.ASSIGNED,
        actor=actor,
        text=note,
        data={"assignee": assignee.pk, "assignee_name": assignee.full_name},
    )
    audit_log(
        actor=actor.user,
        action="petition.assign",
        target=locked,
        detail={"assignee": assignee.pk, "previous": previous.pk if previous else None},
    )
    if assignee.pk != actor.pk:
        notify(
            recipients=[assignee],
            text=site_text(
                gettext_noop("%(actor)s交办给您信访件%(number)s：%(title)s"),
                actor=actor.full_name,
                number=locked.tracking_number,
                title=locked.title,
            ),
            target_kind="petition",
            target_id=locked.pk,
        )
    sync_back(petition, locked, ["assignee", "status"])
    return locked


@transaction.atomic
def petition_route(
    *, petition: Petition, to_office: Procuratorate, actor: Staff, reason: str
) -> Petition:
    """Hand the petition one step up (to the parent) or down (to a child) the office tree
    (上下级联动). The actor's office must be the petition's office or an ancestor. The
    receiving office starts afresh: no assignee, status back to accepted; the statutory
    clocks keep running from the original acceptance."""
    locked = lock_petition(petition)
    require(actor, "petition.route", locked.office)
    require_open(locked)
    from_office = locked.office
    if to_office.pk not in {from_office.parent_id} | {c.pk for c in from_office.children.all()}:
        raise ApplicationError(
            _("只能转给上一级或下一级单位（%(office)s的上级或派驻检察室）。")
            % {"office": from_office.short_name},
            field="to_office",
        )
    reason = text_clean(
        reason, field="reason", label=_("转办理由"), max_chars=MAX_STAFF_TEXT, min_chars=1
    )
    locked.office = to_office
    locked.assignee = None
    locked.status = Status.ACCEPTED
    locked.save(update_fields=["office", "assignee", "status"])
    _event(
        locked,
        EventKind.ROUTED,
        actor=actor,
        from_office=from_office,
        to_office=to_office,
        public=True,
        text=site_text(gettext_noop("转%(office)s办理。"), office=to_office.name),
        data={
            "reason": reason,
            "direction": "up" if to_office.pk == from_office.parent_id else "down",
        },
    )
    audit_log(
        actor=actor.user,
        action="petition.route",
        target=locked,
        detail={"from": from_office.pk, "to": to_office.pk, "reason": reason},
    )
    notify(
        recipients=office_heads(office=to_office),
        text=site_text(
            gettext_noop("%(from)s转来信访件%(number)s：%(title)s"),
            **{"from": from_office.short_name},
            number=locked.tracking_number,
            title=locked.title,
        ),
        target_kind="petition",
        target_id=locked.pk,
    )
    sync_back(petition, locked, ["office", "assignee", "status"])
    return locked


@transaction.atomic
def petition_note_add(*, petition: Petition, actor: Staff, text: str) -> PetitionEvent:
    """An internal note in the history; never shown to the citizen."""
    locked = lock_petition(petition)
    require(actor, "petition.handle", locked.office)
    text = text_clean(text, field="text", label=_("备注"), max_chars=MAX_STAFF_TEXT, min_chars=1)
    event = _event(locked, EventKind.NOTE, actor=actor, text=text, public=False)
    audit_log(actor=actor.user, action="petition.note", target=locked, detail={"event": event.pk})
    return event


def _reply_sms(petition: Petition) -> None:
    if not petition.phone:
        return
    sms_queue(
        phone=petition.phone,
        purpose="reply",
        ref=petition.tracking_number,
        template=messages.REPLY,
        params={"number": petition.tracking_number},
    )


def _record_reply(locked: Petition, *, actor: Staff, kind: str, text: str) -> PetitionEvent:
    now = timezone.now()
    fields = []
    if locked.procedural_replied_at is None:
        # A result answers the 7-day procedural clock too.
        locked.procedural_replied_at = now
        fields.append("procedural_replied_at")
    if kind == "result" and locked.result_replied_at is None:
        locked.result_replied_at = now
        fields.append("result_replied_at")
    if locked.status in (Status.ACCEPTED, Status.ASSIGNED):
        locked.status = Status.REPLIED
        fields.append("status")
    if fields:
        locked.save(update_fields=fields)
    event = _event(locked, REPLY_KINDS[kind], actor=actor, at=now, text=text, public=True)
    audit_log(
        actor=actor.user, action=f"petition.reply_{kind}", target=locked, detail={"event": event.pk}
    )
    _reply_sms(locked)
    return event


@transaction.atomic
def petition_reply(*, petition: Petition, actor: Staff, kind: str, text: str) -> PetitionEvent:
    """Answer the citizen: a procedural reply (程序性答复, due in 7 working days) or the
    result (结果答复, due in 3 months). The reply is public; the citizen gets an SMS saying
    a reply is waiting, with the tracking number (never the reply itself: an SMS is not
    private enough)."""
    if kind not in REPLY_KINDS:
        raise ApplicationError(_("请选择答复类型（程序性答复或结果答复）。"), field="kind")
    locked = lock_petition(petition)
    require(actor, "petition.reply", locked.office)
    require_open(locked)
    text = text_clean(
        text, field="text", label=_("答复内容"), max_chars=MAX_STAFF_TEXT, min_chars=1
    )
    event = _record_reply(locked, actor=actor, kind=kind, text=text)
    sync_back(petition, locked, ["procedural_replied_at", "result_replied_at", "status"])
    return event


@transaction.atomic
def petition_close(*, petition: Petition, actor: Staff, outcome: str, text: str) -> Petition:
    """Close the petition with an outcome (办结). Needs a result reply: if none was given
    yet, `text` is sent as the result reply; otherwise it is the closing remark."""
    if outcome not in Outcome.values:
        raise ApplicationError(_("请选择办理结果。"), field="outcome")
    locked = lock_petition(petition)
    require(actor, "petition.close", locked.office)
    require_open(locked)
    text = text_clean(text, field="text", label=_("办结说明"), max_chars=MAX_STAFF_TEXT)
    if locked.result_replied_at is None:
        if not text:
            raise ApplicationError(_("办结前需要给群众结果答复，请填写答复内容。"), field="text")
        _record_reply(locked, actor=actor, kind="result", text=text)
    now = timezone.now()
    locked.status = Status.CLOSED
    locked.closed_at = now
    locked.outcome = outcome
    locked.save(update_fields=["status", "closed_at", "outcome"])
    label = Outcome(outcome).label
    _event(
        locked,
        EventKind.CLOSED,
        actor=actor,
        at=now,
        public=True,
        text=site_text(gettext_noop("已办结：%(outcome)s。"), outcome=label),
        data={"outcome": outcome},
    )
    audit_log(actor=actor.user, action="petition.close", target=locked, detail={"outcome": outcome})
    sync_back(
        petition,
        locked,
        ["procedural_replied_at", "result_replied_at", "status", "closed_at", "outcome"],
    )
    return locked


@transaction.atomic
def petition_reclassify(
    *, petition: Petition, actor: Staff, kind: str | None = None, category: str, risk: str
) -> Petition:
    """Correct the kind, the engine's category or the risk level. The correction is stored
    for `eqiao text train`; raising the risk to high raises an alert like the engine would."""
    if kind is not None and kind not in Kind.values:
        raise ApplicationError(_("请选择诉求类别。"), field="kind")
    if risk not in RiskLevel.values:
        raise ApplicationError(_("请选择风险等级。"), field="risk")
    if category not in CATEGORY_LABELS:
        raise ApplicationError(
            _("“%(value)s”不是可选的分类，请从列表中选择：%(choices)s。")
            % {
                "value": str(category)[:20],
                "choices": "、".join(str(label) for _code, label in category_choices()),
            },
            field="category",
        )
    locked = lock_petition(petition)
    require(actor, "petition.handle", locked.office)
    before = {"kind": locked.kind, "category": locked.category_suggested, "risk": locked.risk_level}
    ClassificationCorrection.objects.create(
        petition=locked,
        text=f"{locked.title}\n{locked.content}",
        category=category,
        risk=risk,
        by=actor,
    )
    locked.kind = kind or locked.kind
    locked.category_suggested = category
    raised_to_high = risk == RiskLevel.HIGH and locked.risk_level != RiskLevel.HIGH
    locked.risk_level = risk
    staff_reason = site_text(gettext_noop("干警研判为高风险"))
    if raised_to_high:
        locked.risk_reasons = [*locked.risk_reasons, staff_reason]
    locked.save(update_fields=["kind", "category_suggested", "risk_level", "risk_reasons"])
    after = {"kind": locked.kind, "category": category, "risk": risk}
    _event(locked, EventKind.RECLASSIFIED, actor=actor, data={"before": before, "after": after})
    audit_log(
        actor=actor.user,
        action="petition.reclassify",
        target=locked,
        detail={"before": before, "after": after},
    )
    if raised_to_high:
        risk_alert_raise(
            petition=locked,
            level=RiskLevel.HIGH,
            reasons=[staff_reason],
            excerpt=locked.content,
        )
    sync_back(petition, locked, ["kind", "category_suggested", "risk_level", "risk_reasons"])
    return locked


@transaction.atomic
def petition_citizen_message(*, petition: Petition, text: str) -> PetitionEvent:
    """A citizen's follow-up message (from the portal or an SMS reply), public in the
    history. It is risk-assessed: high risk raises an alert in this same transaction and
    lifts the petition's risk level (never lowers it). The same text sent again within
    minutes is the same message (a double tap), not a second one."""
    text = text_clean(
        text, field="text", label=_("留言内容"), max_chars=MAX_CITIZEN_MESSAGE, min_chars=1
    )
    locked = lock_petition(petition)
    last = (
        locked.events.filter(
            kind=EventKind.CITIZEN_MESSAGE,
            text=text,
            at__gte=timezone.now() - DUPLICATE_MESSAGE_WINDOW,
        )
        .order_by("-at")
        .first()
    )
    if last:
        return last
    level, reasons = text_risk(text)
    event = _event(
        locked,
        EventKind.CITIZEN_MESSAGE,
        actor=None,
        text=text,
        public=True,
        data={"risk": level, "reasons": reasons},
    )
    new_level = risk_max(locked.risk_level, level)
    if new_level != locked.risk_level:
        locked.risk_level = new_level
        locked.risk_reasons = [*locked.risk_reasons, *reasons]
        locked.save(update_fields=["risk_level", "risk_reasons"])
    audit_log(
        actor=None,
        action="petition.citizen_message",
        target=locked,
        detail={"event": event.pk, "risk": level},
    )
    if level == RiskLevel.HIGH:
        risk_alert_raise(petition=locked, level=level, reasons=reasons, excerpt=text)
    if locked.assignee is not None:
        notify(
            recipients=[locked.assignee],
            text=site_text(
                gettext_noop("信访件%(number)s有群众追加留言。"), number=locked.tracking_number
            ),
            target_kind="petition",
            target_id=locked.pk,
        )
    sync_back(petition, locked, ["risk_level", "risk_reasons"])
    return event
