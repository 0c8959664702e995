"""A plain multi-row INSERT for the bulk paths (a campaign's messages and follow-ups).

Django's `bulk_create` builds model instances, compiles every value of every row and, on
SQLite, splits a batch into INSERTs of at most 999 parameters; for a campaign of 100,000
people that cost more than the database did. `rows_insert` sends one statement with
`executemany` on SQLite and one COPY on PostgreSQL instead, and leaves reading the new ids to the caller (by a unique key).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import connection, models


def _prep(field: models.Field, value: object) -> object:
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return str(value)  # a TextChoices member as its plain value
    return field.get_db_prep_save(value, connection)


def rows_insert(model: type[models.Model], rows: Sequence[Mapping[str, object]]) -> None:
    """Write `rows` (each a mapping of field attname → value, every row the same names;
    fields not named take their defaults) into `model`'s table in one executemany. Call in
    the caller's transaction; no signals, no ids returned."""
    if not rows:
        return
    meta = model._meta
    named = set(rows[0])
    fields: list[Any] = [f for f in meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields if f.attname not in named}
    quote = connection.ops.quote_name
    head = f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) "
    one = f"({', '.join(['%s'] * len(fields))})"
    # A value shared by every row (a timestamp, a default) is prepared once.
    shared: dict[str, tuple[object, object]] = {}
    values: list[list[Any]] = []
    for given in rows:
        out: list[Any] = []
        for field in fields:
            value = given[field.attname] if field.attname in named else defaults[field.attname]
            cached = shared.get(field.attname)
            if cached is not None and cached[0] is value:
                out.append(cached[1])
                continue
            prepared = _prep(field, value)
            shared[field.attname] = (value, prepared)
            out.append(prepared)
        values.append(out)
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.executemany(f"{head}VALUES {one}", values)  # SQLite: in-process, cheapest
            return
        # PostgreSQL: COPY, one stream for the whole batch (a statement per row, or one
        # of thousands of placeholders split and quoted client-side, cost far more).
        columns = ", ".join(quote(f.column) for f in fields)
        copy_sql = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN"
        # The driver's own cursor: its errors made Django's (IntegrityError) by hand.
        with connection.wrap_database_errors, cursor.cursor.copy(copy_sql) as copy:
            for out in values:
                copy.write_row(out)
