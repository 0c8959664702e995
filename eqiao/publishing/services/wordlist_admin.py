"""Loading the sensitive-word list in bulk (a file of thousands of entries, one a line,
optionally `word<TAB>category`)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from eqiao.publishing.models import SensitiveWord


def sensitive_words_import(*, lines: Iterable[str], category: str = "") -> tuple[int, int]:
    """Add the words not yet on the list; returns (added, already there). Blank lines and
    lines starting with # are skipped; a word is at most 50 characters."""
    wanted: dict[str, str] = {}
    for raw in lines:
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        word, _tab, cat = line.partition("\t")
        word = word.strip()[:50]
        if word:
            wanted.setdefault(word, (cat.strip() or category)[:30])
    existing = set(
        SensitiveWord.objects.filter(word__in=list(wanted)).values_list("word", flat=True)
    )
    new = [SensitiveWord(word=w, category=c) for w, c in wanted.items() if w not in existing]
    with transaction.atomic():
        SensitiveWord.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
    return len(new), len(existing)
