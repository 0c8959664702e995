"""The satisfaction index on many evaluations: the city page's reads (index, change, 12-month
trend, each county) and one prosecutor ranking, on 10,000 and 100,000 evaluations.

    .venv/bin/python benchmarks/satisfaction_index.py                       # 10k and 100k
    .venv/bin/python benchmarks/satisfaction_index.py --evaluations 20000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/eqiao_bench .venv/bin/python benchmarks/...

Each size runs in a fresh child process on a fresh database (a temporary SQLite file unless
DATABASE_URL is set: that database is migrated and its evaluations deleted first). The child
builds the demo's office tree (1 city, 8 counties, 33 outposts) and staff, writes the
evaluations over twelve months with bulk inserts plus 2,000 survey responses, then prints
the median of 5 runs of each read and the number of queries it took. The reads are grouped
aggregation queries: their time grows with the rows scanned, never with Python loops over
them.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def child(evaluations: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import django

    django.setup()
    import datetime as dt
    import random

    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    from eqiao.cases.models import Case
    from eqiao.followups.models import Evaluation, EvaluationLevel
    from eqiao.offices.models import Level, Procuratorate, Staff
    from eqiao.surveys.models import Response, Survey
    from eqiao.surveys.periods import Period
    from eqiao.surveys.satisfaction import satisfaction_by_prosecutor, satisfaction_overview

    Evaluation.objects.all().delete()
    if not Procuratorate.objects.filter(level=Level.CITY).exists():
        from eqiao.demo.offices import offices_create
        from eqiao.demo.staff import NamePool, staff_create_all

        staff_create_all(offices_create(), NamePool())
    city = Procuratorate.objects.get(level=Level.CITY)
    offices = list(Procuratorate.objects.all())
    staff = list(Staff.objects.all())
    case = Case.objects.first()
    if case is None:
        case = Case.objects.create(
            number="BENCH-1",
            kind="criminal",
            title="基准",
            office=city,
            accepted_on=dt.date(2026, 1, 5),
        )
    rng = random.Random(1)
    levels = [EvaluationLevel.SATISFIED] * 8 + [EvaluationLevel.BASIC, EvaluationLevel.DISSATISFIED]
    end = timezone.make_aware(dt.datetime(2026, 12, 1))
    started = time.perf_counter()
    batch = []
    for _ in range(evaluations):
        batch.append(
            Evaluation(
                office=rng.choice(offices),
                prosecutor=rng.choice(staff),
                case=case,
                level=rng.choice(levels),
                source="sms",
                received_at=end - dt.timedelta(seconds=rng.randrange(365 * 86400)),
            )
        )
        if len(batch) == 5000:
            Evaluation.objects.bulk_create(batch)
            batch = []
    Evaluation.objects.bulk_create(batch)
    survey = Survey.objects.create(office=city, title="基准问卷", status="published")
    Response.objects.bulk_create(
        Response(
            survey=survey,
            office=rng.choice(offices),
            satisfaction=rng.choice((100.0, 75.0, 50.0)),
            submitted_at=end - dt.timedelta(seconds=rng.randrange(365 * 86400)),
        )
        for _ in range(2000)
    )
    load_seconds = time.perf_counter() - started
    period = Period.parse("2026-11")

    def timed(fn) -> tuple[float, int]:
        times, queries = [], 0
        for _ in range(5):
            with CaptureQueriesContext(connection) as captured:
                t0 = time.perf_counter()
                fn()
                times.append(time.perf_counter() - t0)
            queries = len(captured)
        return statistics.median(times) * 1000, queries

    overview_ms, overview_q = timed(
        lambda: satisfaction_overview(office=city, period=period, trend_length=12)
    )
    staff_ms, staff_q = timed(lambda: satisfaction_by_prosecutor(office=city, period=period))
    value = satisfaction_overview(office=city, period=period).index.value
    return {
        "evaluations": evaluations,
        "load_s": round(load_seconds, 1),
        "city_page_ms": round(overview_ms, 1),
        "city_page_queries": overview_q,
        "prosecutors_ms": round(staff_ms, 1),
        "prosecutors_queries": staff_q,
        "city_index_2026_11": value,
        "database": connection.vendor,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--evaluations", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child)))
        return
    for size in args.evaluations:
        env = dict(os.environ)
        with tempfile.TemporaryDirectory() as tmp:
            if "DATABASE_URL" not in env:
                env["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
            out = subprocess.run(
                [sys.executable, __file__, "--child", str(size)],
                env=env,
                capture_output=True,
                text=True,
                check=False,
            )
        if out.returncode:
            print(out.stderr[-3000:], file=sys.stderr)
            sys.exit(out.returncode)
        row = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"{row['database']:>10} {row['evaluations']:>8,} evaluations: city page "
            f"{row['city_page_ms']} ms ({row['city_page_queries']} queries), prosecutors "
            f"{row['prosecutors_ms']} ms ({row['prosecutors_queries']} queries); "
            f"index 2026-11 = {row['city_index_2026_11']}  [load {row['load_s']} s]"
        )


if __name__ == "__main__":
    main()
