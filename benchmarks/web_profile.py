"""Profile the public endpoints through Django's test client: milliseconds of CPU a request,
SQL statements a request (CaptureQueriesContext) and where the time goes (cProfile).

    .venv/bin/python benchmarks/web_profile.py                # every endpoint, summary
    .venv/bin/python benchmarks/web_profile.py post --top 40  # one, with its profile

Runs on a fresh SQLite database in a temporary folder (or DATABASE_URL's) with the demo
loaded and `make run`'s settings (config.settings.local_prod), the task queue in the
database as deployed (the worker's part is not measured).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("EQIAO_VAR_DIR", tempfile.mkdtemp(prefix="eqiao-web-profile-"))
os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.local_prod"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

settings.ALLOWED_HOSTS = ["*"]
RUN = f"{time.time_ns():x}"  # makes this run's petitions new to a kept database
Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def prepare() -> tuple[str, str]:
    from eqiao.api.services.clients import api_client_create
    from eqiao.intake.services.reading import text_engine_preload
    from eqiao.offices.models import Procuratorate

    call_command("migrate", verbosity=0)
    if not Procuratorate.objects.exists():  # EQIAO_VAR_DIR kept from an earlier run
        call_command("load_demo", stdout=io.StringIO())
    text_engine_preload()
    _client, key = api_client_create(name=f"剖析{RUN}", channel="kiosk", submit_per_hour=10**9)
    answer = Client().post(
        "/api/v1/petitions",
        {
            "kind": "consultation",
            "name": "赵磊",
            "phone": "13906358888",
            "content": "抚养费怎么算？",
        },
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    return key, answer.json()["tracking_number"]


def endpoints(key: str, number: str):
    auth = {"HTTP_AUTHORIZATION": f"Bearer {key}"}
    counter = iter(range(10**9))

    def post(http: Client):
        i = next(counter)
        high = "，我们几十个人要一起去北京上访。" if i % 10 == 0 else ""
        return http.post(
            "/api/v1/petitions",
            {
                "kind": "complaint",
                "name": "李秀英",
                "phone": f"139{i:08d}",
                "content": f"老板一直拖欠工资不给，请检察院帮帮忙。编号{RUN}-{i}{high}",
            },
            content_type="application/json",
            **auth,
        )

    return {
        "post": post,
        "home": lambda http: http.get("/"),
        "services": lambda http: http.get("/api/open311/v2/services.json"),
        "request": lambda http: http.get(f"/api/open311/v2/requests/{number}.json?api_key={key}"),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("names", nargs="*", default=["post", "home", "services", "request"])
    parser.add_argument("-n", type=int, default=300, help="requests timed per endpoint")
    parser.add_argument("--top", type=int, default=0, help="print the N costliest functions")
    parser.add_argument(
        "--sort", default="cumulative", help="profile order (cumulative, tottime, …)"
    )
    args = parser.parse_args()
    key, number = prepare()
    calls = endpoints(key, number)
    http = Client()
    for name in args.names:
        call = calls[name]
        for _ in range(20):  # warm caches and lazily built things
            assert call(http).status_code < 300
        connection.queries_log.clear()
        statements: list[str] = []

        def count(execute, sql, params, many, context, statements=statements):
            statements.append(sql)
            return execute(sql, params, many, context)

        with CaptureQueriesContext(connection), connection.execute_wrapper(count):
            call(http)
        # CPU time, not wall time, in five batches: the machine is shared, and the fastest
        # batch is the one least disturbed by others (the median is printed beside it).
        batches = []
        for _ in range(5):
            start = time.process_time()
            for _ in range(max(1, args.n // 5)):
                call(http)
            batches.append((time.process_time() - start) / max(1, args.n // 5) * 1000)
        batches.sort()
        print(
            f"{name:9} {batches[0]:6.2f} ms CPU/request (median of 5 batches {batches[2]:.2f})"
            f"  {len(statements):3d} SQL statements"
        )
        if args.top:
            for sql in statements:
                print("    ", sql[:150])
            # CPU time, as the figures above (wall time would count the commit's fsync and
            # the shared machine's other processes).
            profile = cProfile.Profile(time.process_time)
            profile.enable()
            for _ in range(args.n):
                call(http)
            profile.disable()
            pstats.Stats(profile).sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
