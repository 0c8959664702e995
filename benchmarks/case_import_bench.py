"""Case import throughput and memory: 10,000 and 50,000 rows, CSV and .xlsx.

    .venv/bin/python benchmarks/case_import_bench.py                 # 10k and 50k, csv and xlsx
    .venv/bin/python benchmarks/case_import_bench.py --rows 2000 --formats csv
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/eqiao_bench .venv/bin/python benchmarks/...

Each measurement runs in a fresh child process on a fresh database (a temporary SQLite file
unless DATABASE_URL is set — that database is migrated and its cases are deleted first): the
child writes the file (one row per case, three parties with ID numbers and phones, a
counsel's licence), imports it with the worker's own `case_import_run_process`, then prints
rows/s (wall clock and per CPU second of the importing process: on a shared machine the
CPU figure is the comparable one) and its peak resident memory (ru_maxrss). Flat memory shows as about the same peak
for 10,000 and 50,000 rows. Each row is checked in full and written in its own savepoint;
rows are committed 200 at a time.
"""

from __future__ import annotations

import argparse
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

HEADER = [
    "案件编号", "案件类别", "案件名称", "案由", "当前阶段", "受理日期", "审查起诉日期",
    "犯罪嫌疑人", "犯罪嫌疑人身份证号", "犯罪嫌疑人联系电话",
    "被害人", "被害人身份证号", "被害人联系电话", "辩护人", "辩护人执业证号",
]  # fmt: skip
COLUMNS = {
    "number": "案件编号",
    "kind": "案件类别",
    "title": "案件名称",
    "charge": "案由",
    "stage": "当前阶段",
    "accepted_on": "受理日期",
    "date:prosecution_review": "审查起诉日期",
    "suspect.name": "犯罪嫌疑人",
    "suspect.id_number": "犯罪嫌疑人身份证号",
    "suspect.phone": "犯罪嫌疑人联系电话",
    "victim.name": "被害人",
    "victim.id_number": "被害人身份证号",
    "victim.phone": "被害人联系电话",
    "defender.name": "辩护人",
    "defender.licence": "辩护人执业证号",
}
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _id(seed: int) -> str:
    body = f"371521{1960 + seed % 40:04d}{1 + seed % 12:02d}{1 + seed % 28:02d}{seed % 1000:03d}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True)) % 11]


def _rows(count: int):
    for i in range(count):
        stage = "审查起诉" if i % 2 else "受理"
        yield [
            f"冠检刑诉受〔2026〕{i + 1}号", "刑事", f"张某某{i}盗窃案", "盗窃罪", stage,
            "2026-03-01", "2026-03-10" if i % 2 else "",
            f"张{i}", _id(i), f"138{i:08d}", f"李{i}", _id(i + 7), f"139{i:08d}",
            f"王律师{i % 50}", f"137152018{i % 50:08d}",
        ]  # fmt: skip


def _write(path: Path, kind: str, count: int) -> None:
    if kind == "csv":
        import csv

        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(HEADER)
            writer.writerows(_rows(count))
        return
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(HEADER)
    for row in _rows(count):
        sheet.append(row)
    workbook.save(path)


def child(rows: int, kind: str) -> dict:
    """One measurement in this process (called in a fresh child)."""
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # as the worker runs in production: no query log
    from django.core.files import File
    from django.core.management import call_command

    from eqiao.cases.models import Case, CaseImportRun
    from eqiao.cases.services.imports import case_import_run_process
    from eqiao.offices.models import Level, Procuratorate
    from eqiao.offices.services import procuratorate_create

    call_command("migrate", verbosity=0)
    Case.objects.all().delete()
    office = Procuratorate.objects.filter(level=Level.COUNTY).first()
    if office is None:
        city = procuratorate_create(
            name="聊城市人民检察院", short_name="聊城市院", level=Level.CITY
        )
        office = procuratorate_create(
            name="冠县人民检察院", short_name="冠县院", level=Level.COUNTY, parent=city
        )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"cases.{kind}"
        _write(path, kind, rows)
        size = path.stat().st_size
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        with path.open("rb") as handle:
            run = CaseImportRun.objects.create(
                office=office,
                layout="case_row",
                columns=COLUMNS,
                file=File(handle, name=path.name),
                file_name=path.name,
                file_kind=kind,
            )
        start, cpu_start = time.perf_counter(), time.process_time()
        run = case_import_run_process(run_id=run.pk)
        seconds = time.perf_counter() - start
        cpu = time.process_time() - cpu_start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "rows": rows,
        "kind": kind,
        "file_mb": round(size / 1e6, 1),
        "status": run.status,
        "created": run.created_count,
        "errors": run.error_count,
        "seconds": round(seconds, 1),
        "rows_per_s": round(rows / seconds),
        "cpu_s": round(cpu, 1),
        "rows_per_cpu_s": round(rows / cpu),
        "rss_before_mb": round(before / 1024),
        "peak_rss_mb": round(peak / 1024),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="*", default=[10_000, 50_000])
    parser.add_argument("--formats", nargs="*", default=["csv", "xlsx"])
    parser.add_argument("--child", nargs=2, metavar=("ROWS", "KIND"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(int(args.child[0]), args.child[1])))
        return
    print(f"{'format':<6} {'rows':>7} {'file MB':>8} {'seconds':>8} {'rows/s':>7} "
          f"{'CPU s':>7} {'rows/CPU s':>10} {'RSS before':>11} {'peak RSS':>9}  result")  # fmt: skip
    for kind in args.formats:
        for rows in args.rows:
            with tempfile.TemporaryDirectory() as var:
                env = {
                    "DJANGO_SETTINGS_MODULE": "config.settings.local",
                    "EQIAO_VAR_DIR": var,
                    "EQIAO_TASKS_BACKEND": "django_tasks.backends.dummy.DummyBackend",
                    **os.environ,
                }
                out = subprocess.run(
                    [sys.executable, __file__, "--child", str(rows), kind],
                    env=env,
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
            r = json.loads(out.strip().splitlines()[-1])
            print(
                f"{kind:<6} {rows:>7} {r['file_mb']:>8} {r['seconds']:>8} {r['rows_per_s']:>7} "
                f"{r['cpu_s']:>7} {r['rows_per_cpu_s']:>10} "
                f"{r['rss_before_mb']:>8} MB {r['peak_rss_mb']:>6} MB  "
                f"{r['status']}, {r['created']} created, {r['errors']} errors"
            )


if __name__ == "__main__":
    main()
