"""The worker's side of the pipeline: analyse the posts not yet analysed, in batches, with
the same `pipeline.Analyzer` as `eqiao opinion analyze`, and store what it finds: the
post's labels, its original (whose reach grows), its event, and the alerts that follow.

Several worker processes share one state. A batch of the merging worker (see `ahead`:
one worker merges, the others prepare batches ahead for it) goes:

1. catch up: the worker replays every post the other workers merged since its last batch
   (their stored fingerprints, chains, events and hourly counts, in merge order);
2. under the merge lock (the `PipelineState` row, taken BEFORE the claim, so batches merge
   in the order of their posts): claim the oldest pending posts, take the judgements a
   preparing worker stored with them or prepare the rest now, replay what was merged
   meanwhile, merge (near-duplicates, repost chains, events, bursts), number the posts in
   merge order and write everything in a few statements (`writes`), then the alerts.

So either worker finds the other's originals and events: the state a worker holds is the
database's history replayed in one order, and a repost never merges before its original.
A new process warms its state from the last days' merged posts; a changed watch-list
rebuilds it; a failed batch forgets it (the next batch warms again)."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import IO

from django.db import connection, transaction
from django.utils import timezone

from eqiao.offices.models import Procuratorate
from eqiao.opinion.dedup import WINDOW as REPOST_WINDOW
from eqiao.opinion.models import (
    OpinionEvent,
    OpinionPost,
    PipelineState,
    Severity,
    Source,
)
from eqiao.opinion.pipeline import Analyzer, Post, Prepared
from eqiao.opinion.services.ahead import (
    claim,
    is_merger,
    merger_release,
    prepare_ahead,
    prepared_of,
)
from eqiao.opinion.services.terms import terms_current
from eqiao.opinion.services.writes import events_write, posts_write

BATCH = 1000  # (fewer round trips per post; the merge lock is held about a second)
WARM_DAYS = 7
WARM_POSTS = REPOST_WINDOW  # the state a running worker keeps


@dataclass
class Worker:
    """One worker process's copy of the shared state: the analyser and the merge sequence
    number up to which it has seen the database's history."""

    analyzer: Analyzer | None = None
    fingerprint: tuple | None = None
    seq: int = 0
    stats: Counter = field(default_factory=Counter)
    merger_connection: int | None = None  # PostgreSQL: the role's advisory lock
    merger_file: IO[bytes] | None = None  # SQLite: the role's locked file


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
        merger_release(worker)
        raise
    if done < batch:
        merger_release(worker)  # the queue is drained: another worker may merge next time
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
    if not is_merger(worker):
        done = prepare_ahead(analyzer, batch, codes)
        clock("prepare_ahead")
        if done:
            worker.stats["prepared_ahead"] += done
            return done
        if not is_merger(worker):
            return 0  # the merging worker is at work and takes the rest
    postgres = connection.vendor == "postgresql"
    posts: list[Post] = []
    prepared: list[Prepared] = []
    if not postgres:
        # SQLite: only the merging worker claims (its role's file lock), so it claims and
        # prepares before it takes the database's one write lock, held for the merge only.
        posts, prepared = _claimed(analyzer, batch, codes)
        clock("claim")
        if not posts:
            return 0
    elif not OpinionPost.objects.filter(analysed_at__isnull=True).exists():
        return 0
    # Catch up with what the other workers have committed before queueing for the lock
    # (the replay runs beside their merges), then with the rest under it.
    committed = PipelineState.objects.values_list("seq", flat=True).filter(pk=1).first()
    if committed is not None and committed >= worker.seq:
        _replay(worker, analyzer, committed, office_names, codes)
    clock("replay")
    with transaction.atomic():
        # The merge lock before the claim: batches merge in the order they are claimed,
        # oldest first, so a repost never merges before its original (whichever worker
        # prepared either).
        seq = _merge_lock()
        clock("lock_wait")
        if postgres:
            posts, prepared = _claimed(analyzer, batch, codes)
        else:  # the posts another merging worker took meanwhile (none with the role)
            still = set(
                OpinionPost.objects.filter(
                    pk__in=[p.id for p in posts], analysed_at__isnull=True
                ).values_list("pk", flat=True)
            )
            prepared = [item for item in prepared if item.post.id in still]
            posts = [item.post for item in prepared]
        clock("claim")
        if not posts:
            return 0
        if seq < worker.seq:  # the history was reset under us (a flushed database)
            worker.analyzer = analyzer = Analyzer(terms, judge_irrelevant=False)
            worker.seq = 0
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


def _claimed(
    analyzer: Analyzer, batch: int, codes: dict[int, str]
) -> tuple[list[Post], list[Prepared]]:
    """The batch claimed, prepared (by another worker ahead, or now)."""
    pending = claim(batch)
    posts = [Post(pk, codes[source], text, at) for pk, source, text, at, *_r in pending]
    return posts, prepared_of(analyzer, posts, pending)


class _Clock:
    """Seconds spent in each step, added to the worker's stats as `s_<step>`."""

    def __init__(self, stats: Counter[str]) -> None:
        self.stats: Counter[str] = stats
        self.last = time.perf_counter()

    def __call__(self, step: str) -> None:
        now = time.perf_counter()
        self.stats[f"s_{step}"] += now - self.last  # type: ignore[assignment]
        self.last = now
