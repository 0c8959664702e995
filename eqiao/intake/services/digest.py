"""The daily digest of the statutory clocks: each office head hears, in the app and by SMS,
how many petitions of their subtree are overdue or due soon, and which are most urgent."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from eqiao.channels.services import message_template_render, sms_queue
from eqiao.core.audit import audit_log
from eqiao.core.models import AuditEntry
from eqiao.intake import messages
from eqiao.intake.models import Petition
from eqiao.intake.selectors import clock_conditions
from eqiao.intake.services.common import notify
from eqiao.offices.models import Procuratorate
from eqiao.offices.selectors import office_heads

DIGEST_ACTION = "intake.digest_sent"
URGENT_LISTED = 3


@dataclass(frozen=True)
class DigestSummary:
    overdue: int
    due_soon: int
    urgent_numbers: list[str]

    @property
    def empty(self) -> bool:
        return not (self.overdue or self.due_soon)


def digest_summary(*, office: Procuratorate, today: dt.date) -> DigestSummary:
    """Counts for the office's subtree and the tracking numbers most urgent first (overdue
    by their earliest due date, then those due soon)."""
    clocks = clock_conditions(today)
    qs = Petition.objects.filter(office__path__startswith=office.path)
    order = ("procedural_reply_due", "result_reply_due", "pk")
    overdue = qs.filter(clocks["overdue"]).order_by(*order)
    due_soon = qs.filter(clocks["due_soon"]).order_by(*order)
    numbers = list(overdue.values_list("tracking_number", flat=True)[:URGENT_LISTED])
    if len(numbers) < URGENT_LISTED:
        numbers += list(
            due_soon.values_list("tracking_number", flat=True)[: URGENT_LISTED - len(numbers)]
        )
    return DigestSummary(overdue=overdue.count(), due_soon=due_soon.count(), urgent_numbers=numbers)


def _digest_template(
    office: Procuratorate, today: dt.date, summary: DigestSummary
) -> tuple[str, dict[str, object]]:
    """The SMS template and its parameters; the in-app notification says the same."""
    params: dict[str, object] = {
        "date": today.strftime("%m月%d日"),
        "office": office.short_name,
        "overdue": summary.overdue,
        "soon": summary.due_soon,
    }
    if not summary.urgent_numbers:
        return messages.DIGEST, params
    return messages.DIGEST_URGENT, {**params, "numbers": "、".join(summary.urgent_numbers)}


@transaction.atomic
def digest_send(*, office: Procuratorate, today: dt.date) -> int:
    """Send the office's heads their digest for `today`: an in-app notification and an SMS.
    Safe to run twice: a day's digest is sent once per office (the office row is locked and
    the sending is recorded in the audit log). Nothing is sent when nothing is due.
    Returns how many heads were told."""
    Procuratorate.objects.select_for_update().filter(pk=office.pk).first()
    already = AuditEntry.objects.filter(
        action=DIGEST_ACTION,
        target_type=office._meta.label_lower,
        target_id=str(office.pk),
        detail__date=today.isoformat(),
    ).exists()
    if already:
        return 0
    summary = digest_summary(office=office, today=today)
    heads = list(office_heads(office=office))
    if summary.empty or not heads:
        return 0
    template, params = _digest_template(office, today, summary)
    text = message_template_render(name=template, params=params).body
    notify(recipients=heads, text=text, target_kind="queue.overdue", level="warning")
    for head in heads:
        if head.mobile:
            sms_queue(
                phone=head.mobile,
                purpose="digest",
                ref=f"digest:{today.isoformat()}",
                idempotency_key=f"digest:{office.pk}:{today.isoformat()}:{head.pk}",
                template=template,
                params=params,
            )
    audit_log(
        actor=None,
        action=DIGEST_ACTION,
        target=office,
        detail={
            "date": today.isoformat(),
            "overdue": summary.overdue,
            "due_soon": summary.due_soon,
            "heads": [h.pk for h in heads],
        },
    )
    return len(heads)
