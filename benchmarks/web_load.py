"""Web load benchmark: EQiao against a bare Django 5.2 project, served the same way.

    .venv/bin/python benchmarks/web_load.py --db sqlite
    .venv/bin/python benchmarks/web_load.py --db postgres   # DATABASE_URL's server, own DBs

Needs wrk (Debian/Ubuntu: `sudo apt-get install wrk`). Starts two servers with the same
gunicorn configuration (config/gunicorn.py: worker processes × threads, preloaded):
EQiao with the demo data and `make run`'s settings (config.settings.local_prod: DEBUG off,
cached templates, collected static files), its background worker beside it as `make run`
has; and benchmarks/bare (startproject settings, the same database kind and options). Each
EQiao endpoint is run interleaved with its bare counterpart, at each connection count, for
each repetition:

    POST /api/v1/petitions (unique petitions, 1 in 10 high-risk)  vs  POST /rows/ (insert)
    GET /  (portal home)                                           vs  GET /hello/
    GET /api/open311/v2/services.json                              vs  GET /hello/
    GET /api/open311/v2/requests/<n>.json?api_key=… (the filer)    vs  GET /rows/<key>/

The worker runs during EQiao's POST runs (its half of each petition is part of filing's
cost); after each of them the benchmark waits for the worker's queue to empty before the
next run, so the bare insert and the reads do not share the machine with that backlog.

It prints req/s, p50 and p99 latency and EQiao's share of the bare figure, then checks that
every 2xx answer to a POST is exactly one petition in the database with its receipt SMS
queued (none lost, none duplicated) and counts the 5xx answers. The bare hello figure is the
ceiling of the machine and the load generator together.

Beside each run it prints the CPU each part used per request answered (`web_cpu`: the
server's processes, EQiao's worker, the PostgreSQL backends of the side's database, wrk),
and for EQiao's POST the worker's and database's CPU while the queue drained after it:
figures a shared machine disturbs far less than req/s.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import web_cpu  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
BARE = ROOT / "benchmarks" / "bare"

# Counts the answers by status class, and on POSTs builds a unique petition (or row).
LUA = r"""
local counter = 0
local threads = {}
tid = 0
codes = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  codes = {c2 = 0, c4 = 0, c5 = 0, other = 0}
  post = args[1] == "post"
  prefix = args[2] or "0"
end

local HIGH = "，我们几十个人商量好了，再不解决就一起去北京上访。"
local TEXTS = {
  "我在工地干了半年活，老板一直拖欠工资不给",
  "村里的土地被占用，补偿款一直没有发到我们手里",
  "请问离婚后孩子的抚养费怎么计算，对方一直不给",
  "邻居家扩建房屋占了我家的路，派出所调解没有结果",
  "我父亲的案子判决以后我们不服，想知道怎么申诉",
}

