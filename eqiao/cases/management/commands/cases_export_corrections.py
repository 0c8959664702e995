"""Export reviewers' redaction corrections of legal documents as JSON Lines for the name
recogniser ({"text", "names": [...], "not_names": [...]} per document):

eqiao cases_export_corrections --output names.jsonl
eqiao text train-names --corrections names.jsonl
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from eqiao.cases.services.documents import corrections_export_lines


class Command(BaseCommand):
    help = (
        "Write reviewers' redaction corrections ({text, names, not_names} per corrected "
        "legal document) for retraining the name recogniser."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help="file to write (default: standard output)")

    def handle(self, *args, output=None, **options):
        count = 0
        if output:
            with open(output, "w", encoding="utf-8") as fh:
                for row in corrections_export_lines():
                    fh.write(json.dumps(row, ensure_ascii=False) + "\n")
                    count += 1
        else:
            for row in corrections_export_lines():
                self.stdout.write(json.dumps(row, ensure_ascii=False))
                count += 1
        self.stderr.write(f"exported {count} document(s) with corrections")
