"""Public-opinion pipeline benchmark: generated posts (10 % reposts) through the whole
pipeline as the installation runs it — stored in PostgreSQL, analysed by worker
processes (`services.process.posts_process`: normalise → near-duplicates → relevance →
sentiment → severity → events → bursts → stored, with the shared state) — with one and
with two worker processes, then the delay from ingest to alert through the real task
worker (`manage.py db_worker`).

    .venv/bin/python benchmarks/opinion_bench.py [--posts 200000] [--workers 1 2]
        [--database-url postgres://postgres@127.0.0.1:5432/eqiao_opinion_bench]
        [--alerts 3] [--pipeline-only]

The database (default `eqiao_opinion_bench`) is created and migrated when missing and its
opinion tables are emptied first. Per worker count it prints: posts/s (wall clock, from
the moment the processes are told to start until the last post is stored), per worker
process, the CPU seconds the worker processes used and posts per CPU second (the figure
that does not depend on what else the machine runs; the database server's own CPU is
not in it), peak memory of the largest worker, reposts merged, events, major posts, and
how many reposts point to an original the OTHER worker merged (the shared state at
work). Then `db_worker` is started, a plain post is pushed to warm it, and `--alerts` major
posts are pushed through the push service (`posts_ingest`, as the push API calls it):
the delay from the push until the `OpinionAlert` row exists.

`--pipeline-only`: the analyser alone in this process (no database), posts per CPU second.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import multiprocessing as mp
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# OPINION_BENCH_CODE: another checkout whose code to measure (e.g. main's, for a baseline
# in the same run); the spawned worker processes inherit it.
ROOT = Path(os.environ.get("OPINION_BENCH_CODE") or Path(__file__).resolve().parents[1])
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(Path(__file__).resolve().parent))

from opinion_posts import MAJORS, SOURCES, generate  # noqa: E402

BATCH = 500


# -- the analyser alone ---------------------------------------------------------------


def pipeline_only(n: int) -> None:
    from eqiao.opinion.pipeline import Analyzer, Post

    posts = [Post(*p) for p in generate(n)]
    analyzer = Analyzer(judge_irrelevant=False)
    analyzer.prepare(Post("warm", "x", "冠县检察院给力"))
    started = time.process_time()
    for i in range(0, len(posts), BATCH):
        for item in analyzer.prepare_many(posts[i : i + BATCH]):
            analyzer.merge(item)
    cpu = time.process_time() - started
    print(f"analyser alone: {n:,} posts in {cpu:.1f} CPU s = {n / cpu:,.0f} posts per CPU second")


# -- the database ---------------------------------------------------------------------


def _environment(url: str, var: str) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings.local_prod",  # as `make run` (SQLite: the writer queue)
        "DATABASE_URL": url,
        "EQIAO_VAR_DIR": var,
        "EQIAO_LOG_LEVEL": "WARNING",
        "EQIAO_SMS_PROVIDER": "sms_file",
        "EQIAO_SMS_FILE_DIR": str(Path(var) / "sms"),
        "EQIAO_FIELD_KEYS": base64.b64encode(b"k" * 32).decode(),
        "EQIAO_FIELD_HASH_KEY": base64.b64encode(b"h" * 32).decode(),
    }


def _postgres(url: str) -> bool:
    return url.startswith(("postgres://", "postgresql://"))


def _database_create(url: str) -> None:
    if not _postgres(url):
        return  # SQLite: migrate creates the file
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def _setup(url: str, var: str) -> None:
    os.environ.update(_environment(url, var))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _reset_all() -> None:
    from django.db import connection

    from eqiao.offices.models import Procuratorate
    from eqiao.opinion.services.alerts import default_rules_create

    tables = [
        "opinion_opinionalert",
        "opinion_opinionpost",
        "opinion_opinionevent",
        "opinion_pipelinestate",
        "opinion_source",
        "django_tasks_database_dbtaskresult",
    ]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {table}")
    if not Procuratorate.objects.exists():
        from eqiao.offices.tests.factories import build_office_tree

        build_office_tree()
    default_rules_create()


def _ingest(posts) -> float:
    from eqiao.opinion.services.ingest import PostInput, posts_ingest, source_get_or_create

    sources = {code: source_get_or_create(code=code, kind="import") for code in SOURCES}
    started = time.perf_counter()
    for code in SOURCES:
        mine = [PostInput(i, text, posted_at=at) for i, c, text, at in posts if c == code]
        for start in range(0, len(mine), 5000):
            posts_ingest(source=sources[code], posts=mine[start : start + 5000])
    return time.perf_counter() - started


def _reset_analysis() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM opinion_opinionalert")
        cursor.execute(
            "UPDATE opinion_opinionpost SET analysed_at = NULL, merge_seq = NULL,"
            " shingles = NULL, prepared = NULL, dup_of_id = NULL, event_id = NULL, reach = 1,"
            " relevant = NULL,"
            " sentiment = '', severity = '', office_id = NULL, normalised = '', reasons = '[]'"
        )
        cursor.execute("DELETE FROM opinion_opinionevent")
        cursor.execute("DELETE FROM opinion_pipelinestate")
        cursor.execute("DELETE FROM django_tasks_database_dbtaskresult")
        cursor.execute(
            "VACUUM ANALYZE opinion_opinionpost" if connection.vendor == "postgresql" else "ANALYZE"
        )


def _cpu_of(pid: int) -> float:
    """CPU seconds (user + system) a process has used, from /proc (Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _work(go, ready, results, profile: str = "") -> None:
    """A worker process (spawned: a fresh interpreter, as `db_worker` runs, not a copy of
    the benchmark's memory): warm, wait for the start, process until nothing is left."""
    import django

    django.setup()
    from django.db import connection

    from eqiao.opinion.services import process

    if hasattr(process, "warm"):  # (a baseline's code may not have it)
        process.warm()
    backend = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # the database server's process
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]
    ready.put(os.getpid())
    go.wait()
    cpu, server = time.process_time(), _cpu_of(backend) if backend else 0.0
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    while process.posts_process():
        pass
    if profiler is not None:
        profiler.disable()
        profiler.dump_stats(profile)
    stats = process._worker.stats
    results.put(
        {
            "pid": os.getpid(),
            "posts": stats["merged"],
            "cpu": time.process_time() - cpu,
            "server": (_cpu_of(backend) - server) if backend else 0.0,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "replayed": stats["replayed"],
            "ahead": stats["prepared_ahead"],
            "phases": {k: v for k, v in stats.items() if k.startswith("s_")},
        }
    )


