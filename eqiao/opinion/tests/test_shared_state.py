"""Two workers share one state: a repost that worker 2 handles is merged into the original
worker 1 handled, and a post about the same matter joins worker 1's event, although
each worker keeps its analyser in its own memory (warmed before the original existed)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.db import connection

from eqiao.core.tests.processes import child_env
from eqiao.opinion.models import OpinionEvent, OpinionPost, PipelineState
from eqiao.opinion.services.ingest import PostInput, posts_ingest, source_get_or_create
from eqiao.opinion.services.process import Worker, posts_process

NOW = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)
ORIGINAL = "冠县检察院的张立新收了对方的钱，把我哥的案子压下来了，求扩散！"
REPOST = "太黑了//@甲: " + ORIGINAL
SAME_MATTER = "我哥的案子被冠县检察院张立新压下来了，他收了对方的钱，到现在也没个说法"


def _ingest(code: str, texts: list[str], minute: int) -> None:
    source = source_get_or_create(code=code, kind="import")
    posts_ingest(
        source=source,
        posts=[
            PostInput(
                source_post_id=f"{code}-{i}",
                text=t,
                posted_at=NOW + dt.timedelta(minutes=minute + i),
            )
            for i, t in enumerate(texts)
        ],
    )


@pytest.mark.django_db
def test_a_repost_handled_by_worker_2_joins_the_original_of_worker_1(desk):
    one, two = Worker(), Worker()
    with time_machine.travel(NOW + dt.timedelta(hours=1), tick=False):
        _ingest("warm", ["莘县检察院今天开了公开听证会"], 0)
        assert posts_process(worker=two) == 1  # worker 2 is warm before the original
        _ingest("feed", [ORIGINAL], 1)
        assert posts_process(worker=one) == 1
        _ingest("other", [REPOST, SAME_MATTER], 2)
        assert posts_process(worker=two) == 2
    original = OpinionPost.objects.get(source__code="feed")
    repost = OpinionPost.objects.get(source_post_id="other-0")
    same = OpinionPost.objects.get(source_post_id="other-1")
    assert repost.dup_of == original and repost.event == original.event
    assert same.dup_of is None and same.event == original.event
    assert two.stats["replayed"] >= 1  # it learnt the original from worker 1's rows
    original.refresh_from_db()
    assert original.reach == 2
    event = OpinionEvent.objects.get(pk=original.event_id)
    assert event.posts_count == 3 and event.severity == "major"
    # the posts are numbered in the order the workers merged them
    order = list(OpinionPost.objects.order_by("merge_seq").values_list("source__code", flat=True))
    assert order == ["warm", "feed", "other", "other"]
    assert PipelineState.objects.get().seq == 4


# -- two real worker processes -----------------------------------------------------------

# A worker process: reads one JSON command per line, answers one JSON line.
WORKER = """
import datetime as dt, json, sys
from eqiao.offices.tests.factories import build_office_tree
from eqiao.opinion.models import OpinionPost
from eqiao.opinion.services.alerts import default_rules_create
from eqiao.opinion.services.ingest import PostInput, posts_ingest, source_get_or_create
from eqiao.opinion.services import process

NOW = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)
for line in sys.stdin:
    command = json.loads(line)
    if command["do"] == "setup":
        build_office_tree(); default_rules_create(); answer = {}
    elif command["do"] == "ingest":
        source = source_get_or_create(code=command["code"], kind="import")
        posts_ingest(source=source, posts=[
            PostInput(source_post_id=command["code"] + str(i), text=t,
                      posted_at=NOW + dt.timedelta(minutes=command["minute"] + i))
            for i, t in enumerate(command["texts"])])
        answer = {}
    elif command["do"] == "process":
        done = 0
        while n := process.posts_process(batch=command.get("batch", 500)):
            done += n
        answer = {"done": done, "replayed": process._worker.stats["replayed"]}
    elif command["do"] == "hold":  # prepare ahead, then wait for a line before storing
        from eqiao.opinion.models import Source
        process.warm()
        codes = dict(Source.objects.values_list("pk", "code"))
        def pause():
            print(json.dumps({"held": True}), flush=True)
            sys.stdin.readline()
        done = process.prepare_ahead(process._worker.analyzer, command["batch"], codes, pause)
        answer = {"prepared": done}
    else:
        answer = {p.source_post_id: [p.pk, p.dup_of_id, p.event_id]
                  for p in OpinionPost.objects.all()}
    print(json.dumps(answer), flush=True)
