"""`python -m eqiao.opinion.severity_train [--write] [--threshold T]`: the learned reading of
severity.

A logistic model says whether a relevant post is `major`, from its character 1–3-grams
and the rules' readings (`Rules.readings`: the accusation read as structure —
`accusation.read`: who is accused, of what kind of wrong, in what mode, and their
crossings; whether that reading is decisive; who speaks (first person, their kin, a
lawyer, the media); and the lexicon's combined readings: a cue in a claimed mode, an
accusation naming a person or the office's leadership, doubt, an official statement, a
question, speaking to the office, a rhetorical question, money, irony, length). The
lexicon's one-word cues are left out (`severity.LEFT_OUT`). It is trained on the training
files (data/train: thirteen hands).

Since round 6 the model decides (`DECIDES`): every relevant post (`JUDGES_POSITIVE`: also
those the sentiment model calls positive) is major when its probability reaches the
threshold, and a post judged major is negative. Since round 8 the threshold is chosen by
the rule `python -m eqiao.opinion.splits` evaluates on many splits of held-out hands (the
highest recall at precision ≥ `splits.SHIPPED_FLOOR` over the training hands' held-out
probabilities): `python -m eqiao.opinion.splits --write` applies it to every hand and calls
this module's `--write --threshold T` to train on everything and write data/severity.json.
(Rounds 6–7 chose it with `python -m eqiao.opinion.held_out --sweep --write`.)
Without `--threshold`, the threshold is the model alone's best F2 on hand-held-out
probabilities (printed; the rule before round 6).
"""

from __future__ import annotations

import argparse
import sys

import numpy as np

from eqiao.opinion.normal import normalise
from eqiao.opinion.quality import load
from eqiao.opinion.rules import Rules
from eqiao.opinion.severity import MODEL_PATH, THRESHOLD, SeverityModel, features
from eqiao.opinion.training import fit, hands, vectorise

STEPS = 300
# Round 6: the model decides the severity of every relevant post not judged positive
# (`Rules._model_decides`); its threshold is chosen on the whole pipeline's hand-held-out
# figures (`python -m eqiao.opinion.held_out --sweep`).
DECIDES = True
JUDGES_POSITIVE = True
# Round 7: the major posts weigh 0.8 of the loss (0.5 before: as much as the rest
# together), chosen with the threshold on the unseen hands' hand-held-out figures
# (eqiao/opinion/NOTES.md, "Round 7").
MAJOR_SHARE = 0.8


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
    # the major posts together weigh MAJOR_SHARE of the loss, the rest the remainder
    weight = np.where(
        y == 1, MAJOR_SHARE / max(y.sum(), 1), (1 - MAJOR_SHARE) / max((1 - y).sum(), 1)
    )
    w, b = fit(x, y[:, None], weight, STEPS)
    return SeverityModel(
        {k: float(w[i, 0]) for i, k in enumerate(vocab)},
        float(b[0]),
        decides=DECIDES,
        judges_positive=JUDGES_POSITIVE,
    )


def held_out_probabilities(
    data: dict[str, list[tuple[str, dict[str, int], int]]],
) -> list[tuple[float, int, int]]:
    """(probability, the rules' cue, label) of every relevant post, each hand's from a
    model trained on the other hands."""
    out = []
    for hand, rows in data.items():
        model = train([e for h, other in data.items() if h != hand for e in other])
        out += [(model.probability(t, c), c["cue"], y) for t, c, y in rows]
    return out


def choose_threshold(scored: list[tuple[float, int, int]]) -> tuple[float, dict[str, float]]:
    """The threshold that best serves major recall on hand-held-out probabilities: the
    highest F2 (recall weighed four times precision) of the model alone ("probability ≥
    t") over the relevant posts, and its recall and precision. The model alone, because
    the rules were written with every hand in view: with their cues every threshold
    would look alike."""
    best: tuple[float, float, dict[str, float]] = (-1.0, THRESHOLD, {})
    gold = sum(y for _p, _c, y in scored) or 1
    for t in np.arange(0.30, 0.91, 0.05):
        said = [(p >= t, y) for p, _c, y in scored]
        right = sum(1 for s, y in said if s and y)
        called = sum(1 for s, _y in said if s) or 1
        recall, precision = right / gold, right / called
        f2 = 5 * precision * recall / (4 * precision + recall) if right else 0.0
        if f2 > best[0]:
            best = (f2, round(float(t), 2), {"recall": recall, "precision": precision})
    return best[1], best[2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eqiao.opinion.severity_train")
    parser.add_argument("--write", action="store_true")
    parser.add_argument(
        "--threshold",
        type=float,
        default=None,
        help="the shipped threshold (`python -m eqiao.opinion.held_out --sweep` chooses it "
        "on the whole pipeline's hand-held-out figures); without it, the model alone's F2",
    )
    args = parser.parse_args(argv)
    rules = Rules(severity=None)
    data = {h: [e for p in paths for e in examples(load(p), rules)] for h, paths in hands().items()}
    if args.threshold is not None:
        threshold = args.threshold
    else:
        threshold, seen = choose_threshold(held_out_probabilities(data))
        print(
            f"threshold {threshold:.2f} (hand held out, relevant posts, the model alone: "
            f"major recall {seen['recall']:.3f}, precision {seen['precision']:.3f})"
        )
    rows = [e for rows in data.values() for e in rows]
    model = train(rows)
    model.threshold = threshold
    print(f"trained on {len(rows)} relevant posts")
    if args.write:
        model.save(MODEL_PATH)
        print(f"→ {MODEL_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
