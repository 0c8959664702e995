"""Run the scheduler: every few seconds, enqueue the scheduled jobs that are due.

    eqiao run_scheduler              # loop until Ctrl-C / SIGTERM
    eqiao run_scheduler --once       # one pass (tests, cron fallback)

Several schedulers may run at once (one per machine): each run is claimed by an atomic
conditional UPDATE, so it is enqueued exactly once.
"""

from __future__ import annotations

import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from eqiao.core.scheduling import scheduled_jobs_ensure, scheduled_jobs_run_due


class Command(BaseCommand):
    help = "Enqueue the scheduled jobs (core.ScheduledJob) whose time has come."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="run one pass and exit")
        parser.add_argument(
            "--interval", type=float, default=15.0, help="seconds between passes (default 15)"
        )

    def handle(self, *args, once: bool = False, interval: float = 15.0, **options):
        self._stop = False
        # The jobs the apps registered exist before the first pass (a job added by an
        # upgrade needs no migration); rows an administrator changed are left alone.
        scheduled_jobs_ensure()
        if not once:
            signal.signal(signal.SIGTERM, self._request_stop)
            self.stdout.write(f"scheduler: checking every {interval:g}s (Ctrl-C stops)")
        try:
            while True:
                for name in scheduled_jobs_run_due():
                    self.stdout.write(f"scheduler: enqueued {name}")
                if once:
                    return
                self._sleep(interval)
                if self._stop:
                    break
                # A long-running loop must not hold a broken or expired connection.
                close_old_connections()
        except KeyboardInterrupt:
            pass
        self.stdout.write("scheduler: stopped")

    def _sleep(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while not self._stop and time.monotonic() < deadline:
            time.sleep(min(0.5, deadline - time.monotonic()))

    def _request_stop(self, signum, frame) -> None:
        self._stop = True
