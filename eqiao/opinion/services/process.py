"""The worker's side of the pipeline: analyse the posts not yet analysed, in batches, with
the same `pipeline.Analyzer` as `eqiao opinion analyze`, and store what it finds: the
post's labels, its original (whose reach grows), its event, and the alerts that follow.

Several worker processes share one state. A batch goes through two steps:

1. claim and prepare: the oldest pending posts are claimed (`SELECT … FOR UPDATE SKIP
   LOCKED` on PostgreSQL, so two workers take different posts; SQLite's write transactions
   run one at a time) and their stateless part runs (normalising, relevance, sentiment,
   severity cues, near-duplicate fingerprints);
2. merge, under the merge lock (the `PipelineState` row): the worker first replays every
   post the other workers merged since its last batch (their stored fingerprints, chains,
   events and hourly counts, in merge order; most of it before queueing for the lock),
   then merges its batch (near-duplicates, repost chains, events, bursts), numbers the
   posts in merge order and writes everything in a few statements (posts, reach of
   originals, new and touched events), then the alerts.

So either worker finds the other's originals and events: the state a worker holds is the
database's history replayed in one order. On PostgreSQL the workers also divide the work:
the one holding MERGER_LOCK (taken by its first batch, released when a call finds nothing
pending) merges, and the others prepare the next batches ahead and store them with the
posts (`prepared`, `shingles`), which the merging worker claims first; a worker with
nothing left to prepare returns while a merging run is on, and merges itself otherwise.
A new process warms its state from the last days' merged posts; a changed watch-list
rebuilds it; a failed batch forgets it (the next batch warms again)."""

from __future__ import annotations

import datetime as dt
import json
import time
from collections import Counter
from collections.abc import Hashable
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from eqiao.offices.models import Procuratorate
from eqiao.opinion.models import (
    OpinionEvent,
    OpinionPost,
    PipelineState,
    Severity,
    Source,
)
from eqiao.opinion.pipeline import Analyzer, Post, Prepared
from eqiao.opinion.services.terms import terms_current
from eqiao.opinion.services.writes import events_write, posts_write

BATCH = 500
WARM_DAYS = 7
WARM_POSTS = 50_000


@dataclass
class Worker:
    """One worker process's copy of the shared state: the analyser and the merge sequence
    number up to which it has seen the database's history."""

    analyzer: Analyzer | None = None
    fingerprint: tuple | None = None
    seq: int = 0
    stats: Counter = field(default_factory=Counter)
    merger_connection: int | None = None


_worker = Worker()


def analyzer_reset() -> None:
    """Forget this process's state (tests; a changed watch-list does this by itself)."""
    global _worker
    _worker = Worker()


def warm() -> None:
    """Load what the first batch would (the analyser, its models), e.g. when a worker
    process starts."""
    from eqiao.opinion.sentiment import model as sentiment_model

    terms, fingerprint = terms_current()
    if _worker.analyzer is None or _worker.fingerprint != fingerprint:
        _worker.analyzer = Analyzer(terms, judge_irrelevant=False)
        _worker.fingerprint, _worker.seq = fingerprint, 0
    sentiment_model()


def _office_ids() -> dict[str, int]:
    return dict(Procuratorate.objects.values_list("name", "pk"))


def _merge_lock() -> int:
    """Take the merge lock (until the transaction ends); the last sequence number given."""
    state = PipelineState.objects.select_for_update().filter(pk=1).first()
    if state is None:
        last = (
            OpinionPost.objects.filter(merge_seq__isnull=False)
            .order_by("-merge_seq")
            .values_list("merge_seq", flat=True)
            .first()
        )
        PipelineState.objects.bulk_create(
            [PipelineState(pk=1, seq=last or 0)], ignore_conflicts=True
        )
        state = PipelineState.objects.select_for_update().get(pk=1)
    return state.seq


class _EventIds:
    """Primary keys for the events a batch opens, taken before the rows are written (so
    the analyser names events by their final ids): PostgreSQL's sequence, or on SQLite
    (one writer at a time) the next ids after the largest."""

    def __init__(self) -> None:
        self._free: list[int] = []
        self._next: int | None = None

    def take(self) -> int:
        if connection.vendor == "postgresql":
            if not self._free:
                table = OpinionEvent._meta.db_table
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
                        "FROM generate_series(1, 64)",
                        [table],
                    )
                    self._free = [row[0] for row in cursor.fetchall()][::-1]
            return self._free.pop()
        if self._next is None:
            last = OpinionEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
            self._next = (last or 0) + 1
        self._next += 1
        return self._next - 1


