"""Deliver outbound messages now, in this process (what the scheduled retry job does).

    eqiao channels_deliver                    # every due message, once
    eqiao channels_deliver --id 12 --id 13    # these messages (if due)
    eqiao channels_deliver --now 2026-12-01T09:00:00+08:00   # as if at that time

Useful as a cron fallback when no worker runs, and to see at once what the provider says.
A message claimed by a live worker is left alone; one whose claim is older than
EQIAO_CHANNELS_CLAIM_TIMEOUT is taken over.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from eqiao.channels.services import messages_deliver, messages_deliver_due


class Command(BaseCommand):
    help = "Deliver the outbound messages that are due (or the given ones) once."

    def add_arguments(self, parser):
        parser.add_argument("--id", type=int, action="append", dest="ids", default=[])
        parser.add_argument("--now", help="an ISO date-time with offset (default: now)")

    def handle(self, *args, ids: list[int], now: str | None = None, **options):
        at = None
        if now:
            try:
                at = dt.datetime.fromisoformat(now)
            except ValueError as exc:
                raise CommandError(f"--now: not an ISO date-time: {now!r}") from exc
            if at.tzinfo is None:
                raise CommandError("--now needs a UTC offset, e.g. 2026-12-01T09:00:00+08:00")
        if ids:
            count = messages_deliver(message_ids=ids, now=at)
        else:
            count = messages_deliver_due(now=at)
        self.stdout.write(f"channels_deliver: {count} message(s) claimed and handed on")
