"""`python -m eqiao.opinion.held_out [--errors N] [--threshold T] [--sweep [--write]]
[--sentiment-dir DIR]`: the hand-held-out figures of the whole pipeline on the training
files.

Each hand's files (A.jsonl + s1_A.jsonl, …, s5_L.jsonl) are judged by the pipeline with a
severity model and a sentiment model trained on the other hands' files only; the figures
are summed over the hands, and each line says at which stage the missed major posts were
lost (relevance, sentiment, severity). The rules (`lexicon`, `rules.Rules`,
`accusation`) are as they are: they were written with hands A–J in view, never from the
parts since s5 (`unseen_hands`: K, L, M, N), so only the models' part of A–J's figures is
held out — the honest figures are the unseen hands' (printed pooled after the hands) and a
sealed part's first look. Since round 8 the shipped threshold is chosen by `splits --write`
(the rule `python -m eqiao.opinion.splits` evaluates on many splits of held-out hands);
`--sweep --write` below is rounds 6–7's way and still runs.

`--sweep`: the same at every threshold of `GRID`, the pooled table, and the threshold
chosen for the severity model (the highest pooled major recall at pooled major precision
≥ LEAST_PRECISION); with `--write`, the model trained on every hand is written with it.
`--sentiment-dir`: keep each hand's held-out sentiment model there (the slow part: it does
not depend on the severity model) to rerun quickly."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from eqiao.opinion import sentiment_train, severity_train
from eqiao.opinion.quality import Quality, evaluate, load
from eqiao.opinion.rules import Rules
from eqiao.opinion.sentiment import SentimentModel
from eqiao.opinion.severity import model as severity_model
from eqiao.opinion.training import hands

SHOWN = (
    "relevance_f1",
    "sentiment_accuracy_relevant",
    "major_recall",
    "major_precision",
)


GRID = tuple(round(0.05 + 0.05 * i, 2) for i in range(18))  # 0.05 … 0.90
LEAST_PRECISION = 0.80


def by_hand(rules: Rules) -> tuple[dict[str, list], dict[str, list], dict[str, list]]:
    """Each hand's labelled files, and its training examples for the severity and the
    sentiment model, read with `rules` (the rules without a severity model)."""
    files = {h: [load(p) for p in paths] for h, paths in hands().items()}
    severity_rows = {
        h: [e for f in fs for e in severity_train.examples(f, rules)] for h, fs in files.items()
    }
    sentiment_rows = {
        h: [e for f in fs for e in sentiment_train.examples(f, rules)] for h, fs in files.items()
    }
    return files, severity_rows, sentiment_rows


def held_out(
    threshold: float | None = None,
    grid: tuple[float, ...] = (),
    sentiment_dir: Path | None = None,
) -> dict[float | None, tuple[dict[str, Quality], Quality]]:
    """The quality of each hand's files with models trained without that hand, and the
    sum over the hands, at the severity model's `threshold` (default: the shipped one's)
    and at each threshold of `grid`. `sentiment_dir`: read (or write) each hand's
    held-out sentiment model there instead of training it every run."""
    shipped = severity_model()
    if threshold is None and shipped is not None:
        threshold = shipped.threshold
    rules = Rules(severity=None)
    files, severity_rows, sentiment_rows = by_hand(rules)
    out: dict[float | None, tuple[dict[str, Quality], Quality]] = {
        t: ({}, Quality()) for t in (threshold, *grid)
    }
    for hand in files:
        severity = severity_train.train(
            [e for h, rows in severity_rows.items() if h != hand for e in rows]
        )
        cached = sentiment_dir / f"sentiment_without_{hand}.json" if sentiment_dir else None
        if cached is not None and cached.exists():
            sentiment = SentimentModel.load(cached)
        else:
            sentiment = sentiment_train.train(
                [e for h, rows in sentiment_rows.items() if h != hand for e in rows]
            )
            if cached is not None:
                sentiment.save(cached)
        for t, (per_hand, total) in out.items():
            if t is not None:
                severity.threshold = t
            quality = evaluate(files[hand], severity=severity, sentiment=sentiment)
            per_hand[hand] = quality
            total.counts.update(quality.counts)
            total.errors += quality.errors
    return out


def choose(
    swept: dict[float | None, tuple[dict[str, Quality], Quality]],
    least: float = LEAST_PRECISION,
) -> float | None:
    """The threshold of the grid with the highest pooled hand-held-out major recall whose
    pooled major precision is at least `least` (ties: the higher threshold)."""
    best: tuple[float, float] | None = None
    for t, (_per_hand, total) in swept.items():
        if t is None:
            continue
        figures = total.figures()
        if figures["major_precision"] >= least:
            if best is None or (figures["major_recall"], t) > best:
                best = (figures["major_recall"], t)
    return best[1] if best else None


# The first part no rule, lexicon entry or reading was written from (rounds 2–5 wrote them
# with hands A–J in view; from round 6 on, readings are written from general knowledge of
# how people write, never from a post): its hands and every later part's are the honest
# hands, whose hand-held-out figures are what a new writer gets.
FIRST_UNSEEN_PART = "s5"


def unseen_hands() -> list[str]:
    """The hands of FIRST_UNSEEN_PART and every later part (K, L, M, N, R, S after round
    8)."""
    first = _part_key(FIRST_UNSEEN_PART)
    return [h for h, part in _parts().items() if _part_key(part) >= first]


def _parts() -> dict[str, str]:
    """Each hand's newest part ("" for the first files, "s1" … for the sealed parts)."""
    return {
        h: max((p.stem.rsplit("_", 1)[0] if "_" in p.stem else "" for p in ps), key=_part_key)
        for h, ps in hands().items()
    }


