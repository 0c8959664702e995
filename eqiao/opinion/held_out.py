"""`python -m eqiao.opinion.held_out [--errors N]`: the hand-held-out figures of the
whole pipeline on the training files.

Each hand's files (A.jsonl + s1_A.jsonl, …, s2_E.jsonl) are judged by the pipeline with a
severity model and a sentiment model trained on the other hands' files only; the figures
are summed over the hands. The rules (`lexicon`, `rules.Rules`) are as they are: they
were written with the training files in view, so only the models' part of these figures
is held out — the honest figure for the rules is a sealed part's first look."""

from __future__ import annotations

import argparse
import sys

from eqiao.opinion import sentiment_train, severity_train
from eqiao.opinion.quality import Quality, evaluate, load
from eqiao.opinion.rules import Rules
from eqiao.opinion.severity import model as severity_model
from eqiao.opinion.training import hands

SHOWN = (
    "relevance_f1",
    "sentiment_accuracy_relevant",
    "major_recall",
    "major_precision",
)


def held_out(threshold: float | None = None) -> tuple[dict[str, Quality], Quality]:
    """The quality of each hand's files with models trained without that hand, and the
    sum over the hands. `threshold`: the severity model's (default: the shipped one's,
    chosen by `severity_train` on hand-held-out probabilities)."""
    shipped = severity_model()
    if threshold is None and shipped is not None:
        threshold = shipped.threshold
    rules = Rules(severity=None)
    files = {h: [load(p) for p in paths] for h, paths in hands().items()}
    severity_rows = {
        h: [e for f in fs for e in severity_train.examples(f, rules)] for h, fs in files.items()
    }
    sentiment_rows = {
        h: [e for f in fs for e in sentiment_train.examples(f, rules)] for h, fs in files.items()
    }
    per_hand: dict[str, Quality] = {}
    total = Quality()
    for hand in files:
        severity = severity_train.train(
            [e for h, rows in severity_rows.items() if h != hand for e in rows]
        )
        if threshold is not None:
            severity.threshold = threshold
        sentiment = sentiment_train.train(
            [e for h, rows in sentiment_rows.items() if h != hand for e in rows]
        )
        quality = evaluate(files[hand], severity=severity, sentiment=sentiment)
        per_hand[hand] = quality
        total.counts.update(quality.counts)
        total.errors += quality.errors
    return per_hand, total


def _line(name: str, quality: Quality) -> str:
    figures = quality.figures()
    shown = " ".join(f"{k} {figures[k]:.3f}" for k in SHOWN)
    return f"{name:6} {shown} ({quality.counts['major_total']} major)"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eqiao.opinion.held_out")
    parser.add_argument("--errors", type=int, default=0, help="print N errors of each kind")
    parser.add_argument("--threshold", type=float, default=None)
    args = parser.parse_args(argv)
    per_hand, total = held_out(args.threshold)
    for hand, quality in per_hand.items():
        print(_line(hand, quality))
    print(_line("all", total))
    shown: dict[str, int] = {}
    for kind, gold, pred in total.errors:
        if kind.startswith("major") and shown.get(kind, 0) < args.errors:
            shown[kind] = shown.get(kind, 0) + 1
            print(f"[{kind}] {gold['id']} pred={pred['severity']} :: {gold['text'][:150]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
