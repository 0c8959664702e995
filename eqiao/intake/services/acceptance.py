"""The acceptance's second half, in the worker (`intake.tasks.petition_accepted_task`): the
text engine's reading (category, risk), the alert for a high-risk petition, the receipt's
release to delivery.

Petitions come in floods (a kiosk queue, a campaign), so the worker takes them in batches:
one task takes every petition still marked `reading_pending` (`intake.tasks`), and `petitions_accepted_process` reads every text before its transaction
opens, then writes the readings (and clears the mark), raises the alerts (`risk_alerts_raise`) and releases the
receipts (one delivery task for all of them) in one transaction. Should the worker die on
the way, the transaction rolls back and the petitions are still marked (a scheduled sweep
queues the task again)."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any

from django.db import connection, transaction

from eqiao.channels.services import deliveries_gathered, messages_release
from eqiao.intake.models import Petition, RiskLevel
from eqiao.intake.services.common import risk_max
from eqiao.intake.services.reading import text_read
from eqiao.intake.services.risk import AlertRaise, risk_alerts_raise

# What the worker's half writes on the petition.
READ_FIELDS = ["risk_level", "risk_reasons", "category_suggested", "region_detected"]
# What the batch reads of each petition it locks: the reading's fields and what an alert
# names (the rest of the row, the encrypted identity number among them, is not decoded).
_BATCH_FIELDS = ["tracking_number", "office", "content", "reading_pending", *READ_FIELDS]


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
            .only(*_BATCH_FIELDS)
            .in_bulk([pk for pk, _receipt in items if pk in analyses])
        )
        read = sorted(petitions.items())
        for pk, petition in read:
            levels[pk] = _reading_apply(petition, analyses[pk])
        _readings_write([petition for _pk, petition in read])
        # The alerts' SMS to the office heads and the receipts: one delivery task for all.
        with deliveries_gathered():
            risk_alerts_raise(
                [
                    AlertRaise(
                        petition=petition,
                        level=analyses[pk].risk,
                        reasons=list(analyses[pk].reasons),
                        excerpt=petition.content,
                    )
                    for pk, petition in read
                    if analyses[pk].risk == RiskLevel.HIGH
                ]
            )
            messages_release(
                message_ids=[receipt for pk, receipt in items if receipt and pk in petitions]
            )
        if finish is not None:
            finish(levels)
    return levels


def _readings_write(petitions: Sequence[Petition]) -> None:
    """Store READ_FIELDS of each (locked) petition, and that its reading is done: one UPDATE statement, prepared once and
    run for every petition of the batch (`executemany`), as `bulk_update` would write them
    (the fields' values converted for the database, no signal: Petition has no save signal
    this would skip) — its CASE expression for each field and petition cost more to build
    than the UPDATE costs to run, inside the transaction that on SQLite holds the write lock."""
    if not petitions:
        return
    names = [*READ_FIELDS, "reading_pending"]
    fields: list[Any] = [Petition._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    sets = ", ".join(f"{quote(str(field.column))} = %s" for field in fields)
    pk = quote(str(Petition._meta.pk.column))  # type: ignore[union-attr]
    sql = f"UPDATE {quote(Petition._meta.db_table)} SET {sets} WHERE {pk} = %s"
    rows = [
        [field.get_db_prep_save(getattr(petition, field.attname), connection) for field in fields]
        + [petition.pk]
        for petition in petitions
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _reading_apply(petition: Petition, analysis) -> str:
    """Set the engine's reading on `petition` (locked; saved by the caller): the risk only
    rises, a suggestion already there is kept. Returns the risk level."""
    level = risk_max(petition.risk_level, analysis.risk)
    reasons = [*petition.risk_reasons]
    reasons += [r for r in analysis.reasons if r not in reasons]
    petition.risk_level, petition.risk_reasons = level, reasons
    petition.category_suggested = petition.category_suggested or analysis.category
    petition.region_detected = petition.region_detected or analysis.region or ""
    petition.reading_pending = False
    return level
