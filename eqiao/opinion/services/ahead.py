"""How worker processes divide the work: one merges (the ordered part, under the merge
lock), the others prepare the next batches ahead for it (the stateless part: normalising,
relevance, sentiment, severity cues, fingerprints) and store them with the posts
(`prepared`, `shingles`).

- The merging role: on PostgreSQL the session advisory lock MERGER_LOCK, on SQLite an
  exclusive `flock` on a file beside the database (an in-memory database: every worker
  merges). Held from a worker's first batch until a call finds less than a full batch
  pending (or fails);
  only a role, the merge itself is guarded by the merge lock.
- The merging worker claims the oldest pending posts, whoever prepared them: on
  PostgreSQL it waits for a preparing worker's row locks rather than skipping them, so
  batches merge in the order of the posts (a repost after its original).
- A preparing worker takes the oldest posts nobody prepared nor claimed (PostgreSQL:
  `FOR UPDATE SKIP LOCKED`; SQLite, which has no row locks: past the merging worker's
  likely batch) and writes its judgements only for posts still pending."""

from __future__ import annotations

import fcntl
import json
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

from django.db import connection, transaction

from eqiao.opinion.models import OpinionPost
from eqiao.opinion.pipeline import Analyzer, Post, Prepared

if TYPE_CHECKING:
    from collections.abc import Callable, Hashable

    from eqiao.opinion.services.process import Worker

# PostgreSQL advisory lock held, for its connection's life, by the worker that merges.
MERGER_LOCK = 0x4F50494E
_FIELDS = ("pk", "source_id", "text", "posted_at", "prepared", "shingles")


def _merger_file() -> Path | None:
    name = str(connection.settings_dict["NAME"])
    if name in ("", ":memory:") or name.startswith("file:") or "mode=memory" in name:
        return None
    return Path(f"{name}.merger")


def is_merger(worker: Worker) -> bool:
    """Whether this worker merges (taking the role when nobody holds it)."""
    if connection.vendor != "postgresql":
        if worker.merger_file is not None:
            return True
        path = _merger_file()
        if path is None:
            return True
        handle: IO[bytes] = path.open("ab")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        worker.merger_file = handle
        return True
    connection.ensure_connection()
    ident = id(connection.connection)
    if worker.merger_connection == ident:
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [MERGER_LOCK])
        held = bool(cursor.fetchone()[0])
    worker.merger_connection = ident if held else None
    return held


def merger_release(worker: Worker) -> None:
    if worker.merger_file is not None:
        worker.merger_file.close()  # releases the flock
        worker.merger_file = None
    if worker.merger_connection is None:
        return
    worker.merger_connection = None
    if connection.vendor == "postgresql" and connection.connection is not None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock_all()")
        except Exception:  # noqa: BLE001 - a broken connection has released it already
            pass


def claim(batch: int) -> list[tuple]:
    """The merging worker's batch (in its transaction, under the merge lock): the oldest
    pending posts, as `_FIELDS`."""
    pending = OpinionPost.objects.filter(analysed_at__isnull=True).order_by("posted_at", "pk")
    if connection.vendor == "postgresql":
        pending = pending.select_for_update()  # waits for a preparing worker's rows
    return list(pending.values_list(*_FIELDS)[:batch])


def prepare_ahead(
    analyzer: Analyzer,
    batch: int,
    codes: dict[int, str],
    pause: Callable[[], None] | None = None,
) -> int:
    """A worker that does not merge: prepare the oldest batch nobody prepared nor claimed
    and store it with the posts; 0 when there is none. `pause`: called between preparing
    and storing (tests)."""
    table = OpinionPost._meta.db_table
    unprepared = OpinionPost.objects.filter(
        analysed_at__isnull=True, prepared__isnull=True
    ).order_by("posted_at", "pk")
    fields = ("pk", "source_id", "text", "posted_at")
    if connection.vendor != "postgresql":
        # No row locks: skip the batch the merging worker most likely holds (the oldest
        # pending posts, prepared or not), take the next unprepared ones.
        skip = OpinionPost.objects.filter(analysed_at__isnull=True).order_by("posted_at", "pk")
        held = set(skip.values_list("pk", flat=True)[:batch])
        found = [r for r in unprepared.values_list(*fields)[: 2 * batch] if r[0] not in held]
        rows = _prepare(analyzer, found[:batch], codes)
        if pause is not None:
            pause()
        with transaction.atomic():
            from eqiao.opinion.services.writes import execute_many

            execute_many(
                f"UPDATE {table} SET prepared = %s, shingles = %s"
                " WHERE id = %s AND analysed_at IS NULL",
                rows,
            )
        return len(rows)
    with transaction.atomic():
        found = list(unprepared.select_for_update(skip_locked=True).values_list(*fields)[:batch])
        rows = _prepare(analyzer, found, codes)
        if pause is not None:
            pause()
        if rows:
            values = ", ".join(["(%s::jsonb, %s::bytea, %s::bigint)"] * len(rows))
            with connection.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} AS p SET prepared = v.prepared, shingles = v.shingles"
                    f" FROM (VALUES {values}) AS v(prepared, shingles, id) WHERE p.id = v.id",
                    [cast(Any, value) for row in rows for value in row],
                )
    return len(rows)


def _prepare(
    analyzer: Analyzer, found: list[tuple], codes: dict[int, str]
) -> list[tuple[str, bytes, Hashable]]:
    posts = [Post(pk, codes[source], text, at) for pk, source, text, at in found]
    return [
        (json.dumps(p.stored(), ensure_ascii=False), p.fingerprint.shingles_bytes(), p.post.id)
        for p in analyzer.prepare_many(posts)
    ]


def prepared_of(analyzer: Analyzer, posts: list[Post], rows: list[tuple]) -> list[Prepared]:
    """The batch's prepared posts: those another worker prepared ahead, the rest now."""
    ahead = [i for i, row in enumerate(rows) if row[4] is not None and row[5] is not None]
    out: list[Prepared | None] = [None] * len(posts)
    prints = analyzer.index.from_bytes([rows[i][5] for i in ahead])
    for i, fingerprint in zip(ahead, prints, strict=True):
        out[i] = Prepared.from_stored(posts[i], rows[i][4], fingerprint)
    rest = [i for i in range(len(posts)) if out[i] is None]
    for i, item in zip(rest, analyzer.prepare_many([posts[i] for i in rest]), strict=True):
        out[i] = item
    return out  # type: ignore[return-value]
