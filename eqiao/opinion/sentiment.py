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

from eqiao.text.sentiment import _SIGNAL, _cue_logit, ngram_key, sentiment_score
from eqiao.text.sentiment import model as engine_model
from eqiao.text.sentiment import prepare as engine_prepare

MODEL_PATH = Path(__file__).parent / "data" / "sentiment.json"
CLASSES = ("negative", "neutral", "positive")
ORDERS = (1, 2, 3)


def grams(text: str) -> set[str]:
    n = len(text)
    return {text[i : i + k] for k in ORDERS for i in range(n - k + 1)}


def cue_features(text: str, cues: dict[str, int]) -> dict[str, float]:
    """Named features besides the n-grams: the engine's review-trained score (centred),
    the counts of each cue family (from `rules.Rules.cues`), a question mark."""
    features = {f"cue:{k}": float(v) for k, v in cues.items()}
    features["cue:engine"] = sentiment_score(text) - 0.5
    features["cue:question"] = float("?" in text)
    return features


_SHIFT21 = np.uint64(21)


def _codes(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Every character 1-, 2- and 3-gram of each text as one integer (the engine's
    `ngram_key`: code points packed 21 bits each), with the index of its text; repeats
    kept. One numpy pass for the whole batch."""
    lengths = np.array([len(t) for t in texts], dtype=np.int64)
    cp = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    owner = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
    last = np.repeat(np.cumsum(lengths) - 1, lengths)  # each position's text's last index
    position = np.arange(len(cp), dtype=np.int64)
    codes, owners = [cp], [owner]
    packed = cp
    for k in (2, 3):
        count = len(cp) - k + 1
        if count <= 0:
            break
        packed = (packed[:count] << _SHIFT21) | cp[k - 1 : count + k - 1]
        valid = position[:count] + k - 1 <= last[:count]
        codes.append(packed[valid])
        owners.append(owner[:count][valid])
    return np.concatenate(codes), np.concatenate(owners)


def packed_keys(weights: dict, named: str) -> tuple[np.ndarray, np.ndarray]:
    """The n-gram weights of a model (every name but those starting with `named`) by
    packed key, sorted: the keys and the weight rows (one column per class)."""
    grams_ = [g for g in weights if not g.startswith(named)]
    keys = np.array([ngram_key(g) for g in grams_], dtype=np.uint64)
    order = np.argsort(keys)
    rows = [w if isinstance(w, list) else [w] for w in (weights[g] for g in grams_)]
    width = len(rows[0]) if rows else 1
    matrix = np.array(rows, dtype=np.float64).reshape(len(rows), width)
    return keys[order], matrix[order]


def gram_totals(texts: list[str], keys: np.ndarray, key_weights: np.ndarray) -> np.ndarray:
    """For each text, the sum of the weights of its distinct character 1–3-grams (as
    `grams` makes them) divided by the square root of their number, in one numpy pass
    over the batch: texts × columns of `key_weights`."""
    totals = np.zeros((len(texts), key_weights.shape[1] if key_weights.ndim == 2 else 1))
    if not texts:
        return totals
    codes, owner = _codes(texts)
    order = np.lexsort((codes, owner))
    codes, owner = codes[order], owner[order]
    first = np.ones(len(codes), dtype=bool)
    first[1:] = (codes[1:] != codes[:-1]) | (owner[1:] != owner[:-1])
    codes, owner = codes[first], owner[first]
    distinct = np.bincount(owner, minlength=len(texts))
    if len(keys):
        at = np.minimum(np.searchsorted(keys, codes), len(keys) - 1)
        found = keys[at] == codes
        rows = key_weights[at[found]]
        for c in range(totals.shape[1]):
            totals[:, c] = np.bincount(owner[found], weights=rows[:, c], minlength=len(texts))
    return totals / np.sqrt(np.maximum(distinct, 1))[:, None]


def engine_scores(texts: list[str]) -> list[float]:
    """`eqiao.text.sentiment.sentiment_score` of many texts in one numpy pass over the
    engine's own model (its sorted n-gram keys and weights): the same probabilities."""
    engine = engine_model()
    prepared = [engine_prepare(t) for t in texts]
    codes, owner = _codes(prepared)
    keys = engine.keys
    at = np.minimum(np.searchsorted(keys, codes), len(keys) - 1)
    found = keys[at] == codes
    values = np.where(found, engine.weights[at].astype(np.float64), 0.0)
    totals = np.bincount(owner, weights=values, minlength=len(texts)).tolist()
    out = []
    for text, total in zip(prepared, totals, strict=True):
        if not _SIGNAL.search(text):
            out.append(0.5)
            continue
        n = len(text)
        z = engine.bias + total / (3 * n - 3 if n > 1 else 1) ** 0.5 + _cue_logit(text)
        out.append(1.0 / (1.0 + math.exp(-min(max(z, -50.0), 50.0))))
    return out


class SentimentModel:
    def __init__(self, weights: dict[str, list[float]], bias: list[float]) -> None:
        self.weights, self.bias = weights, bias
        # The n-gram weights by packed key, sorted (for the batch path).
        self._keys, self._key_weights = packed_keys(weights, "cue:")
        if not len(self._keys):
            self._key_weights = np.zeros((0, 3))
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

    def predict_many(self, texts: list[str], cues: list[dict[str, int]]) -> list[str]:
        """`predict` of a batch: the n-gram part in one numpy pass, each text's distinct
        n-grams counted once (as `grams` makes them)."""
        if not texts:
            return []
        totals = gram_totals(texts, self._keys, self._key_weights) + np.array(self.bias)
        engine = engine_scores(texts)
        # the named features of every text as one matrix, weighed in one product
        names = list(cues[0])
        values = np.array(
            [
                [*(c[k] for k in names), score - 0.5, float("?" in text)]
                for c, score, text in zip(cues, engine, texts, strict=True)
            ],
            dtype=np.float64,
        )
        zero = [0.0, 0.0, 0.0]
        get = self.weights.get
        named = [get(f"cue:{k}", zero) for k in names]
        weights = np.array([*named, get("cue:engine", zero), get("cue:question", zero)])
        totals += values @ weights
        return [CLASSES[i] for i in totals.argmax(axis=1).tolist()]

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
