"""CPU accounting for `web_load.py`: where the machine's CPU went during a run, by process.

The kernel counts each process's CPU time (user + system, all its threads) in
/proc/<pid>/stat; the benchmark reads it before and after each run for each side's server
processes (the gunicorn master and its workers), EQiao's background worker, the PostgreSQL
backends connected to the run's databases, and wrk itself (its rusage as a finished child).
Divided by the requests answered, that is the CPU per request of each part, a figure the
shared machine's load disturbs far less than req/s.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def process_seconds(pid: int) -> float:
    """CPU seconds (user + system) the process `pid` has used so far; 0 once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return 0.0
    # After the command name: state is field 3, utime 14 and stime 15 (1-based, man proc).
    return (int(fields[11]) + int(fields[12])) / TICKS


def descendants(pid: int) -> list[int]:
    """`pid` and every process below it (a gunicorn master and its workers)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (FileNotFoundError, ProcessLookupError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def postgres_backends(url: str, names: list[str]) -> list[int]:
    """The server processes serving connections to the databases `names` (same machine)."""
    import psycopg

    base = url.rsplit("/", 1)[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = ANY(%s)", [names]
        ).fetchall()
    return [row[0] for row in rows]


@dataclass
class Meter:
    """CPU seconds of groups of processes between `start()` and `stop()`. A group is a
    function returning its pids now (the pids seen at start and at stop are both counted:
    a database connection opened during the run is measured from its birth)."""

    groups: dict[str, object]
    _start: dict[str, dict[int, float]] = field(default_factory=dict)
    used: dict[str, float] = field(default_factory=dict)

    def _read(self) -> dict[str, dict[int, float]]:
        return {
            name: {pid: process_seconds(pid) for pid in pids()}  # type: ignore[operator]
            for name, pids in self.groups.items()
        }

    def start(self) -> None:
        self._start = self._read()

    def stop(self) -> dict[str, float]:
        end = self._read()
        self.used = {}
        for name, now in end.items():
            before = self._start.get(name, {})
            self.used[name] = sum(
                max(now.get(pid, before.get(pid, 0.0)) - before.get(pid, 0.0), 0.0)
                for pid in set(now) | set(before)
            )
        return self.used


def children_seconds() -> float:
    """CPU seconds of this process's finished children (wrk's, read around its run)."""
    usage = os.times()
    return usage.children_user + usage.children_system


def per_request(used: dict[str, float], requests: int) -> str:
    """'server 2.71 ms, worker 3.10 ms, …' per request answered, and their total."""
    if not requests:
        return "no requests"
    parts = [f"{name} {seconds / requests * 1000:.2f}" for name, seconds in used.items()]
    total = sum(used.values()) / requests * 1000
    return ", ".join(parts) + f"; total {total:.2f} ms CPU per request"
