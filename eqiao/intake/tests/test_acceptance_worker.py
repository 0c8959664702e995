"""A petition's receipt and alert survive the web process: the request writes the petition,
its receipt SMS and the task that finishes the acceptance in one transaction, and the
worker does the rest. Here the filing process is killed (SIGKILL) the moment the petition
is committed — before anything else could run — and then a real worker process
(`db_worker`, the django-tasks-db worker that `make run` starts) reads the text, raises the
high-risk alert, tells the office heads and sends the receipt and their SMS.

Processes run against a real database: the PostgreSQL test database itself (the test is
transactional, so what it sees is committed), or a fresh, migrated SQLite file (the SQLite
test database lives in this process's memory). SMS go to the file provider."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from eqiao.core.tests.processes import child_env

pytestmark = pytest.mark.django_db(transaction=True)

HIGH_RISK = "老板拖欠我们三十多个人的工资，再不给我们就一起去北京上访。"

# Files a high-risk petition with the queue in the database, prints what the citizen is
# told, and dies at once (no atexit, no flush of anything but stdout).
FILE_AND_DIE = """
import json, os, signal, sys
from eqiao.offices.tests.factories import build_office_tree
from eqiao.intake.services.submission import petition_submit
tree = build_office_tree()
result = petition_submit(kind="complaint", channel="kiosk", content=%r, name="李秀英",
                         phone="13912345678")
print(json.dumps({"id": result.petition.pk, "number": result.petition.tracking_number,
                  "password": result.query_password}), flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""

STATE = """
import json
from eqiao.intake.models import Petition, RiskAlert
from eqiao.channels.models import OutboundMessage
from eqiao.core.models import Notification
from django_tasks_db.models import DBTaskResult
p = Petition.objects.get(pk=%d)
print(json.dumps({
    "risk": p.risk_level, "reasons": p.risk_reasons, "category": p.category_suggested,
    "alerts": list(RiskAlert.objects.filter(petition=p).values_list("level", flat=True)),
    "notified": Notification.objects.filter(target_kind="alert").count(),
    "messages": sorted(OutboundMessage.objects.filter(ref=p.tracking_number)
                       .values_list("purpose", "status", "text")),
    "tasks": sorted(DBTaskResult.objects.values_list("task_path", "status")),
}))
"""


def _database_url(tmp_path: Path) -> str:
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    url = f"sqlite:///{tmp_path / 'worker.sqlite3'}"
    _django(url, tmp_path, "migrate", "--verbosity", "0").check_returncode()
    return url


def _django(url: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = child_env(
        url,
        tmp_path,
        EQIAO_SMS_PROVIDER="sms_file",
        EQIAO_SMS_FILE_DIR=str(tmp_path / "sms"),
    )
    return subprocess.run(
        [sys.executable, "-m", "django", *args],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _state(url: str, tmp_path: Path, petition_id: int) -> dict:
    result = _django(url, tmp_path, "shell", "-c", STATE % petition_id)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_a_crash_after_the_commit_still_gives_the_alert_and_the_receipt(tmp_path):
    url = _database_url(tmp_path)
    filed = _django(url, tmp_path, "shell", "-c", FILE_AND_DIE % HIGH_RISK)
    assert filed.returncode == -9, filed.stderr  # killed right after the commit
    citizen = json.loads(filed.stdout.strip().splitlines()[-1])

    before = _state(url, tmp_path, citizen["id"])
    # Committed with the petition: its receipt (with the password the citizen was shown)
    # and the task; the reading and the alert are not done yet.
    [(purpose, status, text)] = before["messages"]
    assert (purpose, status) == ("receipt", "queued")
    assert citizen["number"] in text and citizen["password"] in text
    assert before["tasks"] == [["eqiao.intake.tasks.petition_accepted_task", "READY"]]
    assert before["alerts"] == [] and before["risk"] == "low"

    worker = _django(url, tmp_path, "db_worker", "--batch", "--no-startup-delay")
    assert worker.returncode == 0, worker.stderr

    after = _state(url, tmp_path, citizen["id"])
    assert after["risk"] == "high" and after["reasons"]
    assert after["alerts"] == ["high"]
    assert after["notified"] >= 1  # the office heads, in the app
    purposes = [(purpose, status) for purpose, status, _text in after["messages"]]
    assert ("receipt", "sent") in purposes
    assert ("alert", "sent") in purposes  # and by SMS
    assert all(status == "SUCCESSFUL" for _path, status in after["tasks"])
    sent = "".join(path.read_text() for path in (tmp_path / "sms").rglob("*") if path.is_file())
    assert citizen["password"] in sent and citizen["number"] in sent
