"""Leads (线索): clues found in a petition — usually a report — tracked to their outcome
(e.g. supervised withdrawal 监督撤案), which the statistics count."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from eqiao.core.audit import audit_log
from eqiao.core.errors import ApplicationError
from eqiao.intake.models import (
    EventKind,
    Lead,
    LeadKind,
    LeadOutcome,
    LeadStatus,
    Petition,
    PetitionEvent,
)
from eqiao.intake.services.common import (
    lock_petition,
    site_text,
    text_clean,
)
from eqiao.offices.capabilities import require
from eqiao.offices.models import Staff


@transaction.atomic
def lead_create(*, petition: Petition, actor: Staff, kind: str, summary: str) -> Lead:
    """Record a lead found in the petition; it belongs to the petition's handling office."""
    if kind not in LeadKind.values:
        raise ApplicationError(_("请选择线索类别。"), field="kind")
    locked = lock_petition(petition)
    require(actor, "lead.manage", locked.office)
    summary = text_clean(summary, field="summary", label=_("线索摘要"), max_chars=2000, min_chars=1)
    lead = Lead.objects.create(
        petition=locked, office=locked.office, kind=kind, summary=summary, created_by=actor
    )
    PetitionEvent.objects.create(
        petition=locked,
        kind=EventKind.NOTE,
        actor=actor,
        text=site_text(
            gettext_noop("登记%(kind)s：%(summary)s"), kind=LeadKind(kind).label, summary=summary
        ),
        data={"lead": lead.pk},
    )
    audit_log(actor=actor.user, action="lead.create", target=lead, detail={"petition": locked.pk})
    return lead


@transaction.atomic
def lead_close(*, lead: Lead, actor: Staff, outcome: str, note: str) -> Lead:
    """Close the lead with its outcome (监督撤案, 立案侦查, 查无实据, …)."""
    if outcome not in LeadOutcome.values:
        raise ApplicationError(_("请选择线索的办理结果。"), field="outcome")
    locked = (
        Lead.objects.select_for_update(of=("self",))
        .select_related("office", "petition")
        .get(pk=lead.pk)
    )
    require(actor, "lead.manage", locked.office)
    if locked.status == LeadStatus.CLOSED:
        raise ApplicationError(_("该线索已经办结。"))
    note = text_clean(note, field="note", label=_("结果说明"), max_chars=2000)
    locked.status = LeadStatus.CLOSED
    locked.outcome = outcome
    locked.outcome_note = note
    locked.closed_at = timezone.now()
    locked.save(update_fields=["status", "outcome", "outcome_note", "closed_at"])
    PetitionEvent.objects.create(
        petition=locked.petition,
        kind=EventKind.NOTE,
        actor=actor,
        text=site_text(gettext_noop("线索办结：%(outcome)s"), outcome=LeadOutcome(outcome).label),
        data={"lead": locked.pk, "outcome": outcome},
    )
    audit_log(actor=actor.user, action="lead.close", target=locked, detail={"outcome": outcome})
    lead.status, lead.outcome, lead.outcome_note, lead.closed_at = (
        locked.status,
        locked.outcome,
        locked.outcome_note,
        locked.closed_at,
    )
    return lead
