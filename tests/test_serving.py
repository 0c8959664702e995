"""How EQiao is served (`make run`, production): the WSGI module loads what the first
request would otherwise wait for, and on SQLite writers queue for the write lock."""

from __future__ import annotations

import fcntl
import importlib
import os
import threading
import time

import pytest
from django.db import connections


def test_building_the_wsgi_application_loads_the_text_engine(monkeypatch):
    import config.wsgi
    from eqiao.intake.services import reading

    calls = []
    monkeypatch.setattr(reading, "text_engine_preload", lambda: calls.append(True))
    importlib.reload(config.wsgi)
    assert calls == [True]


def test_text_engine_preload_reads_a_text_through_the_engine(monkeypatch):
    from eqiao.intake.services import reading

    seen = []
    monkeypatch.setattr(reading, "analyze", lambda text: seen.append(text))
    reading.text_engine_preload()
    assert len(seen) == 1 and "上访" in seen[0]


def test_a_failing_engine_at_start_is_logged_not_raised(monkeypatch, caplog):
    from eqiao.intake.services import reading

    def broken(text):
        raise OSError("model file missing")

    monkeypatch.setattr(reading, "analyze", broken)
    reading.text_engine_preload()
    assert "failed to load at start" in caplog.text


def _wrapper(path):
    from config.sqlite.base import DatabaseWrapper

    settings = dict(connections["default"].settings_dict)
    settings.update(
        NAME=str(path),
        ENGINE="config.sqlite",
        OPTIONS={"transaction_mode": "IMMEDIATE", "timeout": 20},
        CONN_MAX_AGE=0,
    )
    return DatabaseWrapper(settings, alias="gate-test")


@pytest.mark.django_db
def test_sqlite_writers_queue_for_the_write_lock(tmp_path):
    first = _wrapper(tmp_path / "q.sqlite3")
    first.cursor().execute("CREATE TABLE t (x integer)")
    order: list[str] = []

    # Open a transaction by hand the way atomic() does on SQLite (autocommit + BEGIN).
    first._start_transaction_under_autocommit()
    first.cursor().execute("INSERT INTO t VALUES (1)")
    # The writer holds the queue's lock: anyone else (another process) waits in line.
    probe = os.open(tmp_path / "q.sqlite3.write-queue", os.O_RDWR)
    with pytest.raises(BlockingIOError):
        fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)

    def write_second():
        second = _wrapper(tmp_path / "q.sqlite3")  # a connection belongs to its thread
        second.ensure_connection()
        second._start_transaction_under_autocommit()
        order.append("second began")
        second.cursor().execute("INSERT INTO t VALUES (2)")
        second._commit()
        second.close()

    thread = threading.Thread(target=write_second)
    thread.start()
    time.sleep(0.3)
    order.append("first commits")
    first._commit()
    thread.join(5)
    assert order == ["first commits", "second began"]
    rows = [r[0] for r in first.cursor().execute("SELECT x FROM t ORDER BY x").fetchall()]
    assert rows == [1, 2]
    fcntl.flock(probe, fcntl.LOCK_EX | fcntl.LOCK_NB)  # released at commit
    os.close(probe)
    first.close()


@pytest.mark.django_db
def test_make_run_settings_serve_like_production(settings):
    import config.settings.local_prod as run

    assert run.DEBUG is False
    assert "Manifest" in run.STORAGES["staticfiles"]["BACKEND"]
    assert run.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert run.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def test_make_run_collects_every_static_file_with_hashed_names(tmp_path):
    """`make run` collects static files into a manifest before it serves: a vendored file
    that points at a file we do not ship (a source map) would stop it from starting."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local_prod",
        "EQIAO_STATIC_ROOT": str(tmp_path / "static"),
        "EQIAO_VAR_DIR": str(tmp_path / "var"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "django", "collectstatic", "--noinput", "-v", "0"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    manifest = (tmp_path / "static" / "staticfiles.json").read_text()
    assert "publishing/vendor/quill/quill.js" in manifest
