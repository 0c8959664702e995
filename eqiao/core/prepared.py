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

import datetime as dt
import threading
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from django.db import connections, models, transaction
from django.db.models import Model, QuerySet
from django.db.models.query import get_related_populators

M = TypeVar("M", bound=Model)


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
        # The value converters (dates on SQLite, decimals, …) are worked out once too: asking
        # every column for them on each run cost more than the query itself.
        columns = [s[0] for s in compiler.select[0 : compiler.col_count]]
        if compiler.has_composite_fields(columns):
            raise ValueError("prepared queries take no composite keys")
        self.converters = compiler.get_converters(columns)

    def run(self, values: Sequence[Any]) -> list[Model]:
        params = [values[slot] if is_value else slot for is_value, slot in self.slots]
        with connections[self.db].cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        objects = []
        if self.converters:
            rows = self.compiler.apply_converters(rows, self.converters)
        for row in rows:
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


# --- inserts ----------------------------------------------------------------------------------


class SqlValue:
    """A column's value written as SQL rather than passed as a parameter, for `insert_sql`:
    e.g. the key another INSERT of the same statement returns, or a row's key looked up by
    a unique column (`params`: the values of the SQL's own `%s` placeholders)."""

    __slots__ = ("params", "sql")

    def __init__(self, sql: str, params: Sequence[Any] = ()) -> None:
        self.sql = sql
        self.params = tuple(params)


# Field classes whose value goes to the database as it is when it is of the given types:
# Django's `pre_save` and `get_db_prep_save` for them return such a value unchanged on every
# backend (a str for text, an int for integers and keys to integer keys, a bool, None), so
# the insert skips their chain of calls; any other value takes the full path.
_TEXT: frozenset[type] = frozenset({str, type(None)})
_INTEGER: frozenset[type] = frozenset({int, type(None)})
_PLAIN_FIELDS: dict[type, frozenset[type]] = {
    models.CharField: _TEXT,
    models.TextField: _TEXT,
    models.BooleanField: frozenset({bool, type(None)}),
    models.IntegerField: _INTEGER,
    models.BigIntegerField: _INTEGER,
    models.SmallIntegerField: _INTEGER,
    models.PositiveIntegerField: _INTEGER,
    models.PositiveSmallIntegerField: _INTEGER,
    models.PositiveBigIntegerField: _INTEGER,
}
_INTEGER_KEYS = (models.AutoField, models.BigAutoField, models.SmallAutoField)
# Times and dates: an aware datetime (a date) and None go straight to the backend's adapter,
# which is where Django's chain ends for them (its `to_python` and naive-time warning leave
# such a value unchanged); `auto_now`/`auto_now_add` fields take their value from `pre_save`
# first. A naive datetime or any other value takes the full path (and its warning).
_DATETIME, _DATE = "datetime", "date"
_FULL = object()  # `_time_value`: this value takes the full path


def _time_kind(field) -> str | None:
    if type(field) is models.DateTimeField:
        return _DATETIME
    if type(field) is models.DateField:
        return _DATE
    return None


def _time_value(kind: str, field, obj: Model, value: Any, connection) -> Any:
    """The database value of a time or date column (`_time_kind`), or `_FULL` when the value
    needs Django's full path."""
    if field.auto_now or field.auto_now_add:
        value = field.pre_save(obj, True)
    if value is None:
        return None
    if kind == _DATETIME:
        if type(value) is dt.datetime and value.utcoffset() is not None:
            return connection.ops.adapt_datetimefield_value(value)
    elif type(value) is dt.date:
        return connection.ops.adapt_datefield_value(value)
    return _FULL


def _plain_types(field) -> frozenset[type] | None:
    """The value types `field` passes through unchanged (see _PLAIN_FIELDS), or None."""
    if type(field) in (models.ForeignKey, models.OneToOneField):
        return _INTEGER if type(field.target_field) in _INTEGER_KEYS else None
    return _PLAIN_FIELDS.get(type(field))


class _InsertPlan:
    """The INSERT of one model on one database, built once: its columns, its SQL and the
    value each column takes from an object."""

    def __init__(self, model: type[Model], alias: str) -> None:
        meta = model._meta
        self.model = model
        if meta.parents or meta.order_with_respect_to:
            raise ValueError(f"{meta.label}: prepared inserts take plain models only")
        connection = connections[alias]
        self.auto = meta.auto_field
        self.fields = [
            f for f in meta.local_concrete_fields if not f.generated and f is not self.auto
        ]
        returning = list(meta.db_returning_fields) if self.auto is not None else []
        if any(f is not self.auto for f in returning):
            raise ValueError(f"{meta.label}: only the automatic key can be returned")
        quote = connection.ops.quote_name
        columns = ", ".join(quote(str(f.column)) for f in self.fields)
        marks = ", ".join(["%s"] * len(self.fields))
        self.into = f"INSERT INTO {quote(meta.db_table)} ({columns})"
        self.sql = f"{self.into} VALUES ({marks})"
        self.key_column = quote(str(self.auto.column)) if self.auto is not None else None
        self.returning = bool(returning) and connection.features.can_return_columns_from_insert
        if self.returning:
            sql, _params = connection.ops.return_insert_columns(returning)  # type: ignore[attr-defined]
            self.sql = f"{self.sql} {sql}"
        self.last_row_id = bool(returning) and not self.returning
        # (attribute, the value types it passes through or None, its time kind or None,
        # field) for each column.
        self.columns = [(str(f.attname), _plain_types(f), _time_kind(f), f) for f in self.fields]

    def params(self, obj: Model, connection) -> list[Any]:
        """The INSERT's parameters for `obj`: what `pre_save` and `get_db_prep_save` give."""
        params = []
        for attname, plain, time, field in self.columns:
            if plain is not None:
                value = getattr(obj, attname)
                if type(value) in plain:
                    params.append(value)
                    continue
            elif time is not None:
                value = _time_value(time, field, obj, obj.__dict__.get(attname), connection)
                if value is not _FULL:
                    params.append(value)
                    continue
            params.append(field.get_db_prep_save(field.pre_save(obj, True), connection))
        return params

    def values_sql(self, obj: Model, connection) -> tuple[str, list[Any]]:
        """`params` with the SQL of its VALUES list: a field holding a SqlValue is written as
        its SQL, every other as a parameter."""
        marks: list[str] = []
        params: list[Any] = []
        for attname, plain, time, field in self.columns:
            value = obj.__dict__.get(attname)
            if type(value) is SqlValue:
                marks.append(value.sql)
                params.extend(value.params)
                continue
            marks.append("%s")
            if plain is not None and type(value) in plain:
                params.append(value)
                continue
            if time is not None:
                value = _time_value(time, field, obj, value, connection)
                if value is not _FULL:
                    params.append(value)
                    continue
            params.append(field.get_db_prep_save(field.pre_save(obj, True), connection))
        return ", ".join(marks), params


