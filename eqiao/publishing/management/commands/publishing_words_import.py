"""eqiao publishing_words_import FILE [--category C]: add a file's words to the sensitive-word
list (UTF-8, one a line, or word<TAB>category)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from eqiao.publishing.services.wordlist_admin import sensitive_words_import


class Command(BaseCommand):
    help = "Add the words of a UTF-8 file (one a line, or word<TAB>category) to the sensitive-word list."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--category", default="")

    def handle(self, *args, path: str, category: str, **options):
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"cannot read {path}: {exc}") from exc
        added, present = sensitive_words_import(lines=lines, category=category)
        self.stdout.write(f"added {added} words; {present} were already on the list")
