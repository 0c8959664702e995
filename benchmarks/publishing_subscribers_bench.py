"""The mobile digest's subscriber import (a CSV of phone numbers into a group).

    .venv/bin/python benchmarks/publishing_subscribers_bench.py             # 1,000 and 19,000
    .venv/bin/python benchmarks/publishing_subscribers_bench.py --rows 5000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/eqiao_bench .venv/bin/python benchmarks/...

Each measurement runs in a fresh child process on a fresh database (a temporary SQLite file
unless DATABASE_URL is set): the child writes a CSV of N numbers with one bad row in a
hundred and one repeated number in a hundred, imports it with `subscribers_import` (each
row checked, the good ones written in bulk in one transaction), then imports it again (all
already on the list), and prints rows/s for both.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _csv(rows: int) -> bytes:
    lines = ["手机号,姓名"]
    for n in range(rows):
        if n % 100 == 7:
            lines.append(f"139063{n % 100:02d}0,号码少一位")
        elif n % 100 == 8:
            lines.append(lines[-1])
        else:
            lines.append(f"13{n % 10}{n:08d},代表{n}")
    return "\n".join(lines).encode("utf-8")


def child(rows: int) -> dict:
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False
    from django.core.management import call_command

    from eqiao.offices.models import Level, Procuratorate, Role
    from eqiao.offices.services import procuratorate_create
    from eqiao.offices.tests.factories import make_staff
    from eqiao.publishing.models import GroupKind, Subscriber, SubscriberGroup
    from eqiao.publishing.services.digest import subscribers_import

    call_command("migrate", verbosity=0)
    Subscriber.objects.all().delete()
    office = Procuratorate.objects.filter(level=Level.COUNTY).first()
    if office is None:
        city = procuratorate_create(
            name="聊城市人民检察院", short_name="聊城市院", level=Level.CITY
        )
        office = procuratorate_create(
            name="冠县人民检察院", short_name="冠县院", level=Level.COUNTY, parent=city
        )
    editor = make_staff(office, Role.EDITOR, f"bench_editor_{time.time_ns()}")
    group = SubscriberGroup.objects.create(office=office, kind=GroupKind.NPC, name="人大代表")
    data = _csv(rows)
    start = time.perf_counter()
    first = subscribers_import(actor=editor, group=group, data=data)
    first_s = time.perf_counter() - start
    start = time.perf_counter()
    second = subscribers_import(actor=editor, group=group, data=data)
    second_s = time.perf_counter() - start
    return {
        "rows": rows,
        "added": first.added,
        "errors": len(first.errors),
        "first_s": round(first_s, 2),
        "first_rows_per_s": round(rows / first_s),
        "again_already": second.already,
        "again_s": round(second_s, 2),
        "again_rows_per_s": round(rows / second_s),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="*", default=[1_000, 19_000])
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child)))
        return
    print(f"{'rows':>7} {'added':>7} {'errors':>6} {'first s':>8} {'rows/s':>7} "
          f"{'again s':>8} {'rows/s':>7}")  # fmt: skip
    for rows in args.rows:
        with tempfile.TemporaryDirectory() as var:
            env = {
                "DJANGO_SETTINGS_MODULE": "config.settings.local",
                "EQIAO_VAR_DIR": var,
                "EQIAO_TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend",
                **os.environ,
            }
            out = subprocess.run(
                [sys.executable, __file__, "--child", str(rows)],
                env=env,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        r = json.loads(out.strip().splitlines()[-1])
        print(
            f"{rows:>7} {r['added']:>7} {r['errors']:>6} {r['first_s']:>8} "
            f"{r['first_rows_per_s']:>7} {r['again_s']:>8} {r['again_rows_per_s']:>7}"
        )


if __name__ == "__main__":
    main()
