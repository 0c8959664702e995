"""Hit rates of the search on a labelled question set (JSON lines: id, question, law,
article, also). A hit at k: the article, or one of "also", among the first k articles."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).parent / "data"
DEV_SET = DATA / "questions_dev.jsonl"
SEALED_S1 = DATA / "questions_sealed_s1.jsonl"


@dataclass
class Figures:
    total: int
    top1: float
    top3: float
    misses: list[dict] = field(default_factory=list)  # questions without a top-3 hit

    def line(self) -> str:
        return f"n={self.total} top-1={self.top1:.3f} top-3={self.top3:.3f}"


def questions(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def evaluate(rank: Callable[[str], list[str]], items: list[dict]) -> Figures:
    """`rank(question)` returns article keys, best first."""
    top1 = top3 = 0
    misses = []
    for item in items:
        wanted = {str(item["article"]), *(str(a) for a in item.get("also", []))}
        got = rank(item["question"])
        top1 += bool(got[:1] and got[0] in wanted)
        if wanted & set(got[:3]):
            top3 += 1
        else:
            misses.append({**item, "got": got[:3]})
    n = len(items) or 1
    return Figures(len(items), top1 / n, top3 / n, misses)
