"""One notification is never sent twice, and no database lock is held while a provider talks.

Delivery runs in a real worker process (`eqiao channels_deliver`) against a real database
(a migrated SQLite file, or the PostgreSQL test database) and the real HTTP provider against
the loopback gateway. The gateway takes the first message and then holds its answer; while
it holds, another process writes to the database; then the worker is killed with SIGKILL —
between claim and record — and delivery is started again, as the scheduled retry job would.
The gateway is asked twice but each person gets each message once: the idempotency key
(the gateway's client message id) makes the resend harmless.
"""

from __future__ import annotations

import collections
import datetime as dt
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from eqiao.channels.providers.sms_http.fake_server import FakeSmsProvider
from eqiao.core.tests.processes import child_env

pytestmark = pytest.mark.django_db(transaction=True)

PHONES = ["13800138001", "13800138002", "13800138003"]
# The gateway holds its answer far longer than a loaded machine takes to start the
# process that writes meanwhile; the worker waits longer still (it is killed first).
HOLD_SECONDS = 60.0


def _database_url(tmp_path: Path) -> str:
    """The worker's database: the PostgreSQL test database itself (the test is
    transactional, so what it sees is committed), or a fresh, migrated SQLite file (the
    SQLite test database lives in this process's memory)."""
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    url = f"sqlite:///{tmp_path / 'worker.sqlite3'}"
    _django(url, {}, "migrate", "--verbosity", "0").check_returncode()
    return url


def _env(url: str, gateway: FakeSmsProvider | None, batch: bool) -> dict[str, str]:
    var_dir = Path(url.removeprefix("sqlite:///")).parent if url.startswith("sqlite") else "/tmp"
    env = child_env(url, var_dir)
    if gateway is not None:
        env |= {
            "EQIAO_SMS_PROVIDER": "sms_http",
            "EQIAO_SMS_HTTP_URL": gateway.url,
            "EQIAO_SMS_HTTP_BATCH_URL": gateway.batch_url if batch else "",
            "EQIAO_SMS_HTTP_KEY": gateway.key,
            "EQIAO_SMS_HTTP_TIMEOUT": str(2 * HOLD_SECONDS),
        }
    return env


def _django(url: str, env_extra: dict, *args: str, gateway=None, batch=False, **popen):
    env = {**_env(url, gateway, batch), **env_extra}
    command = [sys.executable, "-m", "django", *args]
    if popen.pop("background", False):
        return subprocess.Popen(command, env=env, cwd=settings.BASE_DIR, **popen)
    return subprocess.run(
        command, env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, timeout=120
    )


def _shell(url: str, code: str) -> object:
    result = _django(url, {}, "shell", "-c", code)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


SEED = """
import json
from eqiao.channels.models import OutboundMessage
ids = [OutboundMessage.objects.create(recipient=p, text="【聊城检察】您的信访件有新的答复", purpose="reply",
       idempotency_key="reply:" + p).pk for p in %r]
print(json.dumps(ids))
"""

STATUSES = """
import json
from eqiao.channels.models import OutboundMessage
print(json.dumps(sorted(OutboundMessage.objects.filter(purpose="reply").values_list("recipient", "status", "attempts"))))
"""

# Another connection writes while the worker waits for the gateway: a new row (SQLite has
# one write lock for the whole database) and a row lock on the very message in flight
# (PostgreSQL), each refused within 2 seconds if anyone holds a lock.
WRITE_WHILE_IN_FLIGHT = """
import json, time
from django.db import connection, transaction
from eqiao.channels.models import OutboundMessage
started = time.monotonic()
with connection.cursor() as cursor:
    if connection.vendor == "sqlite":
        cursor.execute("PRAGMA busy_timeout = 2000")
    else:
        cursor.execute("SET lock_timeout = '2s'")
with transaction.atomic():
    OutboundMessage.objects.create(recipient="13900139000", text="同时写入", purpose="other")
    in_flight = OutboundMessage.objects.select_for_update(nowait=connection.vendor != "sqlite").filter(status="sending")
    states = [m.status for m in in_flight]
print(json.dumps({"seconds": time.monotonic() - started, "in_flight": states}))
"""


def _wait_for(condition, *, seconds: float = 30.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the worker")
        time.sleep(0.05)


@pytest.mark.parametrize("batch", [False, True], ids=["one-by-one", "batch"])
def test_a_worker_killed_between_claim_and_record_sends_nothing_twice(tmp_path, batch):
    url = _database_url(tmp_path)
    with FakeSmsProvider() as gateway:
        ids = _shell(url, SEED % (PHONES,))
        gateway.hold_next(1, seconds=HOLD_SECONDS)
        worker = _django(
            url,
            {},
            "channels_deliver",
            gateway=gateway,
            batch=batch,
            background=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            # The gateway has taken the first message (or the whole batch) and holds its
            # answer: the worker is now between claim and record. Both ways a chunk is
            # claimed at once (a batch call, or a few messages sent one by one).
            _wait_for(lambda: len(gateway.messages) >= 1)

            written = _shell(url, WRITE_WHILE_IN_FLIGHT)
            assert written["seconds"] < 1.5, "a database lock was held during the provider call"
            assert written["in_flight"] == ["sending"] * 3  # claimed, committed

            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=10)
        finally:
            if worker.poll() is None:
                worker.kill()
        statuses = _shell(url, STATUSES)
        assert [s for _p, s, _a in statuses].count("sending") == 3

        # The retry job, once the dead worker's claim has expired.
        later = (timezone.now() + dt.timedelta(hours=1)).isoformat()
        restart = _django(url, {}, "channels_deliver", "--now", later, gateway=gateway, batch=batch)
        assert restart.returncode == 0, restart.stderr

        received = collections.Counter(m.phone for m in gateway.messages)
        assert received == {**{phone: 1 for phone in PHONES}, "13900139000": 1}
        assert gateway.requests > 1  # the interrupted message was offered again
        statuses = _shell(url, STATUSES)
        assert {s for _p, s, _a in statuses} == {"sent"}
        assert len(ids) == 3
