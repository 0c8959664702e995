"""Load the Liaocheng demo once (`make run` calls it every time; it does nothing the second).

eqiao load_demo                  # the full demo (about 200 petitions)
eqiao load_demo --petitions 30   # a smaller one (tests)
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from eqiao.demo.loader import DEFAULT_PETITIONS, demo_load


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

    def handle(self, *args, petitions: int = DEFAULT_PETITIONS, **options):
        started = time.monotonic()
        summary = demo_load(petitions=max(petitions, 0))
        if summary is None:
            self.stdout.write("Demo: an office tree exists already; nothing loaded.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo loaded in {time.monotonic() - started:.1f}s: {summary.offices} offices, "
                f"{summary.staff} staff, {summary.petitions} petitions, "
                f"{summary.holidays} holiday days."
            )
        )
        self.stdout.write(
            "Holidays for 2026–2027 are demo data: an administrator must check them against "
            "the State Council's notice (admin → 节假日)."
        )
