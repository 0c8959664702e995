"""The acceptance's second half, in the worker (`intake.tasks.petition_accepted_task`): the
text engine's reading (category, risk), the alert for a high-risk petition, the receipt's
release to delivery.

Petitions come in floods (a kiosk queue, a campaign), so the worker takes them in batches:
the task it claimed brings along the other acceptance tasks waiting behind it
(`intake.tasks`), and `petitions_accepted_process` reads every text before its transaction
opens, then writes the readings, raises the alerts, releases the receipts (one delivery
task for all of them) and marks the tasks done in one transaction. Should the worker die
on the way, the transaction rolls back and every task is still waiting."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

from django.db import transaction

from eqiao.channels.services import messages_release
from eqiao.intake.models import Petition, RiskLevel
from eqiao.intake.services.common import risk_max
from eqiao.intake.services.reading import text_read
from eqiao.intake.services.risk import risk_alert_raise

# What the worker's half writes on the petition.
READ_FIELDS = ["risk_level", "risk_reasons", "category_suggested", "region_detected"]


def petition_accepted_process(*, petition_id: int, receipt_id: int | None = None) -> str:
    """The acceptance's second half for one petition: read the text with the engine,
    record the suggested category and the risk, raise the alert for a high-risk petition
    (the office heads are told in the app and by SMS), and release the receipt SMS to
    delivery. Safe to run twice: the risk only rises (a level a person set is never
    lowered), a suggestion already there is kept, the open alert is merged rather than
    raised again, and the receipt is released once. Returns the petition's risk level (""
    when the petition no longer exists)."""
    return petitions_accepted_process([(petition_id, receipt_id)])[petition_id]


def petitions_accepted_process(
    items: Sequence[tuple[int, int | None]],
    *,
    claim: Callable[[], Collection[int]] | None = None,
    finish: Callable[[dict[int, str]], object] | None = None,
) -> dict[int, str]:
    """`petition_accepted_process` for many (petition id, receipt id) pairs at once: the
    texts read in one query and analysed before the transaction opens, then one
    transaction for every write. Inside it, `claim()` first names the petitions this
    transaction may take (the caller locks its task rows; the others are left alone), and
    `finish(levels)` runs last (the caller marks those rows done). Returns each petition's
    risk level ("" when gone or not taken)."""
    ids = [petition_id for petition_id, _receipt in items]
    texts = Petition.objects.filter(pk__in=ids).values_list("pk", "title", "content")
    analyses = {pk: text_read(f"{title}\n{content}") for pk, title, content in texts}
    levels = dict.fromkeys(ids, "")
    with transaction.atomic():
        if claim is not None:
            taken = set(claim())
            items = [item for item in items if item[0] in taken]
        petitions = (
            Petition.objects.select_for_update()
            .select_related("office")
            .in_bulk([pk for pk, _receipt in items if pk in analyses])
        )
        read = sorted(petitions.items())
        for pk, petition in read:
            levels[pk] = _reading_apply(petition, analyses[pk])
        # One UPDATE for the batch (Petition has no save signal this would skip).
        Petition.objects.bulk_update([petition for _pk, petition in read], READ_FIELDS)
        for pk, petition in read:
            if analyses[pk].risk == RiskLevel.HIGH:
                risk_alert_raise(
                    petition=petition,
                    level=analyses[pk].risk,
                    reasons=list(analyses[pk].reasons),
                    excerpt=petition.content,
                )
        messages_release(
            message_ids=[receipt for pk, receipt in items if receipt and pk in petitions]
        )
        if finish is not None:
            finish(levels)
    return levels


def _reading_apply(petition: Petition, analysis) -> str:
    """Set the engine's reading on `petition` (locked; saved by the caller): the risk only
    rises, a suggestion already there is kept. Returns the risk level."""
    level = risk_max(petition.risk_level, analysis.risk)
    reasons = [*petition.risk_reasons]
    reasons += [r for r in analysis.reasons if r not in reasons]
    petition.risk_level, petition.risk_reasons = level, reasons
    petition.category_suggested = petition.category_suggested or analysis.category
    petition.region_detected = petition.region_detected or analysis.region or ""
    return level