def _replay(
    worker: Worker,
    analyzer: Analyzer,
    upto: int,
    offices: dict[int, str],
    codes: dict[int, str],
) -> None:
    """Bring the worker's state up to merge sequence `upto`: the posts merged since its
    last batch, in merge order (a fresh worker: the last days' posts, at most
    WARM_POSTS)."""
    rows = OpinionPost.objects.filter(merge_seq__gt=worker.seq, merge_seq__lte=upto)
    fresh = worker.seq == 0 or upto - worker.seq > WARM_POSTS
    if fresh:
        since = timezone.now() - dt.timedelta(days=WARM_DAYS)
        rows = rows.filter(posted_at__gte=since)
    if upto <= worker.seq:
        return
    fields = (
        "pk",
        "source_id",
        "normalised",
        "normalised",
        "posted_at",
        "relevant",
        "office_id",
        "event_id",
        "sentiment",
        "severity",
        "dup_of_id",
        "shingles",
    )
    if fresh:
        found = list(rows.order_by("-merge_seq").values_list(*fields)[:WARM_POSTS])[::-1]
    else:
        found = list(rows.order_by("merge_seq").values_list(*fields))
    prints = analyzer.index.from_bytes([r[11] for r in found])
    for row, fingerprint in zip(found, prints, strict=True):
        pk, source, text, normalised, at, relevant, office, event, mood, severity, dup = row[:11]
        analyzer.remember(
            Post(pk, codes.get(source, ""), text, at),
            relevant=bool(relevant),
            office=offices.get(office) if office else None,
            event=event,
            sentiment=mood or "neutral",
            major=severity == Severity.MAJOR,
            dup_of=dup,
            fingerprint=fingerprint if row[11] is not None else None,
            normalised=normalised or None,
            burst=True,
        )
    worker.stats["replayed"] += len(found)
    worker.seq = upto


def posts_process(*, batch: int = BATCH, worker: Worker | None = None) -> int:
    """Analyse up to `batch` pending posts, oldest first; the number analysed. `worker`:
    the state to use (default: this process's)."""
    worker = worker or _worker
    try:
        done = _process(worker, batch)
    except BaseException:
        # the in-memory state may hold posts whose rows were rolled back
        worker.analyzer, worker.fingerprint, worker.seq = None, None, 0
        _merger_release(worker)
        raise
    if not done:
        _merger_release(worker)  # nothing pending: another worker may merge next time
    return done


def _process(worker: Worker, batch: int) -> int:
    from eqiao.opinion.services.alerts import alerts_for_batch

    terms, fingerprint = terms_current()
    if worker.analyzer is None or worker.fingerprint != fingerprint:
        worker.analyzer = Analyzer(terms, judge_irrelevant=False)
        worker.fingerprint, worker.seq = fingerprint, 0
    analyzer = worker.analyzer
    office_ids = _office_ids()
    office_names = {pk: name for name, pk in office_ids.items()}
    codes = dict(Source.objects.values_list("pk", "code"))
    clock = _Clock(worker.stats)
    if not _is_merger(worker):
        done = _prepare_ahead(analyzer, batch, codes)
        clock("prepare_ahead")
        if done:
            worker.stats["prepared_ahead"] += done
            return done
        if not _is_merger(worker):
            return 0  # the merging worker is at work and takes the rest
    fields = ("pk", "source_id", "text", "posted_at", "prepared", "shingles")
    with transaction.atomic():
        claim = OpinionPost.objects.filter(analysed_at__isnull=True).order_by("posted_at", "pk")
        if connection.features.has_select_for_update_skip_locked:
            claim = claim.select_for_update(skip_locked=True)
        pending: list[tuple] = []
        if connection.vendor == "postgresql":
            # the batches other workers prepared ahead first (they are the oldest ones
            # nobody had claimed)
            pending = list(claim.filter(prepared__isnull=False).values_list(*fields)[:batch])
        if not pending:
            pending = list(claim.values_list(*fields)[:batch])
        if not pending:
            return 0
        posts = [Post(pk, codes[source], text, at) for pk, source, text, at, *_r in pending]
        clock("claim")
        prepared = _prepared(analyzer, posts, pending)
        clock("prepare")
        # Catch up with what the other workers have committed before queueing for the
        # lock (the replay runs beside their merges), then with the rest under it.
        committed = PipelineState.objects.values_list("seq", flat=True).filter(pk=1).first()
        if committed is not None and committed >= worker.seq:
            _replay(worker, analyzer, committed, office_names, codes)
        clock("replay")

        seq = _merge_lock()
        clock("lock_wait")
        if seq < worker.seq:  # the history was reset under us (a flushed database)
            worker.analyzer = analyzer = Analyzer(terms, judge_irrelevant=False)
            worker.seq = 0
            prepared = analyzer.prepare_many(posts)
        _replay(worker, analyzer, seq, office_names, codes)
        clock("replay_locked")

        now = timezone.now()
        ids = _EventIds()
        opened: dict[Hashable, tuple[Post, str | None]] = {}

        def new_event(post: Post, office: str | None) -> int:
            pk = ids.take()
            opened[pk] = (post, office)
            return pk

        analyzer.event_id_factory = new_event
        try:
            results = [analyzer.merge(p) for p in prepared]
        finally:
            analyzer.event_id_factory = None
        clock("merge")
        first = seq + 1
        worker.seq = seq + len(results)
        PipelineState.objects.filter(pk=1).update(seq=worker.seq, updated_at=now)

        posts_write(prepared, results, office_ids, now, first)
        posted = {p.id: p.posted_at for p in posts}
        clock("write_posts")
        event_reach = events_write(results, posted, opened, office_ids, now)
        clock("write_events")
        alerts_for_batch(
            results=results,
            event_reach=event_reach,
        )
        clock("alerts")
    clock("commit")
    worker.stats["merged"] += len(results)
    return len(results)