_INSERT_PLANS: dict[tuple[type[Model], str], _InsertPlan] = {}


def _plan(cls: type[Model], using: str) -> _InsertPlan:
    plan = _INSERT_PLANS.get((cls, using))
    if plan is None:
        plan = _INSERT_PLANS[(cls, using)] = _InsertPlan(cls, using)
    return plan


def insert_sql(obj: Model, *, using: str = "default", returning: bool = False) -> tuple[str, list]:
    """The INSERT of a new `obj` as SQL and parameters, for a caller that writes several
    rows in one statement (PostgreSQL's data-modifying WITH): the same values `insert`
    writes, a field holding a SqlValue written as its SQL (a key that another part of the
    statement returns), and with `returning` its automatic key returned. Sends `pre_save`
    as `insert` does, but not `post_save` (the row is not written yet): for models whose
    `post_save` nobody hears (`post_save_heard`). The caller sets the returned key."""
    from django.db.models.signals import pre_save

    cls = type(obj)
    plan = _plan(cls, using)
    if cls._meta.auto_field is not None and obj.pk is not None:
        raise ValueError(f"{cls._meta.label}: the new row's key is set by the database")
    obj._prepare_related_fields_for_save(operation_name="save")  # type: ignore[attr-defined]
    if pre_save.has_listeners(cls):
        pre_save.send(sender=cls, instance=obj, raw=False, using=using, update_fields=None)
    if cls._meta.auto_field is None and obj.pk is None:
        setattr(obj, cls._meta.pk.attname, cls._meta.pk.get_pk_value_on_save(obj))
    values, params = plan.values_sql(obj, connections[using])
    sql = f"{plan.into} VALUES ({values})"
    if returning:
        if plan.key_column is None:
            raise ValueError(f"{cls._meta.label} has no automatic key to return")
        sql = f"{sql} RETURNING {plan.key_column}"
    return sql, params


def post_save_heard(*models_: type[Model]) -> bool:
    """Whether `post_save` has a receiver for one of `models_` (then their rows go through
    `insert`, which sends it)."""
    from django.db.models.signals import post_save

    return any(post_save.has_listeners(m) for m in models_)


def insert(obj: M, *, using: str = "default") -> M:
    """Write a new `obj` as `obj.save(force_insert=True)` does — each field's `pre_save`
    (automatic times, keyed hashes) and conversion for the database, the related objects'
    keys checked, `pre_save`/`post_save` sent when something listens — but with the INSERT's
    SQL built once per model: on a hot write path Django's building of the statement costs
    more than running it. For models without parents whose automatic key (if any) is unset;
    anything else goes through `save`. Returns `obj`, its key set."""
    from django.db.models.signals import post_save, pre_save

    cls = type(obj)
    if cls._meta.auto_field is not None and obj.pk is not None:
        obj.save(force_insert=True, using=using)
        return obj
    plan = _plan(cls, using)
    obj._prepare_related_fields_for_save(operation_name="save")  # type: ignore[attr-defined]
    if pre_save.has_listeners(cls):
        pre_save.send(sender=cls, instance=obj, raw=False, using=using, update_fields=None)
    if cls._meta.auto_field is None and obj.pk is None:
        setattr(obj, cls._meta.pk.attname, cls._meta.pk.get_pk_value_on_save(obj))
    connection = connections[using]
    params = plan.params(obj, connection)
    with transaction.mark_for_rollback_on_error(using), connection.cursor() as cursor:
        cursor.execute(plan.sql, params)
        if plan.returning:
            setattr(obj, plan.auto.attname, cursor.fetchone()[0])  # type: ignore[union-attr]
        elif plan.last_row_id:
            column = str(plan.auto.column)  # type: ignore[union-attr]
            pk = connection.ops.last_insert_id(cursor, cls._meta.db_table, column)
            setattr(obj, plan.auto.attname, pk)  # type: ignore[union-attr]
    obj._state.adding = False
    obj._state.db = using
    if post_save.has_listeners(cls):
        post_save.send(
            sender=cls, instance=obj, created=True, update_fields=None, raw=False, using=using
        )
    return obj
