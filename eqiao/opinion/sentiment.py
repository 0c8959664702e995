"""Sentiment of a monitored post towards its subject: a three-class linear model over
character 1–3-grams and the domain's cue counts, trained on the labelled training files
(`python -m eqiao.opinion.sentiment_train`), stored as `data/sentiment.json`.

Why its own model: the text engine's is trained on product reviews, where a news release
("依法提起公诉") and sarcasm ("真是好效率啊") read as the opposite of what the monitoring
desk means; the labelled posts say what the desk means."""

from __future__ import annotations

import json
import math
from functools import cache
from itertools import repeat
from pathlib import Path

import numpy as np

from eqiao.text.sentiment import sentiment_score

MODEL_PATH = Path(__file__).parent / "data" / "sentiment.json"
CLASSES = ("negative", "neutral", "positive")
ORDERS = (1, 2, 3)


def grams(text: str) -> set[str]:
    n = len(text)
    return {text[i : i + k] for k in ORDERS for i in range(n - k + 1)}


def cue_features(text: str, cues: dict[str, int]) -> dict[str, float]:
    """Named features besides the n-grams: the engine's review-trained score (centred),
    the counts of each cue family (from `pipeline.Rules.cues`), a question mark."""
    features = {f"cue:{k}": float(v) for k, v in cues.items()}
    features["cue:engine"] = sentiment_score(text) - 0.5
    features["cue:question"] = float("?" in text)
    return features


class SentimentModel:
    def __init__(self, weights: dict[str, list[float]], bias: list[float]) -> None:
        self.weights, self.bias = weights, bias
        # Row 0 is zeros, for n-grams the model does not know: a text's rows are summed in
        # one numpy call instead of a Python loop over its n-grams.
        self._row = {g: i for i, g in enumerate(weights, start=1)}
        self._matrix = np.zeros((len(weights) + 1, 3), dtype=np.float64)
        if weights:
            self._matrix[1:] = np.array(list(weights.values()), dtype=np.float64)

    def scores(self, text: str, cues: dict[str, int]) -> list[float]:
        gs = grams(text)
        scale = 1.0 / math.sqrt(len(gs) or 1)
        rows = np.fromiter(map(self._row.get, gs, repeat(0)), dtype=np.intp, count=len(gs))
        total = (self._matrix[rows].sum(axis=0) * scale + self.bias).tolist()
        get = self.weights.get
        for name, value in cue_features(text, cues).items():
            w = get(name)
            if w is not None and value:
                total[0] += w[0] * value
                total[1] += w[1] * value
                total[2] += w[2] * value
        return total

    def predict(self, text: str, cues: dict[str, int]) -> str:
        s = self.scores(text, cues)
        return CLASSES[max(range(3), key=s.__getitem__)]

    def save(self, path: Path) -> None:
        rounded = {g: [round(x, 4) for x in w] for g, w in sorted(self.weights.items())}
        path.write_text(
            json.dumps({"bias": self.bias, "weights": rounded}, ensure_ascii=False, indent=0),
            encoding="utf-8",
        )

    @classmethod
    def load(cls, path: Path) -> SentimentModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data["weights"], data["bias"])


@cache
def model() -> SentimentModel | None:
    """The shipped model (None before one is trained: the rules then decide alone)."""
    if not MODEL_PATH.exists():
        return None
    return SentimentModel.load(MODEL_PATH)
