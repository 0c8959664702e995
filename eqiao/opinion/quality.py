"""Quality of the pipeline on a labelled set (labelling policy: relevant, sentiment,
severity, dup_of, event for every post; see `lexicon`'s docstring).

Figures, each over all files given (every file is analysed on its own, in order, as the
CLI would):
- relevance precision, recall, F1 (positive class: relevant);
- sentiment accuracy on the posts labelled relevant;
- major recall: labelled `major` posts the pipeline calls `major` (and its precision);
- near-duplicates: recall = labelled duplicates given the same original; precision =
  duplicates found whose original is the labelled one.
Goals of issue 13: F1 ≥ 0.93, sentiment ≥ 0.8, major recall ≥ 0.9, dup P and R ≥ 0.95.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from eqiao.opinion.pipeline import Analyzer, Post
from eqiao.opinion.rules import Rules, Terms
from eqiao.opinion.sentiment import SentimentModel
from eqiao.opinion.severity import SeverityModel


@dataclass
class Quality:
    counts: Counter = field(default_factory=Counter)
    errors: list[tuple[str, dict, dict]] = field(default_factory=list)  # (kind, gold, predicted)

    def add(self, gold: dict, pred: dict) -> None:
        c = self.counts
        c["posts"] += 1
        g_rel, p_rel = bool(gold.get("relevant")), bool(pred["relevant"])
        c["tp" if g_rel and p_rel else "fp" if p_rel else "fn" if g_rel else "tn"] += 1
        if g_rel != p_rel:
            self.errors.append(("relevance", gold, pred))
        if g_rel:
            c["sentiment_total"] += 1
            if gold.get("sentiment") == pred["sentiment"]:
                c["sentiment_ok"] += 1
            else:
                self.errors.append(("sentiment", gold, pred))
        if gold.get("severity") == "major":
            c["major_total"] += 1
            if pred["severity"] == "major":
                c["major_found"] += 1
            else:
                self.errors.append(("major_missed", gold, pred))
        if pred["severity"] == "major":
            c["major_predicted"] += 1
            if gold.get("severity") != "major":
                self.errors.append(("major_extra", gold, pred))
        g_dup, p_dup = gold.get("dup_of"), pred["dup_of"]
        if g_dup is not None:
            c["dup_total"] += 1
            if p_dup == g_dup:
                c["dup_found"] += 1
            else:
                self.errors.append(("dup_missed", gold, pred))
        if p_dup is not None:
            c["dup_predicted"] += 1
            if p_dup == g_dup:
                c["dup_right"] += 1
            elif g_dup is None or p_dup != g_dup:
                self.errors.append(("dup_extra", gold, pred))

    @staticmethod
    def _ratio(a: int, b: int) -> float:
        return a / b if b else float("nan")

    def figures(self) -> dict[str, float]:
        c = self.counts
        precision = self._ratio(c["tp"], c["tp"] + c["fp"])
        recall = self._ratio(c["tp"], c["tp"] + c["fn"])
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "posts": c["posts"],
            "relevance_precision": precision,
            "relevance_recall": recall,
            "relevance_f1": f1,
            "sentiment_accuracy_relevant": self._ratio(c["sentiment_ok"], c["sentiment_total"]),
            "major_recall": self._ratio(c["major_found"], c["major_total"]),
            "major_precision": self._ratio(c["major_found"], c["major_predicted"]),
            "dup_recall": self._ratio(c["dup_found"], c["dup_total"]),
            "dup_precision": self._ratio(c["dup_right"], c["dup_predicted"]),
        }


def load(path: Path) -> list[dict]:
    records = []
    with path.open(encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: {exc.msg}") from exc
    return records


def evaluate(
    files: list[list[dict]],
    terms: Terms | None = None,
    severity: SeverityModel | None | str = "shipped",
    sentiment: SentimentModel | None | str = "shipped",
) -> Quality:
    """Analyse each labelled file on its own and compare, post by post; `severity` and
    `sentiment`: the learned models to use ("shipped": those in data/)."""
    quality = Quality()
    rules = Rules(terms, severity, sentiment)
    for records in files:
        analyzer = Analyzer(terms, severity=severity)
        analyzer.rules = rules
        posts = [Post(r["id"], str(r.get("source", "")), r["text"]) for r in records]
        for gold, result in zip(records, analyzer.analyze_many(posts), strict=True):
            quality.add(gold, result.line())
    return quality
