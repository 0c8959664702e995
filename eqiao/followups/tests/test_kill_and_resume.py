"""A worker killed in the middle of a campaign run: every person still gets exactly one
message.

The run is queued by a real worker process (`eqiao followups_run`) against a real database
(a migrated SQLite file, or the PostgreSQL test database), in chunks, waiting inside each
chunk's transaction; it is killed with SIGKILL while a chunk is open, and started again.
Then the messages are delivered (`eqiao channels_deliver`) by the real HTTP provider to the
loopback gateway, which counts what each phone received.
"""

from __future__ import annotations

import collections
import signal
import sqlite3
import subprocess
import time

import pytest
from django.db import connection

from eqiao.channels.providers.sms_http.fake_server import FakeSmsProvider
from eqiao.channels.tests.test_crash_recovery import _database_url, _django, _shell

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE = 240
SEED = """
import datetime as dt, json
from django.utils import timezone
from eqiao.offices.services import procuratorate_create
from eqiao.offices.models import Level
from eqiao.followups.tests.factories import make_campaign, make_closed_case
office = procuratorate_create(name="聊城市人民检察院", short_name="聊城市院", level=Level.CITY,
                              code="371500", region="聊城市")
# Closed five days before the run (the clock of the worker processes is the real one).
closed = timezone.localdate() - dt.timedelta(days=5)
phones = [f"1380000{i:04d}" for i in range(%(people)d)]
for start in range(0, len(phones), 4):
    make_closed_case(office, parties=[(f"当事人{p}", p) for p in phones[start:start + 4]],
                     closed_on=closed)
# Every tenth person is a party in a second case too: one message for both.
for p in phones[::10]:
    make_closed_case(office, parties=[(f"另案{p}", p)], closed_on=closed)
campaign = make_campaign(office, period="last_30_days", schedule="monthly 5 10:00")
print(json.dumps(campaign.pk))
"""

COUNTS = """
import json
from eqiao.followups.models import CampaignRun, FollowUp
run = CampaignRun.objects.get()
print(json.dumps([run.pk, run.status, run.queued, run.total, FollowUp.objects.count()]))
"""


def _committed_followups(url: str) -> int:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM followups_followup")
            return cursor.fetchone()[0]
    with sqlite3.connect(url.removeprefix("sqlite:///"), timeout=5) as db:
        return db.execute("SELECT count(*) FROM followups_followup").fetchone()[0]


def _alive(worker: subprocess.Popen) -> bool:
    if worker.poll() is not None:
        raise AssertionError(f"the worker ended early: {worker.stderr.read().decode()[-2000:]}")
    return True


def _wait_for(condition, *, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the worker")
        time.sleep(0.05)


def test_a_run_killed_mid_chunk_and_resumed_writes_to_everyone_once(tmp_path):
    url = _database_url(tmp_path)
    campaign = _shell(url, SEED % {"people": PEOPLE})
    worker = _django(
        url,
        {},
        "followups_run",
        "--campaign",
        str(campaign),
        "--chunk",
        "20",
        "--pause",
        "0.4",
        background=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_for(lambda: _alive(worker) and _committed_followups(url) >= 60)
        time.sleep(0.2)  # well inside the next chunk's transaction
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        if worker.poll() is None:
            worker.kill()
    run_id, status, queued, total, stored = _shell(url, COUNTS)
    assert status == "running" and total == PEOPLE
    assert 60 <= stored == queued < PEOPLE  # the open chunk left nothing behind

    resumed = _django(url, {}, "followups_run", "--run", str(run_id), "--chunk", "50")
    assert resumed.returncode == 0, resumed.stderr
    assert _shell(url, COUNTS) == [run_id, "done", PEOPLE, PEOPLE, PEOPLE]

    with FakeSmsProvider() as gateway:
        delivered = _django(url, {}, "channels_deliver", gateway=gateway, batch=True)
        assert delivered.returncode == 0, delivered.stderr
        received = collections.Counter(m.phone for m in gateway.messages)
    assert received == {f"1380000{i:04d}": 1 for i in range(PEOPLE)}
    both = [m.text for m in gateway.messages if m.phone == "13800000010"][0]
    assert both.count("案件") == 2
