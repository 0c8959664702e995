"""Supervision (督办): an upper office sets a deadline on a lower office's handling of a
petition and follows it until it resolves the supervision."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from eqiao.core.audit import audit_log
from eqiao.core.errors import ApplicationError, PermissionDeniedError
from eqiao.intake.models import EventKind, Petition, PetitionEvent, Supervision
from eqiao.intake.services.common import (
    lock_petition,
    notify,
    require_open,
    site_text,
    text_clean,
)
from eqiao.offices.capabilities import require
from eqiao.offices.models import Staff
from eqiao.offices.selectors import office_heads

MAX_INSTRUCTION = 2000


@transaction.atomic
def petition_supervise(
    *, petition: Petition, actor: Staff, deadline: dt.date, instruction: str
) -> Supervision:
    """Supervise a petition held by an office strictly below the actor's (督办). Creates the
    supervision, records it in the (internal) history and tells the handling office's heads."""
    locked = lock_petition(petition)
    require(actor, "petition.supervise", locked.office)
    if locked.office_id == actor.office_id:
        raise PermissionDeniedError(_("只有上级单位可以督办本单位以下的信访件。"))
    require_open(locked)
    if not isinstance(deadline, dt.date) or deadline < timezone.localdate():
        raise ApplicationError(_("督办期限不能早于今天。"), field="deadline")
    instruction = text_clean(
        instruction,
        field="instruction",
        label=_("督办意见"),
        max_chars=MAX_INSTRUCTION,
        min_chars=1,
    )
    supervision = Supervision.objects.create(
        petition=locked,
        by_office=actor.office,
        by_staff=actor,
        deadline=deadline,
        instruction=instruction,
    )
    PetitionEvent.objects.create(
        petition=locked,
        kind=EventKind.SUPERVISED,
        actor=actor,
        from_office=actor.office,
        to_office=locked.office,
        text=instruction,
        data={"supervision": supervision.pk, "deadline": deadline.isoformat()},
    )
    audit_log(
        actor=actor.user,
        action="petition.supervise",
        target=locked,
        detail={"supervision": supervision.pk, "deadline": deadline.isoformat()},
    )
    notify(
        recipients=office_heads(office=locked.office),
        level="warning",
        text=site_text(
            gettext_noop("%(by)s督办信访件%(number)s，期限%(deadline)s：%(instruction)s"),
            by=actor.office.short_name,
            number=locked.tracking_number,
            deadline=deadline.isoformat(),
            instruction=instruction[:100],
        ),
        target_kind="petition",
        target_id=locked.pk,
    )
    return supervision


@transaction.atomic
def supervision_resolve(*, supervision: Supervision, actor: Staff, note: str = "") -> Supervision:
    """The supervising office (or one above it) declares the supervision satisfied."""
    locked = (
        Supervision.objects.select_for_update(of=("self",))
        .select_related("by_office", "petition")
        .get(pk=supervision.pk)
    )
    require(actor, "petition.supervise", locked.by_office)
    if locked.resolved_at is not None:
        raise ApplicationError(_("该督办已经办结。"))
    note = text_clean(note, field="note", label=_("办结意见"), max_chars=MAX_INSTRUCTION)
    locked.resolved_at = timezone.now()
    locked.save(update_fields=["resolved_at"])
    PetitionEvent.objects.create(
        petition=locked.petition,
        kind=EventKind.SUPERVISED,
        actor=actor,
        text=note or site_text(gettext_noop("督办事项已办结。")),
        data={"supervision": locked.pk, "resolved": True},
    )
    audit_log(
        actor=actor.user,
        action="supervision.resolve",
        target=locked.petition,
        detail={"supervision": locked.pk},
    )
    supervision.resolved_at = locked.resolved_at
    return locked