"""


def _database_url(tmp_path: Path) -> str:
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
        return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    url = f"sqlite:///{tmp_path / 'workers.sqlite3'}"
    subprocess.run(
        [sys.executable, "-m", "django", "migrate", "--verbosity", "0"],
        env=_env(url, tmp_path),
        cwd=settings.BASE_DIR,
        check=True,
        timeout=300,
    )
    return url


def _env(url: str, tmp_path: Path) -> dict[str, str]:
    return child_env(
        url,
        tmp_path,
        EQIAO_SMS_PROVIDER="sms_file",
        EQIAO_SMS_FILE_DIR=str(tmp_path / "sms"),
    )


class _Process:
    def __init__(self, url: str, tmp_path: Path) -> None:
        self.popen = subprocess.Popen(
            [sys.executable, "-m", "django", "shell", "--verbosity", "0", "-c", WORKER],
            env=_env(url, tmp_path),
            cwd=settings.BASE_DIR,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )

    def ask(self, **command) -> dict:
        self.send(**command)
        return self.answer()

    def send(self, **command) -> None:
        assert self.popen.stdin is not None
        self.popen.stdin.write(json.dumps(command, ensure_ascii=False) + "\n")
        self.popen.stdin.flush()

    def answer(self) -> dict:
        assert self.popen.stdout is not None
        line = self.popen.stdout.readline()
        while line and not line.startswith("{"):  # anything the shell says first
            line = self.popen.stdout.readline()
        assert line, "the worker process died"
        return json.loads(line)

    def close(self) -> None:
        assert self.popen.stdin is not None
        self.popen.stdin.close()
        self.popen.wait(timeout=60)


@pytest.mark.django_db(transaction=True)
def test_two_worker_processes_share_originals_and_events(tmp_path):
    url = _database_url(tmp_path)
    one, two = _Process(url, tmp_path), _Process(url, tmp_path)
    try:
        one.ask(do="setup")
        two.ask(do="ingest", code="warm", texts=["莘县检察院今天开了公开听证会"], minute=0)
        assert two.ask(do="process")["done"] == 1  # worker 2 warm, before the original
        one.ask(do="ingest", code="feed", texts=[ORIGINAL], minute=1)
        assert one.ask(do="process")["done"] == 1
        two.ask(do="ingest", code="other", texts=[REPOST, SAME_MATTER], minute=2)
        answer = two.ask(do="process")
        assert answer["done"] == 2 and answer["replayed"] >= 1, answer
        posts = two.ask(do="posts")
    finally:
        one.close()
        two.close()
    original, repost, same = posts["feed0"], posts["other0"], posts["other1"]
    assert repost[1] == original[0]  # dup_of: worker 1's original
    assert repost[2] == original[2] and same[2] == original[2]  # one event


@pytest.mark.django_db(transaction=True)
def test_a_repost_merges_after_its_original_prepared_at_the_same_time(tmp_path):
    """Worker 2 prepares the original's batch ahead and has not stored it yet when worker
    1 (merging) claims: worker 1 waits for it (PostgreSQL) or takes it itself (SQLite)
    instead of merging the repost's later batch first, so the repost is linked."""
    url = _database_url(tmp_path)
    one, two = _Process(url, tmp_path), _Process(url, tmp_path)
    try:
        one.ask(do="setup")
        one.ask(do="ingest", code="feed", texts=[ORIGINAL, REPOST], minute=1)
        two.send(do="hold", batch=1)
        assert two.answer() == {"held": True}  # prepared, not stored
        one.send(do="process", batch=1)
        time.sleep(1.0)  # (before the fix, worker 1 merged the repost meanwhile)
        two.send(do="go")
        assert two.answer() == {"prepared": 1}
        assert one.answer()["done"] == 2
        posts = one.ask(do="posts")
    finally:
        one.close()
        two.close()
    original, repost = posts["feed0"], posts["feed1"]
    assert original[1] is None
    assert repost[1] == original[0]  # dup_of: the original
    assert repost[2] == original[2] is not None  # the original's event
