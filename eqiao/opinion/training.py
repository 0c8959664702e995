"""What the two learned readings (`sentiment_train`, `severity_train`) share: the labelled
training files grouped by hand, the sparse features turned into a matrix, and the
logistic fit (full-batch gradient descent with L2, in numpy)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np

DATA = Path(__file__).parent / "data" / "train"
MIN_COUNT = 2
L2 = 1e-3
RATE = 2.0


def hands(folder: Path = DATA) -> dict[str, list[Path]]:
    """The training files by the hand that wrote them (the file name's last letter:
    A.jsonl and s1_A.jsonl are hand A's)."""
    out: dict[str, list[Path]] = {}
    for path in sorted(folder.glob("*.jsonl")):
        out.setdefault(path.stem[-1], []).append(path)
    return out


def vectorise(
    rows: list[dict[str, float]], keep_prefix: str, min_count: int = MIN_COUNT
) -> tuple[np.ndarray, list[str]]:
    """The feature matrix of `rows` and its vocabulary: the features seen in at least
    `min_count` rows, and every named feature (those starting with `keep_prefix`)."""
    counts: Counter = Counter()
    for row in rows:
        counts.update(row.keys())
    vocab = sorted(k for k, n in counts.items() if n >= min_count or k.startswith(keep_prefix))
    index = {k: i for i, k in enumerate(vocab)}
    x = np.zeros((len(rows), len(vocab)), dtype=np.float32)
    for i, row in enumerate(rows):
        for k, v in row.items():
            j = index.get(k)
            if j is not None:
                x[i, j] = v
    return x, vocab


def fit(
    x: np.ndarray,
    targets: np.ndarray,
    weight: np.ndarray,
    steps: int,
    *,
    rate: float = RATE,
    l2: float = L2,
) -> tuple[np.ndarray, np.ndarray]:
    """Weights (features × classes) and biases of a logistic model: `targets` one column
    of 0/1 (a sigmoid) or one-hot columns (a softmax); `weight`: each row's share of the
    loss (summing to one)."""
    k = targets.shape[1]
    w = np.zeros((x.shape[1], k), dtype=np.float32)
    b = np.zeros(k, dtype=np.float32)
    for _ in range(steps):
        z = x @ w + b
        if k == 1:
            p = 1.0 / (1.0 + np.exp(-z))
        else:
            z -= z.max(axis=1, keepdims=True)
            p = np.exp(z)
            p /= p.sum(axis=1, keepdims=True)
        g = (p - targets) * weight[:, None]
        w -= rate * (x.T @ g + l2 * w)
        b -= rate * g.sum(axis=0)
    return w, b
