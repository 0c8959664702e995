"""Queries compiled once, run many times: for the few hot public reads whose SQL costs more
to build than to run.

Django compiles a queryset's SQL anew on every evaluation (joins, selected columns, order,
converters); for a read by key that is most of the request's time. `PreparedQuery` builds
the queryset once per database connection and number of values, with sentinel values in
place of the real ones, keeps the SQL and the compiler's column map, and then each run only
substitutes the values, executes, and builds the model objects as Django's ModelIterable
does (deferred columns, `select_related` objects, the database's value converters).

Only for querysets whose sole varying parameters are the values given (filters on them,
constants elsewhere); a query whose compiled SQL depends on something else (the time, a
setting) must not use it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators


def text_sentinel(i: int) -> str:
    return f"\x01eqiao-prepared-{i}\x01"


def number_sentinel(i: int) -> int:
    """For an integer column: a value no constant of a query is."""
    return -7_340_041_000_000 - i


class _Compiled:
    def __init__(self, queryset: QuerySet, sentinels: list[Any]) -> None:
        count = len(sentinels)
        db = queryset.db
        compiler = queryset.query.get_compiler(using=db)
        sql, params = compiler.as_sql()
        index = {(type(s), s): i for i, s in enumerate(sentinels)}
        # Each parameter: the index of the value it takes, or the constant it is.
        self.slots: list[tuple[bool, Any]] = [
            (True, index[(type(p), p)]) if (type(p), p) in index else (False, p) for p in params
        ]
        if sum(1 for is_value, _ in self.slots if is_value) != count:
            raise ValueError("every value must appear exactly once among the parameters")
        self.sql = sql
        self.db = db
        self.compiler = compiler
        klass_info = compiler.klass_info
        self.model: type[Model] = klass_info["model"]
        fields = klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.init_list = [f[0].target.attname for f in compiler.select[self.start : self.end]]
        # (Django 5.2's signature; the stubs already follow a later one.)
        self.populators = get_related_populators(klass_info, compiler.select, db)  # type: ignore[call-arg]

    def run(self, values: Sequence[Any]) -> list[Model]:
        params = [values[slot] if is_value else slot for is_value, slot in self.slots]
        with connections[self.db].cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        objects = []
        for row in self.compiler.results_iter(results=[rows]):
            obj = self.model.from_db(self.db, self.init_list, row[self.start : self.end])
            for populator in self.populators:
                populator.populate(row, obj)
            objects.append(obj)
        return objects


class PreparedQuery:
    """`build(values)` gives the queryset for a list of values; `run(values)` evaluates it
    with the SQL compiled once per thread (each thread has its own connection) and number
    of values. `sentinel(i)`: a stand-in for the i-th value while compiling, of the column's
    type (`text_sentinel`, `number_sentinel`)."""

    def __init__(
        self, build: Callable[[list[Any]], QuerySet], sentinel: Callable[[int], Any] = text_sentinel
    ) -> None:
        self.build = build
        self.sentinel = sentinel
        self._local = threading.local()

    def run(self, values: Sequence[Any]) -> list[Model]:
        values = list(values)
        cache = getattr(self._local, "compiled", None)
        if cache is None:
            cache = self._local.compiled = {}
        compiled = cache.get(len(values))
        if compiled is None:
            sentinels = [self.sentinel(i) for i in range(len(values))]
            compiled = cache[len(values)] = _Compiled(self.build(sentinels), sentinels)
        return compiled.run(values)
