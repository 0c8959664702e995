"""Follow-up campaign throughput and memory: 10,000 and 100,000 closed records.

    .venv/bin/python benchmarks/followups_bench.py                     # 10k and 100k, SQLite
    .venv/bin/python benchmarks/followups_bench.py --records 2000
    .venv/bin/python benchmarks/followups_bench.py \
        --database-url postgresql://postgres@127.0.0.1:5432/eqiao_followups

Each size runs in a fresh child process on a fresh database (a temporary SQLite file, or the
given PostgreSQL database, migrated, its cases and follow-ups deleted first). The child
creates the closed cases (one party with a mobile each; every tenth party is in a second case
too, so one message names both), then measures the two halves of a run:

- queue: `run_start` (counts the people, streamed) + `run_advance` — follow-ups, their record
  links and one outbound message each, queued in bulk (`messages_queue_bulk`: one INSERT and
  one delivery task on the database queue per 500 people, one transaction per chunk);
- send: the delivery tasks the run queued, each run as a worker runs it
  (`messages_deliver_task`: 500 messages, claimed, opt-out-checked and recorded 100 at a
  time, one batch request each to the loopback fake gateway over one kept-alive
  connection), with the gateway's rate limit (EQIAO_SMS_HTTP_RATE) raised out of the way.

`--profile` prints the top of a cProfile of each half (to stderr of the child, shown).

It prints messages queued/s and sent/s, CPU seconds, and the peak resident memory of the
child (ru_maxrss) before and after the run: a streamed run shows about the same peak for 10k
and 100k.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BATCH = 1000


def _seed(records: int) -> None:
    from django.utils import timezone

    from eqiao.cases.models import Case, CaseParty, PartyRole, Stage
    from eqiao.offices.models import Level, Procuratorate
    from eqiao.offices.services import procuratorate_create

    city = Procuratorate.objects.filter(level=Level.CITY).first() or procuratorate_create(
        name="聊城市人民检察院", short_name="聊城市院", level=Level.CITY
    )
    closed = timezone.localdate() - dt.timedelta(days=3)
    people = records - records // 10
    for start in range(0, records, BATCH):
        cases = Case.objects.bulk_create(
            [
                Case(
                    number=f"聊检测〔2026〕{i}号",
                    kind="criminal",
                    title=f"测试案件{i}",
                    office=city,
                    stage=Stage.CLOSED,
                    accepted_on=closed - dt.timedelta(days=30),
                    closed_on=closed,
                )
                for i in range(start, min(start + BATCH, records))
            ]
        )
        CaseParty.objects.bulk_create(
            [
                CaseParty(
                    case=case,
                    role=PartyRole.VICTIM,
                    name="张三",
                    # The last tenth of the cases reuse the first people's numbers.
                    phone=f"138{(i if i < people else (i - people) * 9):08d}",
                )
                for i, case in zip(range(start, start + len(cases)), cases, strict=True)
            ]
        )
    return city


def _profiler():
    if not os.environ.get("BENCH_PROFILE"):
        return None
    import cProfile

    profiler = cProfile.Profile()
    profiler.enable()
    return profiler


def _profile_print(profiler, title: str) -> None:
    if profiler is None:
        return
    import pstats

    profiler.disable()
    print(f"--- cProfile: {title} (top 30)", file=sys.stderr)
    pstats.Stats(profiler, stream=sys.stderr).sort_stats(
        os.environ.get("BENCH_PROFILE_SORT", "cumulative")
    ).print_stats(30)


def child(records: int, gateway_url: str, batch_url: str) -> dict:
    """One measurement in this process (called in a fresh child)."""
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False
    settings.EQIAO_SMS_PROVIDER = "sms_http"
    settings.EQIAO_SMS_HTTP_URL = gateway_url
    settings.EQIAO_SMS_HTTP_BATCH_URL = batch_url
    settings.EQIAO_SMS_HTTP_KEY = "bench-key"
    settings.EQIAO_SMS_HTTP_RATE = 1_000_000  # a gateway that never throttles us
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    from eqiao.cases.models import Case
    from eqiao.channels.models import OutboundMessage
    from eqiao.channels.tasks import messages_deliver_task
    from eqiao.followups.models import Campaign
    from eqiao.followups.services.runs import run_advance, run_start

    call_command("migrate", verbosity=0)
    Campaign.objects.all().delete()
    Case.objects.all().delete()
    OutboundMessage.objects.all().delete()
    DBTaskResult.objects.all().delete()
    city = _seed(records)
    campaign = Campaign.objects.create(
        name="bench", office=city, source="cases", period="last_7_days",
        template="followups.evaluate", schedule="monthly 5 10:00",
    )  # fmt: skip
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start, cpu_start = time.perf_counter(), time.process_time()
    profiler = _profiler()
    run = run_start(campaign=campaign, enqueue=False)
    run = run_advance(run_id=run.pk)
    _profile_print(profiler, f"queue {records}")
    queue_s, queue_cpu = time.perf_counter() - start, time.process_time() - cpu_start
    after_queue = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start, cpu_start = time.perf_counter(), time.process_time()
    tasks = DBTaskResult.objects.filter(task_path=messages_deliver_task.module_path)
    sent = 0
    profiler = _profiler()
    for args in tasks.order_by("enqueued_at").values_list("args_kwargs", flat=True).iterator():
        sent += messages_deliver_task.call(*args["args"], **args["kwargs"])
    _profile_print(profiler, f"send {records}")
    send_s, send_cpu = time.perf_counter() - start, time.process_time() - cpu_start
    statuses = dict(
        OutboundMessage.objects.filter(purpose="followup")
        .values_list("status")
        .annotate(n=django.db.models.Count("pk"))
        .values_list("status", "n")
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "records": records,
        "people": run.total,
        "queued": run.queued,
        "queue_s": round(queue_s, 1),
        "queued_per_s": round(run.queued / queue_s),
        "queue_cpu_s": round(queue_cpu, 1),
        "send_s": round(send_s, 1),
        "sent_per_s": round(sent / send_s) if send_s else 0,
        "send_cpu_s": round(send_cpu, 1),
        "statuses": statuses,
        "rss_before_mb": round(before / 1024),
        "rss_after_queue_mb": round(after_queue / 1024),
        "peak_rss_mb": round(peak / 1024),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--database-url", default="")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of each half")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(int(args.child[0]), args.child[1], args.child[2])))
        return
    from eqiao.channels.providers.sms_http.fake_server import FakeSmsProvider

    db = "PostgreSQL" if args.database_url.startswith("postgres") else "SQLite"
    print(f"{db}: {'records':>8} {'people':>7} {'queue s':>8} {'queued/s':>9} {'send s':>7} "
          f"{'sent/s':>7} {'total s':>8} {'CPU s (q+s)':>12} {'RSS before':>11} {'peak RSS':>9}  statuses")  # fmt: skip
    for records in args.records:
        with tempfile.TemporaryDirectory() as var, FakeSmsProvider(key="bench-key") as gateway:
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "config.settings.local",
                "EQIAO_VAR_DIR": var,
                "EQIAO_LOG_LEVEL": "WARNING",
            }
            if args.profile:
                env["BENCH_PROFILE"] = "1"
            if args.database_url:
                env["DATABASE_URL"] = args.database_url
            else:
                env["DATABASE_URL"] = f"sqlite:///{var}/bench.sqlite3"
            gateway_cpu = time.process_time()
            out = subprocess.run(
                [sys.executable, __file__, "--child", str(records), gateway.url, gateway.batch_url],
                env=env,
                capture_output=True,
                text=True,
            )
            if out.returncode:
                sys.exit(out.stderr[-3000:])
            if args.profile:
                print(out.stderr, file=sys.stderr)
            r = json.loads(out.stdout.strip().splitlines()[-1])
            received = len(gateway.messages)
            gateway_cpu = time.process_time() - gateway_cpu
        print(
            f"{'':<{len(db) + 1}} {r['records']:>8} {r['people']:>7} {r['queue_s']:>8} "
            f"{r['queued_per_s']:>9} {r['send_s']:>7} {r['sent_per_s']:>7} "
            f"{r['queue_s'] + r['send_s']:>8.1f} {r['queue_cpu_s']:>5}+{r['send_cpu_s']:<6}"
            f"{r['rss_before_mb']:>8} MB {r['peak_rss_mb']:>6} MB"
            f"  {r['statuses']}, gateway received {received} (its CPU {gateway_cpu:.1f} s)"
        )


if __name__ == "__main__":
    main()
