"""What the two learned readings (`sentiment_train`, `severity_train`) share: the labelled
training files grouped by hand, the sparse features turned into a matrix, and the
logistic fit (full-batch gradient descent with L2, in numpy).

The matrix is kept sparse (`Rows`: a post has a few hundred of some 35,000 features):
a fit over every post took two minutes dense and takes seconds sparse, which is what
lets the held-out evaluation (`held_out --splits`) train a model for every split."""

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


class Rows:
    """A sparse matrix (rows × columns) by its non-zero entries, with the two products
    the fit needs."""

    def __init__(self, row: np.ndarray, column: np.ndarray, value: np.ndarray, shape) -> None:
        self.row, self.column, self.value, self.shape = row, column, value, shape

    def times(self, w: np.ndarray) -> np.ndarray:
        """self @ w (w: columns × k)."""
        part = self.value[:, None] * w[self.column]
        return np.stack(
            [np.bincount(self.row, part[:, c], self.shape[0]) for c in range(w.shape[1])],
            axis=1,
        )

    def transposed_times(self, g: np.ndarray) -> np.ndarray:
        """self.T @ g (g: rows × k)."""
        part = self.value[:, None] * g[self.row]
        return np.stack(
            [np.bincount(self.column, part[:, c], self.shape[1]) for c in range(g.shape[1])],
            axis=1,
        )

    def dense(self) -> np.ndarray:
        out = np.zeros(self.shape, dtype=np.float64)
        np.add.at(out, (self.row, self.column), self.value)
        return out


def vectorise(
    rows: list[dict[str, float]], keep_prefix: str, min_count: int = MIN_COUNT
) -> tuple[Rows, list[str]]:
    """The feature matrix of `rows` and its vocabulary: the features seen in at least
    `min_count` rows, and every named feature (those starting with `keep_prefix`)."""
    counts: Counter = Counter()
    for row in rows:
        counts.update(row.keys())
    vocab = sorted(k for k, n in counts.items() if n >= min_count or k.startswith(keep_prefix))
    index = {k: i for i, k in enumerate(vocab)}
    at_row, at_column, values = [], [], []
    for i, row in enumerate(rows):
        # in sorted order: a row's features come from sets, whose order follows the
        # process's string hashing, and the order of a sum changes its last bits (round 9:
        # the shipped model differed from run to run in its bias's 16th digit)
        for k in sorted(row):
            v = row[k]
            j = index.get(k)
            if j is not None:
                at_row.append(i)
                at_column.append(j)
                values.append(v)
    x = Rows(
        np.array(at_row, dtype=np.intp),
        np.array(at_column, dtype=np.intp),
        np.array(values, dtype=np.float64),
        (len(rows), len(vocab)),
    )
    return x, vocab


def fit(
    x: Rows,
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
    w = np.zeros((x.shape[1], k), dtype=np.float64)
    b = np.zeros(k, dtype=np.float64)
    for _ in range(steps):
        z = x.times(w) + b
        if k == 1:
            p = 1.0 / (1.0 + np.exp(-z))
        else:
            z -= z.max(axis=1, keepdims=True)
            p = np.exp(z)
            p /= p.sum(axis=1, keepdims=True)
        g = (p - targets) * weight[:, None]
        w -= rate * (x.transposed_times(g) + l2 * w)
        b -= rate * g.sum(axis=0)
    return w, b