def run(workers: int, profile: str = "") -> dict:
    from django.db import connections

    from eqiao.opinion.models import OpinionEvent, OpinionPost

    _reset_analysis()
    connections.close_all()
    ctx = mp.get_context("spawn")
    go, ready, results = ctx.Event(), ctx.Queue(), ctx.Queue()
    procs = [ctx.Process(target=_work, args=(go, ready, results, profile)) for _ in range(workers)]
    for p in procs:
        p.start()
    for _p in procs:  # started, models loaded, connected
        ready.get(timeout=300)
    started = time.perf_counter()
    go.set()
    reports = [results.get() for _ in procs]
    elapsed = time.perf_counter() - started
    for p in procs:
        p.join()
    posts = sum(r["posts"] for r in reports)
    cpu = sum(r["cpu"] for r in reports)
    server = sum(r["server"] for r in reports)
    # reposts whose original another worker merged: the two merged batches alternate
    dups = OpinionPost.objects.filter(dup_of__isnull=False)
    return {
        "workers": workers,
        "posts": posts,
        "seconds": elapsed,
        "rate": posts / elapsed,
        "cpu": cpu,
        "per_cpu": posts / cpu if cpu else float("nan"),
        "server": server,
        "per_core": posts / (cpu + server) if cpu + server else float("nan"),
        "split": [r["posts"] for r in reports],
        "replayed": sum(r["replayed"] for r in reports),
        "ahead": sum(r["ahead"] for r in reports),
        "phases": {
            k[2:]: round(sum(r["phases"].get(k, 0.0) for r in reports), 1)
            for k in sorted({k for r in reports for k in r["phases"]})
        },
        "peak_mb": max(r["peak_mb"] for r in reports),
        "dups": dups.count(),
        "events": OpinionEvent.objects.count(),
        "majors": OpinionPost.objects.filter(severity="major").count(),
    }


