"""Profile the worker's half of filing: CPU per petition of the acceptance batch and the
delivery that follows, as `db_worker` runs them, and where it goes.

    .venv/bin/python benchmarks/worker_profile.py               # 1,000 petitions
    .venv/bin/python benchmarks/worker_profile.py -n 500 --top 40
    .venv/bin/python benchmarks/worker_profile.py --queries     # statements by kind

Files N petitions through the API with the test client (1 in 10 high-risk, as
`web_load.py` sends them) on a fresh SQLite database in a temporary folder (or
DATABASE_URL's) with the demo loaded and `make run`'s settings, the queue in the database;
then runs every waiting task as the worker does and prints the worker's CPU per petition,
with the parts: the text engine, the alerts, the receipts' release, the claim, the
provider call and the record of the results.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import logging
import os
import pstats
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("EQIAO_VAR_DIR", tempfile.mkdtemp(prefix="eqiao-worker-profile-"))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local_prod"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

settings.ALLOWED_HOSTS = ["*"]
Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
HIGH = "，我们几十个人要一起去北京上访。"
PARTS = {
    # risk_alert_raise: the code before the alerts were raised together.
    "eqiao.intake.services.acceptance": [
        "text_read",
        "risk_alerts_raise",
        "risk_alert_raise",
        "messages_release",
    ],
    "eqiao.channels.services.delivery": ["_claim_chunk", "_call_many", "_record_chunk"],
}


def prepare() -> str:
    from eqiao.api.services.clients import api_client_create
    from eqiao.intake.services.reading import text_engine_preload

    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=io.StringIO())
    text_engine_preload()
    _client, key = api_client_create(name="剖析", channel="kiosk", submit_per_hour=10**9)
    return key


def file(http: Client, key: str, i: int) -> None:
    answer = http.post(
        "/api/v1/petitions",
        {
            "kind": "complaint",
            "name": "李秀英",
            "phone": f"139{i:08d}",
            "content": f"老板一直拖欠工资不给，请检察院帮帮忙。编号{i}{HIGH if i % 10 == 0 else ''}",
        },
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert answer.status_code == 201, answer.content


def drain() -> None:
    """Every waiting task, run as `db_worker` runs it (claim, run, record)."""
    from django_tasks_db.management.commands.db_worker import Worker

    Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="profile",
        excluded_queue_names=[],
    ).run()


def timed_parts() -> dict[str, float]:
    """Wrap the parts named in PARTS so that each adds its CPU time to the dict returned."""
    import importlib

    spent: dict[str, float] = {}
    for module_name, names in PARTS.items():
        module = importlib.import_module(module_name)
        for name in names:
            original = getattr(module, name, None)
            if original is None:
                continue

            def timed(*args, _original=original, _name=name, **kwargs):
                start = time.process_time()
                try:
                    return _original(*args, **kwargs)
                finally:
                    spent[_name] = spent.get(_name, 0.0) + time.process_time() - start

            setattr(module, name, timed)
    return spent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("-n", type=int, default=1000, help="petitions the worker takes")
    parser.add_argument("--top", type=int, default=0, help="print the N costliest functions")
    parser.add_argument("--queries", action="store_true", help="count statements by kind")
    args = parser.parse_args()
    key = prepare()
    http = Client()
    logging.disable(logging.INFO)
    for i in range(30):  # warm up both tasks
        file(http, key, i)
    sys.stderr, stderr = open(os.devnull, "w"), sys.stderr  # the file provider prints each SMS
    drain()
    for i in range(30, 30 + args.n):
        file(http, key, i)
    spent = timed_parts()
    profile = cProfile.Profile(time.process_time) if args.top else None
    with CaptureQueriesContext(connection) as queries:
        if not args.queries:
            connection.force_debug_cursor = False  # no statement log: it costs CPU
        start = time.process_time()
        if profile:
            profile.enable()
        drain()
        if profile:
            profile.disable()
        elapsed = time.process_time() - start
    sys.stderr = stderr
    print(f"worker: {elapsed / args.n * 1000:.3f} ms CPU per petition ({args.n} petitions)")
    for name, seconds in spent.items():
        print(f"  {name}: {seconds / args.n * 1000:.3f} ms per petition")
    if args.queries:
        kinds = Counter(query["sql"][:100] for query in queries.captured_queries)
        print(f"{len(queries.captured_queries)} statements")
        for sql, count in kinds.most_common(30):
            print(f"  {count:5d} {sql}")
    if profile:
        pstats.Stats(profile).sort_stats("cumulative").print_stats(args.top)


if __name__ == "__main__":
    main()
