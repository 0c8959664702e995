"""Dating the demo: the services stamp everything with `timezone.now()`, the demo wants a
petition submitted in August and answered in September of the demo's year, whatever the date
the load runs on.

`TimeMachine.at(when)` runs a block of service calls and notes (from `post_save`) every
timestamp the block wrote; `apply()` then moves each by (when − the real time its block
started). Rows a block created move whole, deadlines included ("due in 24 hours" stays 24
hours after the step); rows it only updated move in the fields it saved. Shifting once at the
end, in bulk, keeps the load fast. A fixture loader may write like this; services never do.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Model
from django.db.models.signals import post_save
from django.utils import timezone

from eqiao.channels.models import OutboundMessage as OutboundSms
from eqiao.core.models import AuditEntry, Notification
from eqiao.core.workdays import is_working_day, working_day_overrides
from eqiao.intake.models import (
    EmergencyPlan,
    EmergencyPlanStep,
    Lead,
    Petition,
    PetitionEvent,
    RiskAlert,
    Supervision,
)

# model → (every datetime field a service sets relative to now, the fields an update sets to now)
TRACKED: dict[type[Model], tuple[tuple[str, ...], tuple[str, ...]]] = {
    Petition: (
        ("submitted_at", "accepted_at", "procedural_replied_at", "result_replied_at", "closed_at"),
        ("procedural_replied_at", "result_replied_at", "closed_at"),
    ),
    PetitionEvent: (("at",), ()),
    AuditEntry: (("at",), ()),
    Notification: (("created_at", "read_at"), ()),
    OutboundSms: (("created_at", "sent_at", "next_attempt_at"), ()),
    RiskAlert: (("created_at", "acknowledged_at"), ("acknowledged_at",)),
    EmergencyPlan: (("started_at", "closed_at"), ("closed_at",)),
    EmergencyPlanStep: (("due_at", "done_at"), ("done_at",)),
    Lead: (("created_at", "closed_at"), ("closed_at",)),
    Supervision: (("created_at", "resolved_at"), ("resolved_at",)),
}


@dataclass
class Block:
    """One back-dated block: its real start, its shift, and the rows it created."""

    started: dt.datetime
    delta: dt.timedelta
    created: dict[type[Model], list[int]] = field(default_factory=lambda: defaultdict(list))


class TimeMachine:
    """Use as `with machine.recording(): ... with machine.at(when): ...`, then `apply()`."""

    def __init__(self, *, now: dt.datetime) -> None:
        """`now` is the demo's present: no step may lie after it. The wall clock only
        measures how far each block's rows must move."""
        self.now = now
        self._block: Block | None = None
        # model → pk → field → the back-dated value
        self._pending: dict[type[Model], dict[int, dict[str, dt.datetime]]] = defaultdict(
            lambda: defaultdict(dict)
        )

    @contextmanager
    def recording(self) -> Iterator[TimeMachine]:
        uid = f"eqiao-demo-timemachine-{id(self)}"
        post_save.connect(self._saved, weak=False, dispatch_uid=uid)
        try:
            yield self
        finally:
            post_save.disconnect(dispatch_uid=uid)

    @contextmanager
    def at(self, when: dt.datetime) -> Iterator[Block]:
        if when > self.now:
            raise ValueError("a demo step cannot happen after the demo's present")
        started = timezone.now()
        self._block = Block(started=started, delta=when - started)
        try:
            yield self._block
        finally:
            self._block = None

    def _saved(self, sender, instance, created, update_fields=None, **kwargs) -> None:
        block = self._block
        if block is None or sender not in TRACKED:
            return
        fields, stamps = TRACKED[sender]
        if created:
            block.created[sender].append(instance.pk)
            names = fields
        elif update_fields is not None:
            names = tuple(name for name in fields if name in update_fields)
        else:  # a full save: only what this block stamped
            names = tuple(
                name
                for name in stamps
                if getattr(instance, name) is not None and getattr(instance, name) >= block.started
            )
        for name in names:
            value = getattr(instance, name)
            if value is not None:
                self._pending[sender][instance.pk][name] = value + block.delta

    def apply(self) -> int:
        """Write the back-dated values: one batched UPDATE per model and field (plain SQL:
        the ORM's bulk_update builds a CASE per row, too slow for thousands). Returns how many
        rows moved."""
        moved = 0
        ops = connection.ops
        with connection.cursor() as cursor:
            for model, rows in self._pending.items():
                by_field: dict[str, list[tuple]] = defaultdict(list)
                for pk, values in rows.items():
                    for name, value in values.items():
                        by_field[name].append((ops.adapt_datetimefield_value(value), pk))
                table, pk_column = model._meta.db_table, model._meta.pk.column
                for name, params in by_field.items():
                    column = model._meta.get_field(name).column
                    cursor.executemany(
                        f"UPDATE {ops.quote_name(table)} SET {ops.quote_name(column)} = %s "
                        f"WHERE {ops.quote_name(pk_column)} = %s",
                        params,
                    )
                moved += len(rows)
        self._pending.clear()
        return moved