def alert_delays(url: str, var: str, count: int) -> list[float]:
    from django.db import connection

    from eqiao.opinion.models import OpinionAlert, OpinionPost
    from eqiao.opinion.services.ingest import PostInput, posts_ingest, source_get_or_create

    with connection.cursor() as cursor:  # the SMS of the throughput runs are not sent
        cursor.execute("DELETE FROM django_tasks_database_dbtaskresult")
    env = {**os.environ, **_environment(url, var), "PYTHONPATH": str(ROOT)}
    worker = subprocess.Popen(
        [sys.executable, "-m", "django", "db_worker", "--no-startup-delay"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=(Path(var) / "db_worker.log").open("w"),
    )
    source = source_get_or_create(code="push", kind="push")
    now = dt.datetime.now(dt.UTC)
    try:
        # a plain post first: the worker process starts and warms its state
        posts_ingest(
            source=source, posts=[PostInput("warm", "莘县检察院开了听证会", posted_at=now)]
        )
        while not OpinionPost.objects.filter(
            source_post_id="warm", analysed_at__isnull=False
        ).exists():
            if worker.poll() is not None:
                raise RuntimeError(f"db_worker stopped: see {var}/db_worker.log")
            time.sleep(0.05)
        delays = []
        for n in range(count):
            pushed = time.perf_counter()
            posts_ingest(
                source=source,
                posts=[PostInput(f"major-{n}", MAJORS[n % len(MAJORS)], posted_at=now)],
            )
            while not OpinionAlert.objects.filter(
                post__source_post_id=f"major-{n}", rule__trigger="major_post"
            ).exists():
                if time.perf_counter() - pushed > 120:
                    raise RuntimeError("no alert within 120 s")
                time.sleep(0.02)
            delays.append(time.perf_counter() - pushed)
            time.sleep(1.0)
        return delays
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--posts", type=int, nargs="+", default=[20_000, 200_000])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/eqiao_opinion_bench"
    )
    parser.add_argument("--alerts", type=int, default=3)
    parser.add_argument("--pipeline-only", action="store_true")
    parser.add_argument("--profile", default="", help="cProfile output of the worker(s)")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    print(f"load: {os.getloadavg()[0]:.1f} {os.getloadavg()[1]:.1f} {os.getloadavg()[2]:.1f}")
    if args.pipeline_only:
        for n in args.posts:
            pipeline_only(n)
        return 0
    var = tempfile.mkdtemp(prefix="opinion-bench-")
    _database_create(args.database_url)
    _setup(args.database_url, var)
    peaks: dict[tuple[int, int], float] = {}
    for n in args.posts:
        _reset_all()
        posts = generate(n)
        seconds = _ingest(posts)
        del posts
        print(f"ingested {n:,} posts in {seconds:.1f} s ({n / seconds:,.0f}/s)")
        for workers in args.workers:
            r = run(workers, args.profile)
            peaks[n, workers] = r["peak_mb"]
            print(
                f"{n:,} posts, {r['workers']} worker process(es): {r['posts']:,} stored in "
                f"{r['seconds']:.1f} s = {r['rate']:,.0f} posts/s "
                f"({r['rate'] / r['workers']:,.0f} per worker process; merged by each"
                f" {r['split']}); CPU {r['cpu']:.1f} s in the workers + {r['server']:.1f} s"
                f" in their database server processes = {r['per_core']:,.0f} posts per CPU"
                f" second ({r['per_cpu']:,.0f} counting the workers only); "
                f"peak memory {r['peak_mb']:,.0f} MB; reposts merged {r['dups']:,}; "
                f"events {r['events']:,}; major {r['majors']:,}; "
                f"posts prepared ahead for the merging worker {r['ahead']:,}; "
                f"posts replayed from the other worker {r['replayed']:,}; "
                f"load {os.getloadavg()[0]:.1f}"
            )
            print(f"  seconds by step (summed over the workers): {r['phases']}")
    sizes = sorted(args.posts)
    if len(sizes) > 1:
        for workers in args.workers:
            small, large = peaks[sizes[0], workers], peaks[sizes[-1], workers]
            print(
                f"peak memory, {workers} worker(s): {small:,.0f} MB at {sizes[0]:,} posts,"
                f" {large:,.0f} MB at {sizes[-1]:,} ({large / small:.2f}×)"
            )
    if args.alerts:
        delays = alert_delays(args.database_url, var, args.alerts)
        print(
            "push → OpinionAlert through db_worker (poll interval 1 s): "
            + ", ".join(f"{d:.2f} s" for d in delays)
            + f" (median {statistics.median(delays):.2f} s); load {os.getloadavg()[0]:.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
