"""`eqiao opinion …`: public-opinion monitoring from the console.

eqiao opinion analyze [FILE] [--output OUT]   JSON Lines {"id","source","text"} → one line each
                                               {"id","relevant","sentiment","severity","dup_of","event"}
eqiao opinion import FILE --source CODE        import a JSONL/CSV export (idempotent)
eqiao opinion process                          analyse pending posts now
eqiao opinion poll                             poll the feeds that are due
eqiao opinion report --period daily|weekly [--date YYYY-MM-DD] --output FILE.pdf|.xlsx
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from eqiao.core.errors import ApplicationError


class Command(BaseCommand):
    help = "舆情监测：分析、导入、抓取、报告。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        a = sub.add_parser("analyze", help="分析 JSON Lines 信息")
        a.add_argument("file", nargs="?", help="输入文件（缺省为标准输入）")
        a.add_argument("--output", help="输出文件（缺省为标准输出）")
        a.add_argument("--no-db", action="store_true", help="只用内置词表，不读数据库中的监测词")
        i = sub.add_parser("import", help="导入 JSONL/CSV")
        i.add_argument("file")
        i.add_argument("--source", required=True)
        sub.add_parser("process", help="分析待处理的信息")
        sub.add_parser("poll", help="抓取到期的来源")
        r = sub.add_parser("report", help="生成日报或周报")
        r.add_argument("--period", choices=["daily", "weekly"], default="daily")
        r.add_argument("--date", help="报告日期（缺省为今天）")
        r.add_argument("--output", required=True)

    def handle(self, *args, action: str, **options):
        try:
            getattr(self, "_" + action)(**options)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc

    def _analyze(self, *, file: str | None, output: str | None, no_db: bool, **options):
        from eqiao.opinion.cli import analyze_stream

        terms = None
        if not no_db:
            from django.db import DatabaseError

            from eqiao.opinion.services.terms import terms_current

            try:
                terms = terms_current()[0]
            except DatabaseError:
                terms = None
        try:
            source = open(file, "rb") if file else sys.stdin.buffer  # noqa: SIM115
            sink = open(output, "w", encoding="utf-8") if output else self.stdout  # noqa: SIM115
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        try:
            if sink is self.stdout:
                self.stdout.ending = ""
                bad = analyze_stream(source, _Writer(self.stdout), self.stderr, terms)
            else:
                bad = analyze_stream(source, sink, self.stderr, terms)
        finally:
            if file:
                source.close()
            if output:
                sink.close()
        if bad:
            self.stderr.write(f"{bad} bad line(s) skipped")

    def _import(self, *, file: str, source: str, **options):
        from eqiao.opinion.services.ingest import posts_import

        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(str(exc)) from exc
        created, skipped = posts_import(source_code=source, name=path.name, data=data)
        self.stdout.write(f"{created} new posts, {skipped} already known")

    def _process(self, **options):
        from eqiao.opinion.services.process import posts_process

        total = 0
        while done := posts_process():
            total += done
        self.stdout.write(f"{total} posts analysed")

    def _poll(self, **options):
        from eqiao.opinion.services.feeds import sources_poll_due

        self.stdout.write(f"{sources_poll_due()} new posts")

    def _report(self, *, period: str, date: str | None, output: str, **options):
        from django.utils import timezone

        from eqiao.opinion.services.reports import report_build, report_pdf, report_xlsx

        try:
            day = dt.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as exc:
            raise CommandError(f"--date: {exc}") from exc
        report = report_build(period=period, day=day)
        data = report_xlsx(report) if output.endswith(".xlsx") else report_pdf(report)
        Path(output).write_bytes(data)
        self.stdout.write(f"{output}: {len(data)} bytes")


class _Writer:
    """The command's stdout as a plain text stream (one write per line, no extra ending)."""

    def __init__(self, out) -> None:
        self.out = out

    def write(self, text: str) -> None:
        self.out.write(text, ending="")
