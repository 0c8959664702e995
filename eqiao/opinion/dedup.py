"""The monitoring desk's near-duplicate index: the text engine's MinHash over character
3-shingles (`eqiao.text.dedup`: the same canonical form, shingle hashes, permutations and
banding), arranged for a stream shared by several worker processes.

- Batches: the shingles and signatures of a whole batch of posts come from a few numpy
  calls (one code-point array for the batch, one (shingles × permutations) matrix reduced
  per post), not from numpy calls per post.
- Shareable: a post's `Fingerprint` keeps its sorted shingle hashes, which the worker
  stores with the post (`shingles_bytes`); another process rebuilds the signature and the
  band keys from those bytes alone. Band keys are a fixed hash of the band's rows (the
  engine's are Python's salted `hash`, which differs between processes).
- Lean and bounded: no signature matrix is kept (candidates are verified by their exact
  Jaccard similarity straight away); the band keys of all but the newest block of posts
  are two sorted numpy arrays (key, position), searched with `searchsorted`, not Python
  dicts; and only the last `window` posts are kept (posts older than that are forgotten a
  block at a time, and `on_evict` is told their ids), so memory stops growing.
- Office names canonical before shingling (round 9): 聊城市人民检察院, 聊城市检察院 and
  聊城检察院 shingle alike (`office_canonical`), so an outlet that shortens the office's
  name does not lose the match.
- Containment as well as Jaccard (round 9): a press release carried again without its
  header or signature shares most of the shorter text's shingles but not 0.6 of their
  union; it matches when the shorter text's shingles are at least `containment` inside
  the other and the Jaccard similarity is still at least `floor`. Measured on every
  training hand: no pair of posts that are not duplicates comes near (highest 0.65
  contained at Jaccard 0.38), the re-carried releases read 0.71–0.86 at 0.50–0.58.
  The banding targets `floor` (42 bands of 3 rows), so such pairs become candidates; a
  candidate must share two bands (`MIN_HITS`) and sizes within `floor` of each other, which
  keeps the exact checks as few as before (a pair at Jaccard 0.6 is a candidate with
  probability 0.9995, against 0.87 with round 8's 25 bands of 5 rows).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

import numpy as np

from eqiao.opinion.lexicon import PLACES
from eqiao.text.dedup import band_parameters, canonical, minhash_permutations, shingle_hashes

_SHIFT21 = np.uint64(21)
_SHIFT32 = np.uint64(32)
_FIBONACCI = np.uint64(0x9E3779B97F4A7C15)
_BAND_SEED = 13
# Posts kept (about 1 KB of state each; a fresh worker replays as many, see
# services.process.WARM_POSTS): a repost of an older post is not linked.
WINDOW = 30_000
BLOCK = 4_096  # posts whose band keys stay in a dict before they join the sorted arrays
_NO_KEYS = np.zeros(0, dtype=np.uint64)
_CHUNK = 512  # texts whose signatures are computed in one matrix
CONTAINMENT = 0.7
FLOOR = 0.4
MIN_HITS = 2
MIN_SHINGLES = 15  # containment is read only when the shorter text has this many shingles

# 聊城市人民检察院 / 聊城市检察院 / 聊城检察院 → 聊城检察院 (each office's place as PLACES gives
# it first, its 市/区/县 dropped unless the place is only two characters with it: 冠县, 莘县)
_PLACE_STEMS = sorted(
    {office.removesuffix("人民检察院") for office in PLACES}, key=len, reverse=True
)
_OFFICE = re.compile(
    "("
    + "|".join(
        re.escape(stem[:-1]) + "[市区县]?" if len(stem) > 2 else re.escape(stem)
        for stem in _PLACE_STEMS
    )
    + ")?(?:人民)?检察院"
)


def office_canonical(text: str) -> str:
    """The office names in `text` in one form: the place without 市/区/县 (unless the name
    is two characters with it) and 检察院 without 人民."""

    def one(match: re.Match[str]) -> str:
        place = match.group(1) or ""
        if place and len(place) > 2 and place[-1] in "市区县":
            place = place[:-1]
        return place + "检察院"

    return _OFFICE.sub(one, text) if "检察院" in text else text


@dataclass(frozen=True, slots=True)
class Fingerprint:
    shingles: np.ndarray  # uint32, sorted, distinct
    bands: np.ndarray  # uint64, one key per band (salted by band); empty: no letters

    def shingles_bytes(self) -> bytes:
        return self.shingles.astype("<u4").tobytes()


class RepostIndex:
    """`add(id, fingerprint)`: the earliest most similar earlier post at or above
    `threshold` Jaccard similarity, or whose shingles hold at least `containment` of the
    shorter text's at Jaccard ≥ `floor` (None if none), and the post is indexed either
    way. Only the last `window` posts (at least; up to a block more) are searched."""

    def __init__(
        self,
        threshold: float = 0.6,
        num_perm: int = 128,
        shingle: int = 3,
        window: int = WINDOW,
        containment: float = CONTAINMENT,
        floor: float = FLOOR,
    ) -> None:
        self.threshold = threshold
        self.containment = containment
        self.floor = min(floor, threshold)
        self.num_perm = num_perm
        self.shingle = shingle
        self.window = window
        self.bands, self.rows = band_parameters(self.floor, num_perm)
        self._a, self._b = minhash_permutations(num_perm)
        band_rng = np.random.default_rng(_BAND_SEED)
        self._mix = band_rng.integers(1, 2**63, size=self.rows, dtype=np.uint64) | np.uint64(1)
        self._salt = band_rng.integers(0, 2**63, size=self.bands, dtype=np.uint64)
        # positions count every post ever inserted; `_first` is the oldest one kept
        self._first = 0
        self._ids: list[Hashable] = []  # position - _first → id
        self._shingles: list[np.ndarray] = []
        # the newest block: band key → position(s), and each post's keys
        self._open: dict[int, int | list[int]] = {}
        self._open_keys: list[np.ndarray] = []
        self._open_start = 0
        # the older blocks: band keys sorted, with their positions
        self._keys = _NO_KEYS
        self._positions = np.zeros(0, dtype=np.int32)
        self.on_evict: Callable[[list[Hashable]], None] | None = None

    def __len__(self) -> int:
        return len(self._ids)

    @property
    def _next(self) -> int:
        return self._first + len(self._ids)

    # -- fingerprints -------------------------------------------------------------------

    def fingerprints(self, texts: Sequence[str]) -> list[Fingerprint]:
        """The fingerprints of many texts at once."""
        keys = [canonical(office_canonical(t)) for t in texts]
        return self._from_shingles(self._shingles_of(keys))

    def fingerprint(self, text: str) -> Fingerprint:
        return self.fingerprints([text])[0]

    def from_bytes(self, blobs: Sequence[bytes | memoryview | None]) -> list[Fingerprint]:
        """Fingerprints of stored shingles (`Fingerprint.shingles_bytes`)."""
        return self._from_shingles(
            [np.frombuffer(bytes(b or b""), dtype="<u4").astype(np.uint32) for b in blobs]
        )

    def _shingles_of(self, keys: list[str]) -> list[np.ndarray]:
        k = self.shingle
        out: list[np.ndarray | None] = [None] * len(keys)
        long = [i for i, key in enumerate(keys) if len(key) >= k]
        for i, key in enumerate(keys):
            if len(key) < k:  # no full shingle: the engine's rule (one short shingle or none)
                out[i] = np.unique(shingle_hashes(key, k))
        if long:
            joined = "".join(keys[i] for i in long)
            cp = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
            lengths = np.array([len(keys[i]) for i in long], dtype=np.int64)
            ends = np.cumsum(lengths)
            count = len(cp) - k + 1
            packed = cp[:count].copy()
            for j in range(1, k):
                packed = (packed << _SHIFT21) ^ cp[j : count + j]
            hashes = (packed * _FIBONACCI) >> _SHIFT32
            # the shingles that start in a text and end in it
            owner = np.repeat(np.arange(len(long), dtype=np.uint64), lengths)[:count]
            valid = np.arange(count) <= (ends[owner.astype(np.int64)] - k)
            combined = np.unique((owner[valid] << _SHIFT32) | hashes[valid])
            segment = (combined >> _SHIFT32).astype(np.int64)
            values = (combined & np.uint64(0xFFFFFFFF)).astype(np.uint32)
            bounds = np.searchsorted(segment, np.arange(len(long) + 1))
            for n, i in enumerate(long):
                out[i] = values[bounds[n] : bounds[n + 1]]
        return [o if o is not None else np.zeros(0, dtype=np.uint32) for o in out]

    def _from_shingles(self, shingles: list[np.ndarray]) -> list[Fingerprint]:
        # in chunks: the (permutations × shingles) matrix of a whole replay would take
        # hundreds of megabytes
        out: list[Fingerprint] = []
        for start in range(0, len(shingles), _CHUNK):
            out += self._chunk_from_shingles(shingles[start : start + _CHUNK])
        return out

    def _chunk_from_shingles(self, shingles: list[np.ndarray]) -> list[Fingerprint]:
        lengths = np.array([len(s) for s in shingles], dtype=np.int64)
        present = np.flatnonzero(lengths)
        result = [Fingerprint(s, _NO_KEYS) for s in shingles]
        if len(present) == 0:
            return result
        stacked = np.concatenate([shingles[i] for i in present])
        starts = np.concatenate(([0], np.cumsum(lengths[present])[:-1]))
        # (a·x + b) mod 2**32 per permutation as a (permutations × shingles) matrix, its
        # minimum over each text's columns (row-major: reduceat runs along contiguous rows)
        matrix = np.multiply.outer(self._a, stacked) + self._b[:, None]
        signatures = np.minimum.reduceat(matrix, starts, axis=1).T
        width = self.bands * self.rows
        banded = signatures[:, :width].astype(np.uint64).reshape(-1, self.bands, self.rows)
        keys = (banded * self._mix).sum(axis=2, dtype=np.uint64) ^ self._salt
        for n, i in enumerate(present.tolist()):
            result[i] = Fingerprint(shingles[i], keys[n])
        return result

    # -- the stream ---------------------------------------------------------------------

    def add(self, id: Hashable, fingerprint: Fingerprint) -> Hashable | None:
        """(The block closes first, so the match returned is kept until the next call.)"""
        if len(self._open_keys) >= BLOCK:
            self._freeze()
        match = self.query(fingerprint)
        self.insert(id, fingerprint)
        return match

    def query(self, fingerprint: Fingerprint) -> Hashable | None:
        shingles = fingerprint.shingles
        if not len(shingles) or not len(fingerprint.bands):
            return None
        hits: list[int] = []
        for key in fingerprint.bands.tolist():
            bucket = self._open.get(key)
            if bucket is None:
                continue
            if isinstance(bucket, int):
                hits.append(bucket)
            else:
                hits.extend(bucket)
        if len(self._keys):
            low = np.searchsorted(self._keys, fingerprint.bands, side="left")
            high = np.searchsorted(self._keys, fingerprint.bands, side="right")
            for start, end in zip(low.tolist(), high.tolist(), strict=True):
                if end > start:
                    hits.extend(self._positions[start:end].tolist())
        if not hits:
            return None
        # a candidate shares at least MIN_HITS bands (one shared band of three rows is what
        # most pairs far below the floor have)
        counted = Counter(hits)
        candidates = [p for p, n in counted.items() if n >= MIN_HITS]
        best, best_score = None, self.floor
        size = len(shingles)
        first = self._first
        for position in sorted(candidates):
            if position < first:
                continue  # forgotten
            other = self._shingles[position - first]
            if len(other) * self.floor > size or size * self.floor > len(other):
                continue  # sizes too far apart for Jaccard ≥ floor
            common = np.intersect1d(shingles, other, assume_unique=True).size
            score = common / (size + len(other) - common)
            if score < self.threshold:
                shorter = min(size, len(other))
                if shorter < MIN_SHINGLES or common < self.containment * shorter:
                    continue
            if score > best_score or (score == best_score and best is None):
                best, best_score = position, score
        return self._ids[best - first] if best is not None else None

    def insert(self, id: Hashable, fingerprint: Fingerprint) -> None:
        if len(self._open_keys) >= BLOCK:
            self._freeze()
        position = self._next
        self._ids.append(id)
        self._shingles.append(fingerprint.shingles)
        self._open_keys.append(fingerprint.bands)
        for key in fingerprint.bands.tolist():
            bucket = self._open.get(key)
            if bucket is None:
                self._open[key] = position
            elif isinstance(bucket, int):
                self._open[key] = [bucket, position]
            else:
                bucket.append(position)

    def _freeze(self) -> None:
        """The newest block joins the sorted arrays; the posts beyond the window go."""
        lengths = np.array([len(k) for k in self._open_keys], dtype=np.int64)
        keys = np.concatenate([self._keys, *self._open_keys])
        positions = np.concatenate(
            [
                self._positions,
                np.repeat(np.arange(len(lengths), dtype=np.int32) + self._open_start, lengths),
            ]
        )
        self._open, self._open_keys = {}, []
        self._open_start = self._next
        drop = max(0, len(self._ids) - self.window)
        if drop:
            gone, self._ids = self._ids[:drop], self._ids[drop:]
            del self._shingles[:drop]
            self._first += drop
            kept = positions >= self._first
            keys, positions = keys[kept], positions[kept]
            if self.on_evict is not None:
                self.on_evict(gone)
        order = np.argsort(keys, kind="stable")  # equal keys: oldest position first
        self._keys, self._positions = keys[order], positions[order]