def _part_key(part: str) -> tuple[int, str]:
    return (len(part), part)


def pooled(per_hand: dict[str, Quality], which: list[str]) -> Quality:
    out = Quality()
    for hand in which:
        out.counts.update(per_hand[hand].counts)
        out.errors += per_hand[hand].errors
    return out


STAGES = ("relevance", "sentiment", "severity")


def lost_at(quality: Quality) -> dict[str, int]:
    """Where the labelled major posts the pipeline missed were lost: judged irrelevant
    (relevance), judged relevant but not negative (sentiment: severity is only judged on
    negative posts), or relevant and negative but minor (severity)."""
    out = dict.fromkeys(STAGES, 0)
    for kind, _gold, pred in quality.errors:
        if kind != "major_missed":
            continue
        if not pred["relevant"]:
            out["relevance"] += 1
        elif pred["sentiment"] != "negative":
            out["sentiment"] += 1
        else:
            out["severity"] += 1
    return out


def _line(name: str, quality: Quality) -> str:
    figures = quality.figures()
    shown = " ".join(f"{k} {figures[k]:.3f}" for k in SHOWN)
    lost = " ".join(f"{k} {v}" for k, v in lost_at(quality).items())
    return f"{name:6} {shown} ({quality.counts['major_total']} major; missed at {lost})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eqiao.opinion.held_out")
    parser.add_argument("--errors", type=int, default=0, help="print N errors of each kind")
    parser.add_argument("--threshold", type=float, default=None)
    parser.add_argument(
        "--sweep",
        action="store_true",
        help="also judge at every threshold of the grid and choose the shipped one",
    )
    parser.add_argument("--sentiment-dir", type=Path, default=None)
    parser.add_argument(
        "--least-precision",
        type=float,
        default=LEAST_PRECISION,
        help="the pooled major precision the chosen threshold must keep",
    )
    parser.add_argument(
        "--write",
        action="store_true",
        help="with --sweep: train the severity model on every hand and ship it with the "
        "chosen threshold (data/severity.json)",
    )
    args = parser.parse_args(argv)
    swept = held_out(args.threshold, GRID if args.sweep else (), args.sentiment_dir)
    first = next(iter(swept))
    per_hand, total = swept[first]
    print(f"threshold {first}")
    for hand, quality in per_hand.items():
        print(_line(hand, quality))
    print(_line("all", total))
    shown: dict[str, int] = {}
    for kind, gold, pred in total.errors:
        if kind.startswith("major") and shown.get(kind, 0) < args.errors:
            shown[kind] = shown.get(kind, 0) + 1
            print(f"[{kind}] {gold['id']} pred={pred['severity']} :: {gold['text'][:150]}")
    unseen = unseen_hands()
    print(_line("+".join(unseen), pooled(per_hand, unseen)))
    if args.sweep:
        print(
            "threshold | major recall | major precision | found / called / labelled | "
            f"unseen hands ({', '.join(unseen)}): recall, precision"
        )
        for t in sorted(k for k in swept if k is not None):
            by_hand, total = swept[t]
            f, c = total.figures(), total.counts
            n = pooled(by_hand, unseen).figures()
            print(
                f"{t:.2f} | {f['major_recall']:.3f} | {f['major_precision']:.3f} | "
                f"{c['major_found']} / {c['major_predicted']} / {c['major_total']} | "
                f"{n['major_recall']:.3f}, {n['major_precision']:.3f}"
            )
        chosen = choose(swept, args.least_precision)
        print(f"chosen (highest recall at precision >= {args.least_precision}): {chosen}")
        if args.write and chosen is not None:
            severity_train.main(["--write", "--threshold", str(chosen)])
    return 0


if __name__ == "__main__":
    sys.exit(main())
