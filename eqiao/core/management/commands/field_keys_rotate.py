"""Re-encrypt identity numbers (every encrypted field) under the newest key.

    eqiao field_keys_rotate --check     # how many rows are still under older keys; exit 1 if any
    eqiao field_keys_rotate             # re-encrypt them, 500 rows per transaction
    eqiao field_keys_rotate --batch-size 100

To rotate: put a new key first in EQIAO_FIELD_KEYS, keep the old ones after it, restart, run
this command (it can be stopped and run again: it goes on where it stopped), check with
`--check`, then remove the old keys.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from eqiao.core import crypto
from eqiao.core.field_keys import field_keys_rotate, field_keys_status


class Command(BaseCommand):
    help = "Re-encrypt every encrypted field under the newest key of EQIAO_FIELD_KEYS."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="only report rows under older or unknown keys (exit status 1 if there are any)",
        )
        parser.add_argument("--batch-size", type=int, default=500, help="rows per transaction")

    def handle(self, *args, check: bool = False, batch_size: int = 500, **options):
        if batch_size < 1:
            raise CommandError("--batch-size must be at least 1.")
        try:
            if check:
                return self._check()
            self._rotate(batch_size)
        except crypto.FieldDecryptionError as exc:
            raise CommandError(str(exc)) from exc

    def _check(self) -> None:
        self.stdout.write(f"newest key: {crypto.newest_key_id()}")
        pending = unreadable = 0
        for status in field_keys_status():
            older = ", ".join(f"{key}: {n}" for key, n in status.by_key.items() if n) or "none"
            self.stdout.write(
                f"{status.label}: {status.total} encrypted, {status.newest} under the newest key, "
                f"older keys: {older}, unknown keys: {status.unknown}"
            )
            pending += status.old
            unreadable += status.unknown
        if unreadable:
            raise CommandError(
                f"{unreadable} rows are under keys missing from EQIAO_FIELD_KEYS: add them back."
            )
        if pending:
            raise CommandError(f"{pending} rows are still under older keys: run field_keys_rotate.")
        self.stdout.write(self.style.SUCCESS("every row is under the newest key"))

    def _rotate(self, batch_size: int) -> None:
        def progress(label: str, done: int, total: int) -> None:
            self.stdout.write(f"{label}: {done}/{total} re-encrypted")

        self.stdout.write(f"re-encrypting under key {crypto.newest_key_id()}")
        done = field_keys_rotate(batch_size=batch_size, progress=progress)
        for label, count in done.items():
            self.stdout.write(f"{label}: {count} rows re-encrypted")
        self.stdout.write(self.style.SUCCESS("done: every row is under the newest key"))
