"""The learned reading of severity: a logistic model of whether a relevant post is
`major`, over its character 1–3-grams and the rules' readings (`Rules.readings`, among
them the accusation's target, wrong and mode: `accusation.read`), trained by `python -m
eqiao.opinion.splits --write` since round 8 (or `severity_train --write --threshold T`) and
stored as data/severity.json. Since round 6 the model decides (`decides`): every relevant
post is major when its probability reaches the threshold (chosen inside the training
hands by the rule `splits` evaluates on held-out hands), and a post judged major is
negative. A model without `decides`
(before round 6) only weighs the relevant negative posts the rules' cues and decisive
readings did not already call major (THRESHOLD before one is chosen)."""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path

from eqiao.opinion.sentiment import gram_totals, grams, packed_keys

MODEL_PATH = Path(__file__).parent / "data" / "severity.json"
THRESHOLD = 0.7


# Readings the model is not trained on (round 6): the lexicon's one-word cues (a word of
# accusation, of life, of a group, of spreading, and "any of them"), written with every
# training hand in view; trained on, they separate those hands' posts almost alone and
# teach the model to trust a word list that new writers do not share. The structure that
# combines them (the accusation reading, `decisive`, a cue in a claimed mode, an
# accusation naming a person) stays.
LEFT_OUT: frozenset[str] = frozenset({"cue", "accusation", "life", "group", "spread"})


def features(text: str, readings: dict[str, int]) -> dict[str, float]:
    gs = grams(text)
    scale = 1.0 / math.sqrt(len(gs) or 1)
    out = {g: scale for g in gs}
    out.update({f"read:{k}": float(v) for k, v in readings.items() if v and k not in LEFT_OUT})
    return out


class SeverityModel:
    def __init__(
        self,
        weights: dict[str, float],
        bias: float,
        threshold: float = THRESHOLD,
        *,
        decides: bool = False,
        judges_positive: bool = False,
    ) -> None:
        """`decides`: the model alone decides the severity of every relevant post it
        judges (round 6; else the rules' cues and decisive readings come first and the
        model weighs the rest of the relevant negative posts); `judges_positive`: it
        judges posts the sentiment model calls positive too."""
        self.weights, self.bias, self.threshold = weights, bias, threshold
        self.decides, self.judges_positive = decides, judges_positive
        self._keys, self._key_weights = packed_keys(weights, "read:")

    def probabilities(self, texts: list[str], readings: list[dict[str, int]]) -> list[float]:
        """`probability` of a batch: the n-gram part in one numpy pass."""
        totals = gram_totals(texts, self._keys, self._key_weights)[:, 0].tolist()
        get = self.weights.get
        out = []
        for total, reading in zip(totals, readings, strict=True):
            z = self.bias + total
            for k, v in reading.items():
                if v:
                    z += get(f"read:{k}", 0.0) * v
            out.append(1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0))))
        return out

    def probability(self, text: str, readings: dict[str, int]) -> float:
        get = self.weights.get
        z = self.bias + sum(get(k, 0.0) * v for k, v in features(text, readings).items())
        return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))

    def save(self, path: Path) -> None:
        rounded = {k: round(v, 4) for k, v in sorted(self.weights.items()) if abs(v) >= 1e-4}
        path.write_text(
            json.dumps(
                {
                    "bias": self.bias,
                    "threshold": self.threshold,
                    "decides": self.decides,
                    "judges_positive": self.judges_positive,
                    "weights": rounded,
                },
                ensure_ascii=False,
                indent=0,
            ),
            encoding="utf-8",
        )

    @classmethod
    def load(cls, path: Path) -> SeverityModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            data["weights"],
            data["bias"],
            data.get("threshold", THRESHOLD),
            decides=data.get("decides", False),
            judges_positive=data.get("judges_positive", False),
        )


@cache
def model() -> SeverityModel | None:
    """The shipped model (None before one is trained: the rules then decide alone)."""
    if not MODEL_PATH.exists():
        return None
    return SeverityModel.load(MODEL_PATH)
