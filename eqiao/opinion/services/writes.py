"""What the worker writes for a merged batch, in a few statements and without the ORM's
per-row work (model instances, per-value compilation): the posts' labels, the reach of
their originals, new and touched events. `executemany` on SQLite (in-process, cheapest);
one statement per table on PostgreSQL (`UPDATE … FROM (VALUES …)`, a multi-row INSERT)."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from django.db import connection

from eqiao.opinion.models import OpinionEvent, OpinionPost, Severity
from eqiao.opinion.pipeline import Post, Prepared, Result


def execute_many(sql: str, rows: Sequence[Sequence[Any]]) -> None:
    if rows:
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)


def _when(value: dt.datetime | None) -> object:
    """A datetime as the database takes it through a raw cursor."""
    if value is None or connection.vendor == "postgresql":
        return value
    return connection.ops.adapt_datetimefield_value(value)


def _update(table: str, columns: Sequence[tuple[str, str]], rows: list[tuple]) -> None:
    """Set `columns` ((name, PostgreSQL type), the last one the key `id`) of many rows."""
    if not rows:
        return
    names = [name for name, _type in columns]
    if connection.vendor != "postgresql":
        sets = ", ".join(f"{name} = %s" for name in names[:-1])
        execute_many(f"UPDATE {table} SET {sets} WHERE id = %s", rows)
        return
    one = "(" + ", ".join(f"%s::{kind}" for _name, kind in columns) + ")"
    sets = ", ".join(f"{name} = v.{name}" for name in names[:-1])
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} AS p SET {sets} FROM (VALUES {', '.join([one] * len(rows))})"
            f" AS v({', '.join(names)}) WHERE p.id = v.id",
            [value for row in rows for value in row],
        )


def _insert(table: str, columns: Sequence[str], rows: list[tuple]) -> None:
    if not rows:
        return
    head = f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
    one = "(" + ", ".join(["%s"] * len(columns)) + ")"
    if connection.vendor != "postgresql":
        execute_many(head + one, rows)
        return
    with connection.cursor() as cursor:
        cursor.execute(head + ", ".join([one] * len(rows)), [v for row in rows for v in row])


_POST_COLUMNS = (
    ("normalised", "text"),
    ("relevant", "boolean"),
    ("sentiment", "text"),
    ("severity", "text"),
    ("office_id", "bigint"),
    ("reasons", "jsonb"),
    ("dup_of_id", "bigint"),
    ("event_id", "bigint"),
    ("analysed_at", "timestamptz"),
    ("merge_seq", "bigint"),
    ("shingles", "bytea"),
    ("prepared", "jsonb"),  # done with: emptied
    ("id", "bigint"),
)


def posts_write(
    prepared: list[Prepared],
    results: list[Result],
    offices: dict[str, int],
    now: dt.datetime,
    first: int,
) -> None:
    """The batch's labels, numbered in merge order from `first`, and the reach its
    reposts add to their originals."""
    when = _when(now)
    rows = [
        (
            result.text,
            result.relevant,
            result.sentiment,
            result.severity or "",
            offices.get(result.office or ""),
            json.dumps(list(result.reasons), ensure_ascii=False),
            result.dup_of,
            result.event,
            when,
            first + n,
            item.fingerprint.shingles_bytes(),
            None,
            result.id,
        )
        for n, (item, result) in enumerate(zip(prepared, results, strict=True))
    ]
    _update(OpinionPost._meta.db_table, _POST_COLUMNS, rows)
    reach: Counter = Counter(r.dup_of for r in results if r.dup_of is not None)
    execute_many(
        f"UPDATE {OpinionPost._meta.db_table} SET reach = reach + %s WHERE id = %s",
        [(extra, original) for original, extra in reach.items()],
    )


@dataclass
class _Tally:
    posts: int = 0
    negative: int = 0
    major: bool = False
    minor: bool = False
    first: dt.datetime | None = None
    last: dt.datetime | None = None

    def add(self, result: Result, at: dt.datetime | None) -> None:
        self.posts += 1
        self.negative += result.sentiment == "negative"
        self.major |= result.severity == Severity.MAJOR
        self.minor |= result.severity == Severity.MINOR
        if at is not None:
            self.first = at if self.first is None else min(self.first, at)
            self.last = at if self.last is None else max(self.last, at)

    def severity(self, before: str = "") -> str:
        if self.major or before == Severity.MAJOR:
            return Severity.MAJOR
        if self.minor or before == Severity.MINOR:
            return Severity.MINOR
        return ""


_EVENT_COLUMNS = (
    "id",
    "title",
    "office_id",
    "status",
    "severity",
    "first_seen_at",
    "last_seen_at",
    "posts_count",
    "negative_count",
    "reach",
    "risk_level",
    "risk_note",
    "handling_note",
    "summary",
)
_EVENT_TOUCH = (
    ("posts_count", "integer"),
    ("negative_count", "integer"),
    ("reach", "integer"),
    ("severity", "text"),
    ("first_seen_at", "timestamptz"),
    ("last_seen_at", "timestamptz"),
    ("id", "bigint"),
)


def events_write(
    results: list[Result],
    posted: dict[Hashable, dt.datetime | None],
    opened: dict[Hashable, tuple[Post, str | None]],
    offices: dict[str, int],
    now: dt.datetime,
) -> dict[Hashable, int]:
    """Open the batch's new events and add the batch's posts to the events they joined
    (posts, negatives, reach, severity, first and last sight); each event's reach after."""
    from eqiao.opinion.models import EventStatus

    tallies: dict[Hashable, _Tally] = {}
    for result in results:
        if result.event is not None:
            tallies.setdefault(result.event, _Tally()).add(result, posted.get(result.id))
    reach: dict[Hashable, int] = {}
    new_rows = []
    for pk, (post, office) in opened.items():
        tally = tallies.get(pk, _Tally())
        seen = post.posted_at or now
        new_rows.append(
            (
                pk,
                title(post.text),
                offices.get(office or ""),
                EventStatus.NEW.value,
                tally.severity(),
                _when(tally.first or seen),
                _when(tally.last or seen),
                tally.posts,
                tally.negative,
                tally.posts,
                "",
                "",
                "",
                "",
            )
        )
        reach[pk] = tally.posts
    table = OpinionEvent._meta.db_table
    _insert(table, _EVENT_COLUMNS, new_rows)
    touched = [cast(int, pk) for pk in tallies if pk not in opened]
    if not touched:
        return reach
    rows = []
    for pk, count, negative, total, severity, first, last in OpinionEvent.objects.filter(
        pk__in=touched
    ).values_list(
        "pk", "posts_count", "negative_count", "reach", "severity", "first_seen_at", "last_seen_at"
    ):
        tally = tallies[pk]
        reach[pk] = total + tally.posts
        rows.append(
            (
                count + tally.posts,
                negative + tally.negative,
                total + tally.posts,
                tally.severity(severity),
                _when(min(first, tally.first) if tally.first else first),
                _when(max(last, tally.last) if tally.last else last),
                pk,
            )
        )
    _update(table, _EVENT_TOUCH, rows)
    return reach


def title(text: str) -> str:
    flat = " ".join(text.split())
    return flat[:60] + ("…" if len(flat) > 60 else "")
