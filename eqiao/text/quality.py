"""Measure the engine on a labelled set: the figures the quality tests hold it to.

Rows are dicts with "text", "category", "risk", "region" (None when not stated) and an
optional "split": "train", "dev" or a sealed split ("sealed-s1", …); see DEV below.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from eqiao.text.engine import Analysis, analyze

# Shipped in the package (package-data), so `eqiao text train` works from an installed copy.
LABELLED_PATH = Path(__file__).resolve().parent / "data" / "messages.jsonl"


@dataclass
class QualityReport:
    """Counts and the derived figures for one evaluation run."""

    total: int = 0
    category_correct: int = 0
    high_true: int = 0  # labelled high
    high_predicted: int = 0
    high_hit: int = 0  # labelled and predicted high
    risk_correct: int = 0
    region_stated: int = 0
    region_correct: int = 0
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # (field, want/got, text)

    @property
    def category_accuracy(self) -> float:
        return self.category_correct / self.total if self.total else 0.0

    @property
    def high_recall(self) -> float:
        return self.high_hit / self.high_true if self.high_true else 1.0

    @property
    def high_precision(self) -> float:
        return self.high_hit / self.high_predicted if self.high_predicted else 1.0

    @property
    def risk_accuracy(self) -> float:
        return self.risk_correct / self.total if self.total else 0.0

    @property
    def region_accuracy(self) -> float:
        return self.region_correct / self.region_stated if self.region_stated else 1.0

    def summary(self) -> str:
        """One line per figure, for a terminal."""
        return "\n".join(
            (
                f"messages           {self.total}",
                f"category accuracy  {self.category_accuracy:.3f}",
                f"high-risk recall   {self.high_recall:.3f} ({self.high_hit}/{self.high_true})",
                f"high-risk precision {self.high_precision:.3f} "
                f"({self.high_hit}/{self.high_predicted})",
                f"risk accuracy      {self.risk_accuracy:.3f}",
                f"region accuracy    {self.region_accuracy:.3f} "
                f"({self.region_correct}/{self.region_stated} stated)",
            )
        )


# Splits. "train": the only rows `train` learns from. "dev": every row that has been looked
# at while the engine was built (session 1's test and blind rows, the fresh sets B, D, E, F
# after their first looks; "origin" keeps the old split name): figures on it are
# development figures, not held-out ones. "sealed-*": written by hands that never saw the
# rules and looked at once (NOTES.md, "First looks"); no rule, lexicon entry, threshold or
# comment is written from them.
DEV = ("dev",)
SEALED_PREFIX = "sealed-"


def sealed_splits(path: Path = LABELLED_PATH) -> tuple[str, ...]:
    """The sealed splits present in a labelled file, sorted."""
    found = {row.get("split", "train") for row in load_labelled(path)}
    return tuple(sorted(s for s in found if s.startswith(SEALED_PREFIX)))


def load_labelled(
    path: Path = LABELLED_PATH, split: str | tuple[str, ...] | None = None
) -> Iterator[dict]:
    """Rows of a labelled JSON Lines file, optionally only some splits."""
    wanted = (split,) if isinstance(split, str) else split
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                if wanted is None or row.get("split", "train") in wanted:
                    yield row


def _score(report: QualityReport, row: dict, got: Analysis) -> None:
    text = row["text"]
    report.total += 1
    if got.category == row["category"]:
        report.category_correct += 1
    else:
        report.errors.append(("category", f"{row['category']}/{got.category}", text))
    report.risk_correct += got.risk == row["risk"]
    report.high_true += row["risk"] == "high"
    report.high_predicted += got.risk == "high"
    report.high_hit += row["risk"] == "high" and got.risk == "high"
    if got.risk != row["risk"]:
        report.errors.append(("risk", f"{row['risk']}/{got.risk} {list(got.reasons)}", text))
    if row.get("region"):
        report.region_stated += 1
        if got.region == row["region"]:
            report.region_correct += 1
        else:
            report.errors.append(("region", f"{row['region']}/{got.region}", text))


def evaluate(rows: Iterable[dict], analyzer=analyze) -> QualityReport:
    """Run `analyzer` on every row and count what it got right."""
    report = QualityReport()
    for row in rows:
        _score(report, row, analyzer(row["text"]))
    return report