function request()
  if not post then
    return wrk.format(nil)
  end
  counter = counter + 1
  local n = tid * 10000000 + counter
  local text = TEXTS[(counter % #TEXTS) + 1] .. "，请检察院帮帮忙。编号" .. prefix .. "-" .. n
  if counter % 10 == 0 then
    text = text .. HIGH
  end
  local body = string.format(
    '{"kind":"complaint","name":"李秀英","phone":"1%02d%08d","content":"%s"}',
    30 + (tid % 60), n % 100000000, text)
  return wrk.format("POST", nil, nil, body)
end
"""

RESPONSE = r"""
function response(status, headers, body)
  if status >= 200 and status < 300 then
    codes.c2 = codes.c2 + 1
  elseif status >= 400 and status < 500 then
    codes.c4 = codes.c4 + 1
  elseif status >= 500 then
    codes.c5 = codes.c5 + 1
  else
    codes.other = codes.other + 1
  end
end
"""

DONE = r"""
function done(summary, latency, requests)
  local c2, c4, c5, other = 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    local c = thread:get("codes")
    c2 = c2 + c.c2; c4 = c4 + c.c4; c5 = c5 + c.c5; other = other + c.other
  end
  if c2 + c4 + c5 + other == 0 then
    -- No response() (GETs: the generator stays light): wrk counts the non-2xx/3xx answers,
    -- all reported as failures (a GET here has no reason to answer anything but 200).
    c5 = summary.errors.status
    c2 = summary.requests - c5
  end
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %f, "c2": %d, "c4": %d, "c5": %d, "other": %d, ' ..
    '"socket_errors": %d, "p50": %f, "p99": %f}\n',
    summary.requests, summary.duration / 1e6, c2, c4, c5, other,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
"""
# A response() function makes wrk hand every answer's headers and body to Lua, which costs
# the generator more on a 5 kB page than on a "hello": only the POST runs count statuses so.
#
# wrk runs `setup` in the main state and `init`/`request`/`response` in each thread's own:
# the thread's id reaches its state through `thread:set`, and its counts go back through
# the global `codes` that `thread:get` reads.


@dataclass
class Run:
    rps: float
    p50: float
    p99: float
    c2: int
    c4: int
    c5: int
    errors: int
    cpu: dict[str, float] = field(default_factory=dict)  # seconds, by part (web_cpu)


@dataclass
class Pair:
    name: str
    eqiao_path: str
    bare_path: str
    post: bool = False
    eqiao: dict[int, list[Run]] = field(default_factory=dict)
    bare: dict[int, list[Run]] = field(default_factory=dict)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, proc: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server on port {port} exited with {proc.returncode}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server on port {port} did not start")


def sh(cmd: list[str], env: dict, cwd: Path = ROOT, capture: bool = False) -> str:
    result = subprocess.run(cmd, env=env, cwd=cwd, check=True, text=True, capture_output=capture)
    return result.stdout if capture else ""


def postgres_reset(url: str, name: str) -> str:
    """A fresh database `name` on the server of `url`; returns its URL."""
    import psycopg

    base = url.rsplit("/", 1)[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"


def eqiao_env(args, work: Path) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.local_prod",
        EQIAO_VAR_DIR=str(work / "eqiao"),
        EQIAO_WEB_WORKERS=str(args.workers),
        EQIAO_WEB_THREADS=str(args.threads),
        EQIAO_WEB_MAX_REQUESTS="0",  # see bare_env
        PYTHONPATH=str(ROOT),
    )
    env.pop("EQIAO_REDIS_URL", None) if not args.redis else env.update(EQIAO_REDIS_URL=args.redis)
    if args.db == "postgres":
        env["DATABASE_URL"] = postgres_reset(args.postgres_url, args.pg_name)
    else:
        env.pop("DATABASE_URL", None)
    return env


def bare_env(args, work: Path) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="bare_project.settings",
        BARE_SQLITE=str(work / "bare.sqlite3"),
        EQIAO_WEB_WORKERS=str(args.workers),
        EQIAO_WEB_THREADS=str(args.threads),
        # No worker recycled during a run: the bare side answers 20,000 requests in a few
        # seconds, and the CPU of a worker that exits between two readings went uncounted
        # (its server CPU read 0.04 ms per request on one run).
        EQIAO_WEB_MAX_REQUESTS="0",
        PYTHONPATH=str(BARE),
    )
    env.pop("DATABASE_URL", None)
    if args.db == "postgres":
        env["BARE_DATABASE_URL"] = postgres_reset(args.postgres_url, f"{args.pg_name}_bare")
    return env


def eqiao_prepare(env: dict) -> tuple[str, str]:
    """Migrate, load the demo, collect static files, make an API client; file one petition
    through the API to read back. Returns (key, tracking number)."""
    eq = str(BIN / "eqiao")
    sh([eq, "migrate", "--noinput", "-v", "0"], env)
    sh([eq, "load_demo"], env, capture=True)
    sh([eq, "collectstatic", "--noinput", "-v", "0"], env)
    key = sh(
        [
            eq,
            "api_client_create",
            "压力测试",
            "--channel",
            "kiosk",
            "--submit-per-hour",
            "100000000",
        ],
        env,
        capture=True,
    ).strip()
    return key, ""


def eqiao_counts(env: dict, key: str, wait: bool) -> dict:
    """Petitions the benchmark's client filed, distinct texts, and receipts queued; with
    `wait`, once the worker has run every acceptance task (at most 5 minutes), the
    high-risk petitions, their alerts and how long after the filing each alert came."""
    code = (
        "import json, time\n"
        "from django_tasks_db.models import DBTaskResult\n"
        "from eqiao.intake.models import RiskAlert\n"
        "pending = DBTaskResult.objects.filter(status__in=['READY', 'RUNNING'],"
        " task_path__endswith='petition_accepted_task')\n"
        f"deadline = time.monotonic() + {300 if wait else 0}\n"
        "while pending.exists() and time.monotonic() < deadline: time.sleep(1)\n"
        "from eqiao.api.models import ApiSubmission\n"
        "from eqiao.channels.models import OutboundMessage\n"
        "from eqiao.intake.models import Petition\n"
        "subs = ApiSubmission.objects.filter(client__name='压力测试')\n"
        "numbers = list(subs.values_list('petition__tracking_number', flat=True))\n"
        "texts = Petition.objects.filter(api_submission__in=subs).values('content').distinct()\n"
        "receipts = OutboundMessage.objects.filter(purpose='receipt', ref__in=numbers)\n"
        "print(json.dumps({'petitions': len(numbers), 'distinct_numbers': len(set(numbers)),"
        " 'distinct_texts': texts.count(),"
        " 'receipts': receipts.count(),"
        " 'distinct_receipts': receipts.values('ref').distinct().count(),"
        " 'pending_tasks': pending.count(),"
        " 'high': Petition.objects.filter(api_submission__in=subs,"
        " content__contains='上访').count(),"
        " 'alert_seconds': sorted((a.created_at - a.petition.submitted_at).total_seconds()"
        " for a in RiskAlert.objects.filter(petition__api_submission__in=subs)"
        ".select_related('petition'))}))\n"
    )
    out = sh([str(BIN / "eqiao"), "shell", "-c", code], env, capture=True)
    return json.loads(out.strip().splitlines()[-1])


def worker_drain(env: dict, seconds: int) -> float:
    """Wait until the worker has no acceptance task left (at most `seconds`); returns the
    seconds waited."""
    code = (
        "import time\n"
        "from django_tasks_db.models import DBTaskResult\n"
        "pending = DBTaskResult.objects.filter(status__in=['READY', 'RUNNING'])\n"
        f"deadline = time.monotonic() + {seconds}\n"
        "while pending.exists() and time.monotonic() < deadline: time.sleep(0.5)\n"
    )
    start = time.monotonic()
    sh([str(BIN / "eqiao"), "shell", "-c", code], env, capture=True)
    return time.monotonic() - start


def bare_prepare(env: dict) -> str:
    py = str(BIN / "python")
    sh([py, "manage.py", "migrate", "--noinput", "-v", "0"], env, cwd=BARE)
    code = (
        "from rows.models import Row\n"
        "Row.objects.get_or_create(key='bench-row-1', defaults={'name': '李秀英', "
        "'phone': '13900000000', 'text': '拖欠工资'})\n"
    )
    sh([py, "manage.py", "shell", "-c", code], env, cwd=BARE)
    return "bench-row-1"


def start(cmd: list[str], env: dict, cwd: Path, log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        cmd,
        env=env,
        cwd=cwd,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def gunicorn(port: int, app: str) -> list[str]:
    return [
        str(BIN / "gunicorn"),
        "-c",
        str(ROOT / "config" / "gunicorn.py"),
        "--bind",
        f"127.0.0.1:{port}",
        app,
    ]


def wrk(
    url: str,
    *,
    connections: int,
    seconds: int,
    script: Path,
    post: bool,
    headers,
    prefix: str,
    meter: web_cpu.Meter | None = None,
) -> Run:
    cmd = [
        "wrk",
        "-t",
        "2",
        "-c",
        str(connections),
        "-d",
        f"{seconds}s",
        "--timeout",
        "30s",
        "-s",
        str(script),
    ]
    for header in headers:
        cmd += ["-H", header]
    cmd += [url, "--", "post" if post else "get", prefix]
    wrk_before = web_cpu.children_seconds()
    if meter is not None:
        meter.start()
    out = subprocess.run(cmd, check=True, text=True, capture_output=True).stdout
    cpu = meter.stop() if meter is not None else {}
    cpu["wrk"] = web_cpu.children_seconds() - wrk_before
    match = re.search(r"^RESULT (\{.*\})$", out, re.M)
    if not match:
        raise SystemExit(f"wrk said:\n{out}")
    r = json.loads(match.group(1))
    return Run(
        rps=r["requests"] / r["seconds"],
        p50=r["p50"],
        p99=r["p99"],
        c2=r["c2"],
        c4=r["c4"],
        c5=r["c5"],
        errors=r["socket_errors"],
        cpu=cpu,
    )


def median(runs: list[Run], attr: str) -> float:
    return statistics.median(getattr(r, attr) for r in runs)


def spread(runs: list[Run], attr: str, fmt: str) -> str:
    values = sorted(getattr(r, attr) for r in runs)
    return (
        fmt.format(values[0])
        if len(values) == 1
        else (f"{fmt.format(values[0])}–{fmt.format(values[-1])}")
    )


def report(pairs: list[Pair], args) -> None:
    print()
    print(
        f"db={args.db} server=gunicorn gthread {args.workers} workers × {args.threads} threads"
        f" (both), wrk 2 threads, {args.seconds}s per run, {args.repeats} repetitions,"
        " figures: min–max over repetitions, ratio of medians"
    )
    print(
        "| endpoint | conns | EQiao req/s | bare req/s | ratio | EQiao p50 ms | EQiao p99 ms"
        " | bare p99 ms | EQiao 5xx (GET: non-2xx) |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for pair in pairs:
        for conns in args.connections:
            e, b = pair.eqiao[conns], pair.bare[conns]
            ratio = median(e, "rps") / median(b, "rps") if median(b, "rps") else 0
            print(
                f"| {pair.name} | {conns} | {spread(e, 'rps', '{:,.0f}')} |"
                f" {spread(b, 'rps', '{:,.0f}')} | **{ratio:.0%}** |"
                f" {spread(e, 'p50', '{:.0f}')} | {spread(e, 'p99', '{:.0f}')} |"
                f" {spread(b, 'p99', '{:.0f}')} | {sum(r.c5 for r in e)} |"
            )
    print()
    print("CPU ms per request answered (median over repetitions; EQiao's POST: its worker")
    print("during the run, then its worker and database while it drained the queue after it)")
    for pair in pairs:
        for conns in args.connections:
            for side in ("eqiao", "bare"):
                runs = getattr(pair, side)[conns]
                parts = {
                    name: statistics.median(
                        r.cpu.get(name, 0.0) / max(r.c2 + r.c4 + r.c5, 1) * 1000 for r in runs
                    )
                    for name in runs[0].cpu
                }
                text = ", ".join(f"{name} {ms:.2f}" for name, ms in parts.items())
                print(
                    f"  {pair.name[:40]:40} c{conns} {side:5} {text}; total {sum(parts.values()):.2f}"
                )


def autogroup_nice(pid: int, nice: int) -> None:
    """Give the process's scheduling group the niceness too. With the kernel's autogroups
    (/proc/sys/kernel/sched_autogroup_enabled, on by default), each session is a group that
    shares the CPU equally with the others whatever the niceness of its processes, so a
    worker started in a session of its own at nice 19 would still take as much CPU as the
    web server's session: `nice` alone does not make it yield. On SQLite a worker that
    yields too much holds the write lock while it waits for the CPU and stalls the requests
    behind it (measured: p99 4.8 s at niceness 19 on a loaded machine), so make run's 0 stays
    the default."""
    try:
        Path(f"/proc/{pid}/autogroup").write_text(str(nice))
    except OSError:
        pass  # no autogroups here: the process's own niceness is enough


def cpu_meters(args, procs: list[subprocess.Popen]) -> dict[str, web_cpu.Meter]:
    """What each side's runs are charged: its server processes, EQiao's worker, and on
    PostgreSQL the backends serving the side's database."""

    def tree(proc: subprocess.Popen):
        return lambda: web_cpu.descendants(proc.pid)

    def backends(name: str):
        return lambda: web_cpu.postgres_backends(args.postgres_url, [name])

    eqiao: dict[str, object] = {"server": tree(procs[0])}
    bare: dict[str, object] = {"server": tree(procs[1])}
    if len(procs) > 2:
        eqiao["worker"] = tree(procs[2])
    if args.db == "postgres":
        eqiao["database"] = backends(args.pg_name)
        bare["database"] = backends(f"{args.pg_name}_bare")
    return {"eqiao": web_cpu.Meter(eqiao), "bare": web_cpu.Meter(bare)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
        help="a server where databases PG_NAME and PG_NAME_bare may be (re)created",
    )
    parser.add_argument(
        "--pg-name",
        default="eqiao_bench",
        help="EQiao's database on that server (the bare project's is PG_NAME_bare)",
    )
    parser.add_argument("--connections", type=int, nargs="+", default=[32, 64])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--redis", default="", help="EQIAO_REDIS_URL for EQiao's cache")
    parser.add_argument("--no-worker", action="store_true", help="no background worker")
    parser.add_argument(
        "--worker-nice",
        type=int,
        default=0,
        help="run the worker at this niceness, its session's scheduling group too (make run:"
        " 0), so requests come first",
    )
    parser.add_argument("--only", nargs="*", help="endpoint names to run (post, home, …)")
    parser.add_argument(
        "--drain-seconds",
        type=int,
        default=300,
        help="after each EQiao POST run, wait at most this long for the worker's queue",
    )
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: sudo apt-get install wrk")

    work = Path(tempfile.mkdtemp(prefix="eqiao-web-load-"))
    scripts = {True: work / "post.lua", False: work / "get.lua"}
    scripts[True].write_text(LUA + RESPONSE + DONE)
    scripts[False].write_text(LUA + DONE)
    print(f"preparing in {work} …", flush=True)
    e_env, b_env = eqiao_env(args, work), bare_env(args, work)
    key, _ = eqiao_prepare(e_env)
    row_key = bare_prepare(b_env)
    e_port, b_port = free_port(), free_port()
    procs = [
        start(gunicorn(e_port, "config.wsgi:application"), e_env, ROOT, work / "eqiao.log"),
        start(gunicorn(b_port, "bare_project.wsgi:application"), b_env, BARE, work / "bare.log"),
    ]
    if not args.no_worker:
        procs.append(
            start(
                ["nice", "-n", str(args.worker_nice)] * bool(args.worker_nice)
                + [str(BIN / "eqiao"), "db_worker", "--interval", "1"],
                e_env,
                ROOT,
                work / "worker.log",
            )
        )
        if args.worker_nice:
            autogroup_nice(procs[-1].pid, args.worker_nice)
    try:
        wait_for(e_port, procs[0])
        wait_for(b_port, procs[1])
        e, b = f"http://127.0.0.1:{e_port}", f"http://127.0.0.1:{b_port}"
        number = file_one(e, key)
        meters = cpu_meters(args, procs)
        auth = [f"Authorization: Bearer {key}", "Content-Type: application/json"]
        pairs = [
            Pair(
                "POST petition (API v1) vs insert a row", "/api/v1/petitions", "/rows/", post=True
            ),
            Pair("GET / (portal home) vs hello", "/", "/hello/"),
            Pair("GET Open311 services.json vs hello", "/api/open311/v2/services.json", "/hello/"),
            Pair(
                "GET one request by id vs read a row by key",
                f"/api/open311/v2/requests/{number}.json?api_key={key}",
                f"/rows/{row_key}/",
            ),
        ]
        names = {"post": 0, "home": 1, "services": 2, "request": 3}
        if args.only:
            pairs = [pairs[names[n]] for n in args.only]
        posted_2xx = 0
        in_flight = 0  # POSTs a stopping wrk leaves unanswered: at most its connections
        # Unmeasured: every worker process and thread of both servers has served each
        # endpoint once (connections opened, caches filled) before the first measured run.
        for pair in pairs:
            for base, path, headers in (
                (e, pair.eqiao_path, auth if pair.post else []),
                (b, pair.bare_path, ["Content-Type: application/json"]),
            ):
                run = wrk(
                    base + path,
                    connections=max(args.connections),
                    seconds=2,
                    script=scripts[pair.post],
                    post=pair.post,
                    headers=headers,
                    prefix="warm",
                )
                if base == e and pair.post:
                    posted_2xx += run.c2
                    in_flight += max(args.connections)
                    if not args.no_worker:
                        worker_drain(e_env, args.drain_seconds)
        for rep in range(args.repeats):
            for conns in args.connections:
                for pair in pairs:
                    for side, base, path, headers in (
                        ("eqiao", e, pair.eqiao_path, auth if pair.post else []),
                        ("bare", b, pair.bare_path, ["Content-Type: application/json"]),
                    ):
                        run = wrk(
                            base + path,
                            connections=conns,
                            seconds=args.seconds,
                            script=scripts[pair.post],
                            post=pair.post,
                            headers=headers,
                            prefix=f"{rep}{conns}",
                            meter=meters[side],
                        )
                        getattr(pair, side).setdefault(conns, []).append(run)
                        if side == "eqiao" and pair.post:
                            posted_2xx += run.c2
                            in_flight += conns
                        print(
                            f"  rep {rep + 1} c{conns} {side:5} {pair.name[:40]:40}"
                            f" {run.rps:8.1f} req/s p50 {run.p50:7.1f} ms p99 {run.p99:7.1f} ms"
                            f" 2xx {run.c2} 4xx {run.c4} 5xx {run.c5} errors {run.errors}",
                            flush=True,
                        )
                        if side == "eqiao" and pair.post and not args.no_worker:
                            # The worker's half of the petitions just filed (reading, alerts,
                            # receipts) runs after the flood: wait for it, so that the next
                            # runs (the bare insert, the reads) do not share the machine with it.
                            meters["eqiao"].start()
                            waited = worker_drain(e_env, args.drain_seconds)
                            drained = meters["eqiao"].stop()
                            run.cpu["worker after"] = drained.get("worker", 0.0)
                            run.cpu["database after"] = drained.get("database", 0.0)
                            print(f"  (worker drained its queue in {waited:.0f} s)", flush=True)
                        print(
                            "    CPU ms per request: "
                            + web_cpu.per_request(run.cpu, run.c2 + run.c4 + run.c5),
                            flush=True,
                        )
        report(pairs, args)
        if any(p.post for p in pairs):
            time.sleep(1)
            counts = eqiao_counts(e_env, key, wait=not args.no_worker)
            filed = counts["petitions"] - 1  # the one read back
            print()
            print(
                f"POST 2xx answers: {posted_2xx}; petitions in the database: {filed}"
                f" (lost: {max(posted_2xx - filed, 0)}, filed but answered after wrk stopped:"
                f" {max(filed - posted_2xx, 0)} of at most {in_flight} in flight, duplicated:"
                f" {counts['petitions'] - counts['distinct_texts']});"
                f" receipts queued: {counts['receipts'] - 1}"
                f" (duplicated: {counts['receipts'] - counts['distinct_receipts']})"
            )
            seconds = counts["alert_seconds"]
            if seconds:
                print(
                    f"high-risk petitions: {counts['high']}; alerts raised by the worker:"
                    f" {len(seconds)}; seconds from filing to alert: median"
                    f" {statistics.median(seconds):.1f}, max {max(seconds):.1f} (under the"
                    f" load above); acceptance tasks still waiting: {counts['pending_tasks']}"
                )
        print(
            "EQiao 5xx answers: "
            f"{sum(r.c5 for p in pairs for runs in p.eqiao.values() for r in runs)};"
            f" socket errors: {sum(r.errors for p in pairs for runs in p.eqiao.values() for r in runs)}"
        )
    finally:
        for proc in procs:
            stop(proc)
    print(f"logs: {work}")


def file_one(base: str, key: str) -> str:
    """File one petition through the API (the one the read benchmark reads back)."""
    import httpx

    answer = httpx.post(
        f"{base}/api/v1/petitions",
        json={
            "kind": "consultation",
            "name": "赵磊",
            "phone": "13906358888",
            "content": "请问离婚后孩子的抚养费怎么计算？",
        },
        headers={"Authorization": f"Bearer {key}"},
        timeout=30,
    )
    answer.raise_for_status()
    return answer.json()["tracking_number"]


if __name__ == "__main__":
    sys.exit(main())
