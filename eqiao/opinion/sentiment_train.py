"""`python -m eqiao.opinion.sentiment_train [FILES…]`: train the monitoring sentiment model
on labelled files (default: data/train/*.jsonl) and write data/sentiment.json.

Multinomial logistic regression, full-batch gradient descent with L2, in numpy
(`training.fit`). It prints the leave-one-file-out accuracy on relevant posts first (each labeller's file predicted by a
model trained on the others: the figure to expect on new writers), then trains on all."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from eqiao.opinion.normal import normalise, split_repost
from eqiao.opinion.quality import load
from eqiao.opinion.rules import Rules
from eqiao.opinion.sentiment import CLASSES, MODEL_PATH, SentimentModel, cue_features, grams
from eqiao.opinion.training import DATA, fit, vectorise

STEPS = 400


def examples(records: list[dict], rules: Rules) -> list[tuple[str, dict[str, int], int, bool]]:
    """(normalised own text, cues, class, relevant) per record. A repost with a comment of
    its own is judged on the comment (the labelling policy), else on the whole."""
    out = []
    for r in records:
        comment, content = split_repost(r["text"])
        text = normalise(comment if content and comment.strip() else r["text"])
        out.append((text, rules.cues(text), CLASSES.index(r["sentiment"]), bool(r["relevant"])))
    return out


def _features(text: str, cues: dict[str, int]) -> dict[str, float]:
    gs = grams(text)
    scale = 1.0 / np.sqrt(len(gs) or 1)
    features = {g: scale for g in gs}
    features.update({k: v for k, v in cue_features(text, cues).items() if v})
    return features


def train(data: list[tuple[str, dict[str, int], int, bool]]) -> SentimentModel:
    x, vocab = vectorise([_features(t, c) for t, c, _y, _r in data], "cue:")
    y = np.array([label for _t, _c, label, _r in data])
    weight = np.array([2.0 if relevant else 1.0 for *_x, relevant in data], dtype=np.float32)
    w, b = fit(x, np.eye(3, dtype=np.float32)[y], weight / weight.sum(), STEPS)
    weights = {k: [float(v) for v in w[i]] for i, k in enumerate(vocab)}
    return SentimentModel(weights, [float(v) for v in b])


def accuracy(model: SentimentModel, data) -> float:
    relevant = [(t, c, y) for t, c, y, r in data if r]
    right = sum(1 for t, c, y in relevant if model.predict(t, c) == CLASSES[y])
    return right / len(relevant) if relevant else float("nan")


def main(argv: list[str] | None = None) -> int:
    paths = [Path(a) for a in (argv if argv is not None else sys.argv[1:])] or sorted(
        DATA.glob("*.jsonl")
    )
    rules = Rules()
    files = [examples(load(p), rules) for p in paths]
    if len(files) > 1:
        for held, path in enumerate(paths):
            rest = [e for i, f in enumerate(files) if i != held for e in f]
            print(
                f"held out {path.name}: accuracy on relevant {accuracy(train(rest), files[held]):.3f}"
            )
    model = train([e for f in files for e in f])
    model.save(MODEL_PATH)
    print(f"trained on {sum(map(len, files))} posts → {MODEL_PATH} ({len(model.weights)} features)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
