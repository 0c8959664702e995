"""`python -m eqiao.opinion.severity_train [--write]`: the learned reading of severity and
its honest figures.

A logistic model says whether a relevant post is `major`, from its character 1–3-grams
and the rules' readings (`Rules.readings`: an accusation, one against a named person or
the office's leadership, a threat to life, a group action, a call to spread, doubt, an
official statement). It is trained on the training files (data/train: the three hands'
first files and s1); the pipeline calls a relevant negative post `major` when the rules
find a major cue OR the model's probability reaches `THRESHOLD`.

Figures (printed): hand held out — each hand's files (A + s1_A, …) judged by a model
trained on the other two hands' files — for the model alone and for rules + model. The
rules themselves were written with every training file in view, so only the model's part
of these figures is held out; the rules' honest figure is the next sealed part's first
look. `--write` also trains on everything and writes data/severity.json.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import numpy as np

from eqiao.opinion.pipeline import Rules, normalise
from eqiao.opinion.quality import evaluate, load
from eqiao.opinion.severity import MODEL_PATH, SeverityModel, features

DATA = Path(__file__).parent / "data" / "train"
MIN_COUNT = 2
L2 = 1e-3
STEPS = 300
RATE = 2.0


def examples(records: list[dict], rules: Rules) -> list[tuple[str, dict[str, int], int]]:
    """(normalised text, readings, 1 if major) of the relevant posts; a repost is judged on
    its whole text (its original's accusation travels with it)."""
    out = []
    for r in records:
        if not r.get("relevant"):
            continue
        text = normalise(r["text"])
        out.append((text, rules.readings(text), int(r.get("severity") == "major")))
    return out


def train(data: list[tuple[str, dict[str, int], int]]) -> SeverityModel:
    rows = [features(t, c) for t, c, _y in data]
    counts: Counter = Counter()
    for row in rows:
        counts.update(row.keys())
    vocab = sorted(k for k, n in counts.items() if n >= MIN_COUNT or k.startswith("read:"))
    index = {k: i for i, k in enumerate(vocab)}
    x = np.zeros((len(rows), len(vocab)), dtype=np.float32)
    for i, row in enumerate(rows):
        for k, v in row.items():
            j = index.get(k)
            if j is not None:
                x[i, j] = v
    y = np.array([label for *_x, label in data], dtype=np.float32)
    # the rare class weighs as much as the rest together
    weight = np.where(y == 1, 0.5 / max(y.sum(), 1), 0.5 / max((1 - y).sum(), 1))
    w = np.zeros(len(vocab), dtype=np.float32)
    b = 0.0
    for _ in range(STEPS):
        p = 1.0 / (1.0 + np.exp(-(x @ w + b)))
        g = (p - y) * weight
        w -= RATE * (x.T @ g + L2 * w)
        b -= RATE * float(g.sum())
    return SeverityModel({k: float(w[index[k]]) for k in vocab}, float(b))


def _hands() -> dict[str, list[Path]]:
    hands: dict[str, list[Path]] = {}
    for path in sorted(DATA.glob("*.jsonl")):
        hands.setdefault(path.stem[-1], []).append(path)
    return hands


def held_out(rules: Rules) -> dict[str, dict[str, float]]:
    """Major recall and precision of the whole pipeline on each hand's files with a model
    trained on the other two hands' files; and of the rules alone (training figures)."""
    hands = _hands()
    files = {h: [load(p) for p in paths] for h, paths in hands.items()}
    data = {h: [e for f in fs for e in examples(f, rules)] for h, fs in files.items()}
    tally: dict[str, Counter] = {"rules+model": Counter(), "rules": Counter()}
    out: dict[str, dict[str, float]] = {}
    for hand in hands:
        model = train([e for h, rows in data.items() if h != hand for e in rows])
        for name, severity in (("rules+model", model), ("rules", None)):
            c = evaluate(files[hand], severity=severity).counts
            mine = Counter(gold=c["major_total"], said=c["major_predicted"], right=c["major_found"])
            tally[name].update(mine)
            out[f"{hand} {name}"] = _figures(mine)
    for name, c in tally.items():
        out[f"all {name}"] = _figures(c)
    return out


def _figures(c: Counter) -> dict[str, float]:
    return {
        "recall": c["right"] / c["gold"] if c["gold"] else float("nan"),
        "precision": c["right"] / c["said"] if c["said"] else float("nan"),
        "majors": c["gold"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eqiao.opinion.severity_train")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    rules = Rules()
    for name, f in held_out(rules).items():
        print(
            f"held out {name:18} major recall {f['recall']:.3f} "
            f"precision {f['precision']:.3f} ({f['majors']} major)"
        )
    if args.write:
        rows = [e for paths in _hands().values() for p in paths for e in examples(load(p), rules)]
        model = train(rows)
        model.save(MODEL_PATH)
        print(f"trained on {len(rows)} relevant posts → {MODEL_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
