"""The demo is the same whatever day the load runs on: it is dated from its own "today", not
from the wall clock. Loaded (small) under clocks set to a public holiday, a year end, a day
before the demo's date and one long after, it tells the same story as at the fixed date."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction

from eqiao.demo.loader import DEMO_TODAY, demo_now
from eqiao.intake.models import Petition
from eqiao.intake.selectors import petitions_with_clocks

SH = dt.timezone(dt.timedelta(hours=8))
CLOCKS = [
    dt.datetime(2026, 10, 1, 10, 0, tzinfo=SH),  # 国庆节, a holiday
    dt.datetime(2026, 12, 31, 23, 59, 30, tzinfo=SH),  # the year ends during the load
    dt.datetime(2026, 3, 2, 9, 0, tzinfo=SH),  # before the demo's date
    dt.datetime(2029, 6, 15, 3, 0, tzinfo=SH),  # after every holiday the demo knows
]


def _demo_as_loaded_at(clock: dt.datetime | None) -> list[tuple]:
    with transaction.atomic():
        if clock is None:
            call_command(
                "load_demo", petitions=12, today=DEMO_TODAY.isoformat(), stdout=io.StringIO()
            )
        else:
            with time_machine.travel(clock, tick=True):
                call_command(
                    "load_demo", petitions=12, today=DEMO_TODAY.isoformat(), stdout=io.StringIO()
                )
        petitions = petitions_with_clocks(Petition.objects.all(), today=DEMO_TODAY)
        story = [
            (
                p.tracking_number[:6],  # the day; the rest is drawn at random
                p.office.short_name,
                p.status,
                p.risk_level,
                p.procedural_reply_due,
                p.result_reply_due,
                p.overdue,
                p.due_soon,
                p.events.count(),
                # Within a minute: the load itself takes time, the story's moments do not.
                round((demo_now(DEMO_TODAY) - p.submitted_at).total_seconds() / 60),
            )
            for p in petitions.select_related("office").order_by("submitted_at", "pk")
        ]
        transaction.set_rollback(True)
    return story


@pytest.mark.django_db
def test_the_demo_is_the_same_whatever_the_wall_clock_says():
    expected = _demo_as_loaded_at(None)
    assert len(expected) == 12
    for clock in CLOCKS:
        assert _demo_as_loaded_at(clock) == expected, clock
