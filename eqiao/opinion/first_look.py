"""`python -m eqiao.opinion.first_look FILE...`: the quality figures on labelled files.

Each file is analysed on its own, in order; the figures are printed for all of them
together. `--errors N` also prints up to N mistakes of each kind (for training files
only: a sealed set is looked at once, for its figures)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from eqiao.opinion.quality import evaluate, load

GOALS = {
    "relevance_f1": 0.93,
    "sentiment_accuracy_relevant": 0.8,
    "major_recall": 0.9,
    "dup_recall": 0.95,
    "dup_precision": 0.95,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eqiao.opinion.first_look")
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--errors", type=int, default=0)
    args = parser.parse_args(argv)
    try:
        files = [load(p) for p in args.files]
    except (OSError, ValueError) as exc:
        sys.stderr.write(f"{exc}\n")
        return 2
    quality = evaluate(files)
    for name, value in quality.figures().items():
        goal = GOALS.get(name)
        mark = "" if goal is None else ("  ok" if value >= goal else f"  below goal {goal}")
        shown = value if isinstance(value, int) else f"{value:.3f}"
        print(f"{name:30} {shown}{mark}")
    if args.errors:
        shown_by_kind: dict[str, int] = {}
        for kind, gold, pred in quality.errors:
            if shown_by_kind.get(kind, 0) >= args.errors:
                continue
            shown_by_kind[kind] = shown_by_kind.get(kind, 0) + 1
            labels = {k: gold.get(k) for k in ("relevant", "sentiment", "severity", "dup_of")}
            print(f"[{kind}] {gold['id']} gold={labels} pred={pred} :: {gold['text'][:120]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
