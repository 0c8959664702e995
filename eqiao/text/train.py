"""Learning from staff: retrain the category and risk models on the labelled set plus the
corrections staff made in the workbench.

`train(corrections, out_path)` is what `eqiao text train --corrections FILE` runs. The
project's labelled set (`eqiao/text/data/messages.jsonl`, train split only — the test split stays
held out) is the base; each correction is a `(text, category, risk)` triple where category or
risk may be None when staff corrected only the other. A correction replaces a labelled row
with the same text and counts `CORRECTION_WEIGHT` times, since staff correct exactly where
the engine was wrong.

Reproducible: rows are sorted by text before training, features sorted, weights start at
zero, the artefact is gzip with a zero timestamp — the same inputs give the same bytes.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from eqiao.text.classify import features_for, model_path, reload_models
from eqiao.text.lexicon import CATEGORIES
from eqiao.text.model import ARTEFACT_VERSION, fit, save_artefact, vocabulary
from eqiao.text.normalize import normalize
from eqiao.text.quality import LABELLED_PATH, load_labelled
from eqiao.text.risk import LEVELS, assess_risk_normalized

CORRECTION_WEIGHT = 3.0
# Chosen by cross-validation on the train split, by origin since issue 8's third round (NOTES.md).
L2, STEPS, LEARNING_RATE = 1e-4, 400, 0.1
MIN_COUNT = 2  # a feature seen in fewer training messages only overfits
BALANCE_POWER = 1.0  # weight classes inversely to their frequency: complaint dominates


@dataclass(frozen=True)
class Example:
    """One training message with its labels (None: not labelled for that model)."""

    text: str
    category: str | None
    risk: str | None
    weight: float


@dataclass(frozen=True)
class TrainResult:
    """What a training run used and wrote."""

    path: Path
    messages: int
    corrections: int
    category_classes: dict[str, int]
    risk_classes: dict[str, int]


def read_corrections(path: Path) -> Iterator[tuple[str, str | None, str | None]]:
    """Corrections from a JSON Lines file of {"text", "category", "risk"}; bad lines raise."""
    with path.open(encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                yield row["text"], row.get("category"), row.get("risk")
            except (ValueError, KeyError, TypeError) as exc:
                raise ValueError(f"{path}:{number}: not a correction line ({exc})") from exc


def _validated(text: object, category: object, risk: object) -> tuple[str, str | None, str | None]:
    if not isinstance(text, str) or not text.strip():
        raise ValueError("correction without text")
    if category is not None and category not in CATEGORIES:
        raise ValueError(f"unknown category {category!r}")
    if risk is not None and risk not in LEVELS:
        raise ValueError(f"unknown risk level {risk!r}")
    return text, category, risk  # type: ignore[return-value]


def examples(
    corrections: Iterable[tuple[str, str | None, str | None]], labelled_path: Path = LABELLED_PATH
) -> list[Example]:
    """The training set: labelled train rows, overridden and extended by corrections."""
    by_text: dict[str, Example] = {
        row["text"]: Example(row["text"], row["category"], row["risk"], 1.0)
        for row in load_labelled(labelled_path, split="train")
    }
    for raw in corrections:
        text, category, risk = _validated(*raw)
        base = by_text.get(text)
        by_text[text] = Example(
            text,
            category if category is not None else (base.category if base else None),
            risk if risk is not None else (base.risk if base else None),
            CORRECTION_WEIGHT,
        )
    return [by_text[t] for t in sorted(by_text)]


def _balanced(labels: list[str], weights: list[float]) -> list[float]:
    counts = Counter(labels)
    return [
        w * (len(labels) / counts[y]) ** BALANCE_POWER for y, w in zip(labels, weights, strict=True)
    ]


def _fit_one(rows: list[tuple[list[str], str, float]], classes: tuple[str, ...], names: list[str]):
    if len({label for _, label, _ in rows}) < 2:
        return None  # nothing to learn from a single class
    feats = [f for f, _, _ in rows]
    labels = [label for _, label, _ in rows]
    weights = _balanced(labels, [w for _, _, w in rows])
    return fit(
        feats,
        labels,
        classes,
        names=names,
        sample_weight=weights,
        l2=L2,
        steps=STEPS,
        learning_rate=LEARNING_RATE,
    )


def data_digest(data: list[Example]) -> str:
    """What an artefact was trained on, as one hash (recorded in it as `data_sha256`)."""
    return hashlib.sha256(
        json.dumps(
            [(e.text, e.category, e.risk, e.weight) for e in data], ensure_ascii=False
        ).encode()
    ).hexdigest()


def train(
    corrections: Iterable[tuple[str, str | None, str | None]],
    out_path: Path | None = None,
    *,
    labelled_path: Path = LABELLED_PATH,
) -> TrainResult:
    """Train both models and write the artefact (default: where the engine reads it)."""
    out = Path(out_path) if out_path is not None else model_path()
    data = examples(corrections, labelled_path)
    featurised = []
    for ex in data:
        norm = normalize(ex.text)
        featurised.append((ex, features_for(norm, assess_risk_normalized(norm).reasons)))
    cat_rows = [(f, ex.category, ex.weight) for ex, f in featurised if ex.category]
    risk_rows = [(f, ex.risk, ex.weight) for ex, f in featurised if ex.risk]
    # One vocabulary for both heads, so the engine scores both in a single pass.
    names = vocabulary([f for _, f in featurised], MIN_COUNT)
    category_model = _fit_one(cat_rows, CATEGORIES, names)
    risk_model = _fit_one(risk_rows, LEVELS, names)
    digest = data_digest(data)
    save_artefact(
        out,
        {
            "version": ARTEFACT_VERSION,
            "training": {
                "messages": len(data),
                "corrections": sum(1 for e in data if e.weight == CORRECTION_WEIGHT),
                "data_sha256": digest,
                "params": {
                    "l2": L2,
                    "steps": STEPS,
                    "learning_rate": LEARNING_RATE,
                    "min_count": MIN_COUNT,
                },
            },
            "features": names,
            "category": category_model.head() if category_model else None,
            "risk": risk_model.head() if risk_model else None,
        },
    )
    reload_models()
    return TrainResult(
        path=out,
        messages=len(data),
        corrections=sum(1 for e in data if e.weight == CORRECTION_WEIGHT),
        category_classes=dict(sorted(Counter(label for _, label, _ in cat_rows).items())),
        risk_classes=dict(sorted(Counter(label for _, label, _ in risk_rows).items())),
    )
