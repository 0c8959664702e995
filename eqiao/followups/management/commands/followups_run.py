"""Queue a campaign run's follow-ups now, in this process (what the run task does).

    eqiao followups_run --campaign 3          # start a run of campaign 3 and queue it
    eqiao followups_run --run 12              # go on with run 12 (after a worker died)
    eqiao followups_run --run 12 --chunk 50   # smaller chunks

A run interrupted at any point is resumed by the same command: it goes on after the last
committed chunk and writes to nobody twice.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from eqiao.followups.models import Campaign
from eqiao.followups.services.runs import run_advance, run_start


class Command(BaseCommand):
    help = "Start a campaign run, or resume one, and queue its follow-up messages."

    def add_arguments(self, parser):
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--campaign", type=int)
        target.add_argument("--run", type=int)
        parser.add_argument("--chunk", type=int, default=None, help="people per transaction")
        # Seconds to wait inside each chunk's transaction: gives a test the moment to kill
        # the worker in the middle of a chunk. Never needed in production.
        parser.add_argument("--pause", type=float, default=0.0, help="testing only")

    def handle(self, *args, campaign=None, run=None, chunk=None, pause=0.0, **options):
        if campaign is not None:
            try:
                found = Campaign.objects.select_related("office").get(pk=campaign)
            except Campaign.DoesNotExist as exc:
                raise CommandError(f"no campaign {campaign}") from exc
            run = run_start(campaign=found, enqueue=False).pk
        done = run_advance(run_id=run, chunk_size=chunk, pause=pause)
        self.stdout.write(
            f"followups_run: run {done.pk} {done.status}, {done.queued}/{done.total} queued"
        )