class _Clock:
    """Seconds spent in each step, added to the worker's stats as `s_<step>`."""

    def __init__(self, stats: Counter) -> None:
        self.stats, self.last = stats, time.perf_counter()

    def __call__(self, step: str) -> None:
        now = time.perf_counter()
        self.stats[f"s_{step}"] += now - self.last
        self.last = now


# PostgreSQL advisory lock held, for its connection's life, by the worker that merges;
# the others prepare batches ahead for it (see `_prepare_ahead`).
MERGER_LOCK = 0x4F50494E


def _is_merger(worker: Worker) -> bool:
    """Whether this worker merges: it holds MERGER_LOCK from its first batch until a call
    finds nothing pending (or fails). Only a role: the merge itself is guarded by the
    `PipelineState` row lock, so two workers that both think they merge are still
    correct. SQLite: every worker merges (its writers run one at a time)."""
    if connection.vendor != "postgresql":
        return True
    connection.ensure_connection()
    handle = id(connection.connection)
    if worker.merger_connection == handle:
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [MERGER_LOCK])
        held = bool(cursor.fetchone()[0])
    worker.merger_connection = handle if held else None
    return held


def _merger_release(worker: Worker) -> None:
    if worker.merger_connection is None:
        return
    worker.merger_connection = None
    if connection.vendor == "postgresql" and connection.connection is not None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock_all()")
        except Exception:  # noqa: BLE001 - a broken connection has released it already
            pass


def _prepare_ahead(analyzer: Analyzer, batch: int, codes: dict[int, str]) -> int:
    """A worker that does not merge: the stateless part of the oldest batch nobody has
    claimed (the merging worker holds its own batch, which is skipped), stored with the
    posts, which the merging worker then claims; 0 when there is none (the worker then
    merges itself, under the merge lock)."""
    with transaction.atomic():
        pending = list(
            OpinionPost.objects.filter(analysed_at__isnull=True, prepared__isnull=True)
            .order_by("posted_at", "pk")
            .select_for_update(skip_locked=True)
            .values_list("pk", "source_id", "text", "posted_at")[:batch]
        )
        if not pending:
            return 0
        posts = [Post(pk, codes[source], text, at) for pk, source, text, at in pending]
        rows = [
            (json.dumps(p.stored(), ensure_ascii=False), p.fingerprint.shingles_bytes(), p.post.id)
            for p in analyzer.prepare_many(posts)
        ]
        values = ", ".join(["(%s::jsonb, %s::bytea, %s::bigint)"] * len(rows))
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {OpinionPost._meta.db_table} AS p SET prepared = v.prepared,"
                f" shingles = v.shingles FROM (VALUES {values}) AS v(prepared, shingles, id)"
                " WHERE p.id = v.id",
                [value for row in rows for value in row],
            )
    return len(rows)


def _prepared(analyzer: Analyzer, posts: list[Post], rows: list[tuple]) -> list[Prepared]:
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
