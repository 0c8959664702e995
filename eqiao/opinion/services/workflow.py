"""An event's handling (研判 → 处置 → 引导 → 总结): each step in order, by a person who
holds `opinion.analyse` for the event's office, timed and audited."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eqiao.core.audit import audit_log
from eqiao.core.errors import ApplicationError
from eqiao.offices.capabilities import require
from eqiao.offices.models import Procuratorate, Staff
from eqiao.opinion.models import EventStatus, OpinionEvent, RiskLevel

CAPABILITY = "opinion.analyse"


def _check(actor: Staff, event: OpinionEvent, allowed: tuple[str, ...]) -> None:
    require(actor, CAPABILITY, event.office)
    if event.status not in allowed:
        raise ApplicationError(
            _("事件当前状态为“%(status)s”，不能进行这一步。")
            % {"status": event.get_status_display()}
        )


def event_assess(
    *, actor: Staff, event: OpinionEvent, risk_level: str, risk_note: str
) -> OpinionEvent:
    """研判: the risk level and the analyst's note."""
    _check(actor, event, (EventStatus.NEW, EventStatus.ASSESSED))
    if risk_level not in RiskLevel.values:
        raise ApplicationError(_("请选择风险等级。"), field="risk_level")
    if not risk_note.strip():
        raise ApplicationError(_("请填写研判意见。"), field="risk_note")
    event.risk_level, event.risk_note = risk_level, risk_note.strip()
    event.assessed_at, event.assessed_by = timezone.now(), actor
    event.status = EventStatus.ASSESSED
    event.save()
    audit_log(
        actor=actor.user,
        action="opinion.event_assess",
        target=event,
        detail={"risk_level": risk_level},
    )
    return event


def event_handle(
    *,
    actor: Staff,
    event: OpinionEvent,
    office: Procuratorate,
    note: str,
    petition=None,
    case=None,
) -> OpinionEvent:
    """处置: the office concerned takes it; a petition or case it concerns is linked."""
    _check(actor, event, (EventStatus.ASSESSED, EventStatus.HANDLING))
    if not office.is_within(actor.office) and not actor.office.is_within(office):
        require(actor, CAPABILITY, office)
    if not note.strip():
        raise ApplicationError(_("请填写处置意见。"), field="note")
    event.office = office
    event.handling_note = note.strip()
    event.petition = petition
    event.case = case
    event.handled_at, event.handled_by = timezone.now(), actor
    event.status = EventStatus.HANDLING
    event.save()
    audit_log(
        actor=actor.user,
        action="opinion.event_handle",
        target=event,
        detail={
            "office": office.pk,
            "petition": getattr(petition, "pk", None),
            "case": getattr(case, "pk", None),
        },
    )
    return event


def event_guide(*, actor: Staff, event: OpinionEvent, title: str, body: str) -> OpinionEvent:
    """引导: a public response drafted as an article, which then goes through the
    publishing review like any other (the drafting needs the editor's `article.edit`)."""
    from eqiao.publishing.services.articles import ArticleInput, article_create

    _check(actor, event, (EventStatus.HANDLING,))
    if not title.strip() or not body.strip():
        raise ApplicationError(_("请填写回应稿件的标题和正文。"))
    office = event.office or actor.office
    with transaction.atomic():
        paragraphs = "".join(f"<p>{line}</p>" for line in _escape(body).splitlines() if line)
        article = article_create(
            actor=actor,
            office=office,
            data=ArticleInput(kind="announcement", title=title.strip(), body_html=paragraphs),
        )
        event.article = article
        event.guided_at, event.guided_by = timezone.now(), actor
        event.status = EventStatus.GUIDING
        event.save()
        audit_log(
            actor=actor.user,
            action="opinion.event_guide",
            target=event,
            detail={"article": article.pk},
        )
    return event


def _escape(text: str) -> str:
    from django.utils.html import escape

    return escape(text)


def event_close(*, actor: Staff, event: OpinionEvent, summary: str) -> OpinionEvent:
    """总结: closed with a summary (from any step once assessed)."""
    _check(actor, event, (EventStatus.ASSESSED, EventStatus.HANDLING, EventStatus.GUIDING))
    if not summary.strip():
        raise ApplicationError(_("请填写总结。"), field="summary")
    event.summary = summary.strip()
    event.closed_at, event.closed_by = timezone.now(), actor
    event.status = EventStatus.CLOSED
    event.save()
    audit_log(actor=actor.user, action="opinion.event_close", target=event)
    return event
