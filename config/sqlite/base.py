"""Django's SQLite backend with a queue in front of the write lock.

SQLite has one write lock for the whole database. A writer that finds it taken sleeps and
tries again (busy_timeout), after 1, 2, 5, 10 … up to 100 ms: under load the sleepers miss
the moments the lock is free, a short transaction waits for whole sleeps, and the unlucky
wait seconds. Here each transaction first takes an exclusive `flock` on a file beside the
database — the kernel hands it to the next waiter the moment it is released — and only then
BEGIN IMMEDIATE, so writers from every thread and process (web workers, the background
worker, the scheduler) queue instead of polling. Reads are not queued (WAL lets them run
beside the writer), nor are single statements outside a transaction (they keep
busy_timeout). The lock is released at COMMIT or ROLLBACK, or when the process dies.

Used by `make run` and production settings on SQLite (ENGINE "config.sqlite"); the
test suite keeps Django's own backend.
"""

from __future__ import annotations

import fcntl
import os

from django.db.backends.sqlite3 import base


class DatabaseWrapper(base.DatabaseWrapper):
    _gate_fd: int | None = None
    _gate_held = False

    def _gate_path(self) -> str | None:
        name = str(self.settings_dict["NAME"])
        if not name or name == ":memory:" or name.startswith("file:"):
            return None
        return f"{name}.write-queue"

    def _gate_acquire(self) -> None:
        if self._gate_held:
            return
        if self._gate_fd is None:
            path = self._gate_path()
            if path is None:
                return
            # One descriptor per connection: flock locks belong to the open file, so two
            # threads of a process queue like two processes do.
            self._gate_fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self._gate_fd, fcntl.LOCK_EX)
        self._gate_held = True

    def _gate_release(self) -> None:
        if self._gate_held and self._gate_fd is not None:
            fcntl.flock(self._gate_fd, fcntl.LOCK_UN)
        self._gate_held = False

    def _start_transaction_under_autocommit(self):
        self._gate_acquire()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._gate_release()
            raise

    def _commit(self):
        try:
            return super()._commit()
        finally:
            self._gate_release()

    def _rollback(self):
        try:
            return super()._rollback()
        finally:
            self._gate_release()

    def _close(self):
        try:
            return super()._close()
        finally:
            self._gate_release()
            if self._gate_fd is not None:
                os.close(self._gate_fd)
                self._gate_fd = None
