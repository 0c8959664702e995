"""Export staff corrections of category and risk as JSON Lines for `eqiao text train`:

eqiao intake_export_corrections --output corrections.jsonl
eqiao text train --corrections corrections.jsonl
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from eqiao.intake.selectors import corrections_for_training, corrections_invalid_count


class Command(BaseCommand):
    help = (
        "Write staff corrections ({text, category, risk} per line) for `eqiao text train`; "
        "only corrections with a valid category and risk label."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help="file to write (default: standard output)")

    def handle(self, *args, output=None, **options):
        lines = [json.dumps(row, ensure_ascii=False) + "\n" for row in corrections_for_training()]
        if output:
            with open(output, "w", encoding="utf-8") as fh:
                fh.writelines(lines)
        else:
            for line in lines:
                self.stdout.write(line, ending="")
        self.stderr.write(f"exported {len(lines)} correction(s)")
        skipped = corrections_invalid_count()
        if skipped:
            self.stderr.write(
                f"skipped {skipped} correction(s) whose category or risk is not a valid label"
            )
