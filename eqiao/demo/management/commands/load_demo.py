"""Load the Liaocheng demo once (`make run` calls it every time; it does nothing the second).

eqiao load_demo                       # the full demo (about 200 petitions), as of right now
eqiao load_demo --today 2026-11-30    # as it stands on that day (the tests' fixed date)
eqiao load_demo --petitions 30        # a smaller one (tests)

Without --today the demo is dated from the moment it loads, so `make run` shows a newcomer
this week's queue whatever the date; the same --today (and seed) gives the same demo on any
day the load runs.
"""

from __future__ import annotations

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from eqiao.demo.loader import DEFAULT_PETITIONS, demo_load, demo_now


def _day(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--today must be a date such as 2026-11-30, not {value!r}.") from exc


class Command(BaseCommand):
    help = "Load the Liaocheng demo data (offices, staff, holidays, petitions) unless loaded."

    def add_arguments(self, parser):
        parser.add_argument(
            "--petitions",
            type=int,
            default=DEFAULT_PETITIONS,
            help=f"how many petitions, the source document's stories included "
            f"(default {DEFAULT_PETITIONS})",
        )
        parser.add_argument(
            "--today",
            help="the demo's date, YYYY-MM-DD (default: now, so the demo looks current)",
        )

    def handle(self, *args, petitions: int = DEFAULT_PETITIONS, today=None, **options):
        now = demo_now(_day(today)) if today else timezone.now()
        started = time.monotonic()
        summary = demo_load(now=now, petitions=max(petitions, 0))
        if summary is None:
            self.stdout.write("Demo: an office tree exists already; nothing loaded.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo loaded in {time.monotonic() - started:.1f}s as of "
                f"{timezone.localtime(now):%Y-%m-%d %H:%M}: {summary.offices} offices, "
                f"{summary.staff} staff, {summary.petitions} petitions, "
                f"{summary.holidays} holiday days."
            )
        )
        self.stdout.write(
            "Holidays for 2026–2027 are demo data: an administrator must check them against "
            "the State Council's notice (admin → 节假日)."
        )