class WorkingHours:
    """Moments in office hours (08:30–17:30 on working days, holidays respected), where
    staff act; citizens may write at any hour."""

    OPEN = dt.time(8, 30)
    LAST = dt.time(17, 0)

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.overrides = working_day_overrides()

    def is_working_day(self, day: dt.date) -> bool:
        return is_working_day(day, self.overrides)

    def after(self, moment: dt.datetime, *, hours: float = 0.0) -> dt.datetime:
        """The first office-hours moment at least `hours` after `moment` (plus a few minutes,
        so no two steps share a timestamp)."""
        local = timezone.localtime(
            moment + dt.timedelta(hours=hours, minutes=self.rng.randint(3, 40))
        )
        while not self.is_working_day(local.date()) or local.time() > self.LAST:
            local = self._next_morning(local)
        if local.time() < self.OPEN:
            local = local.replace(hour=8, minute=30) + dt.timedelta(minutes=self.rng.randint(0, 90))
        return local

    def add_working_days(self, moment: dt.datetime, days: int) -> dt.datetime:
        local = timezone.localtime(moment)
        day = local.date()
        while days > 0:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                days -= 1
        start = local.replace(year=day.year, month=day.month, day=day.day, hour=8, minute=30)
        moment_after = self.after(start, hours=self.rng.uniform(0, 8))
        if moment_after <= moment:  # the same day, or "0 days" asked for
            moment_after = self.after(moment, hours=self.rng.uniform(0.5, 3))
        return moment_after

    def working_days_before(self, moment: dt.datetime, days: int) -> dt.date:
        day = timezone.localtime(moment).date()
        while days > 0:
            day -= dt.timedelta(days=1)
            if self.is_working_day(day):
                days -= 1
        return day

    def _next_morning(self, local: dt.datetime) -> dt.datetime:
        nxt = (local + dt.timedelta(days=1)).replace(hour=8, minute=30)
        return nxt + dt.timedelta(minutes=self.rng.randint(0, 90))

    def citizen_moment(self, day: dt.date) -> dt.datetime:
        """When a citizen writes on `day`: mostly daytime and evening."""
        hour = self.rng.choices(
            range(24),
            weights=[1, 1, 0, 0, 0, 1, 2, 4, 6, 8, 8, 7, 5, 6, 7, 7, 7, 6, 5, 6, 7, 6, 4, 2],
        )[0]
        naive = dt.datetime.combine(
            day, dt.time(hour, self.rng.randint(0, 59), self.rng.randint(0, 59))
        )
        return timezone.make_aware(naive)

    def office_moment(self, day: dt.date) -> dt.datetime:
        naive = dt.datetime.combine(day, dt.time(8, 30))
        return self.after(timezone.make_aware(naive), hours=self.rng.uniform(0, 8))
