"""The statistical person-name recogniser: a linear-chain CRF (CRFsuite) over characters.

It labels each character B (a name starts), I (inside a name) or O, from the characters
around it, the segmenter's reading (the part-of-speech tag of the word holding it and its
place in that word), whether it can be a surname, and whether a cue word of the redaction
lexicon (a role, a kinship word, a title) ends right before it. It proposes spans;
`eqiao.text.redact_names` accepts a proposal unless the context vetoes it (see there).

The shipped model `data/names.crfsuite` is trained by `train_names` on the case releases
(`tests/data/redaction_cases.jsonl`, when the checkout has them) and the training releases
of `data/name_releases.jsonl`; reviewers' corrections add to those:

    eqiao text train-names [--corrections corrections.jsonl ...] [--model PATH]

A correction line is {"text": …, "names": [...], "not_names": [...]}: the names a reviewer
masked or confirmed, and the spans the reviewer un-masked as no names. Every occurrence of
a listed name in the text is a name; every other character is not. `EQIAO_TEXT_NAME_MODEL`
points the redactor at another model file (a deployment whose reviewers retrain).
Training is deterministic: the same examples give the same model bytes.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from eqiao.text.redact_lexicon import COMPOUND_SURNAMES, CUE_WORDS, SURNAMES, alternation
from eqiao.text.redact_spans import Tokens

MODEL_PATH = Path(__file__).resolve().parent / "data" / "names.crfsuite"
RELEASES_PATH = Path(__file__).resolve().parent / "data" / "name_releases.jsonl"
CASES_PATH = Path(__file__).resolve().parents[2] / "tests" / "data" / "redaction_cases.jsonl"
CORRECTION_WEIGHT = 3  # a reviewer's correction counts as three examples

_CUE_END = re.compile(alternation(sorted(CUE_WORDS)))
_COMPOUND_FIRST = frozenset(s[0] for s in COMPOUND_SURNAMES)
_PAD = "^"


@dataclass(frozen=True)
class NameExample:
    """A text and the names in it (every occurrence counts), with spans that are no names."""

    text: str
    names: tuple[str, ...]
    not_names: tuple[str, ...] = ()


def _cue_ends(text: str) -> set[int]:
    return {m.end() for m in _CUE_END.finditer(text)}


def features(text: str, tokens: Tokens | None = None) -> list[list[str]]:
    """One feature list per character of `text`."""
    tokens = tokens or Tokens.of(text)
    n = len(text)
    padded = _PAD * 2 + text + _PAD * 2
    cue_ends = _cue_ends(text)
    flags = tokens.flags
    out: list[list[str]] = []
    for i in range(n):
        c = text[i]
        j = i + 2
        head = tokens.heads[i]
        end = tokens.ends[i]
        length = end - head
        place = "S" if length == 1 else "B" if i == head else "E" if i == end - 1 else "M"
        tag = flags.get(head, "x")
        f = [
            "c=" + c,
            "p=" + padded[j - 1],
            "n=" + padded[j + 1],
            "pp=" + padded[j - 2 : j],
            "pc=" + padded[j - 1 : j + 1],
            "cn=" + padded[j : j + 2],
            "nn=" + padded[j + 1 : j + 3],
            "w=" + place + tag,
            "L=" + str(min(length, 4)) + place,
        ]
        if c in SURNAMES:
            f.append("S")
        if c in _COMPOUND_FIRST and text[i : i + 2] in COMPOUND_SURNAMES:
            f.append("S2")
        if i in cue_ends:
            f.append("cue")
        if i and tokens.heads[i - 1] in tokens.names:
            f.append("pnr")
        out.append(f)
    return out


def labels(text: str, names: Iterable[str]) -> list[str]:
    """B/I/O for every character: each occurrence of each name (longest first) is a name."""
    tags = ["O"] * len(text)
    for name in sorted(set(names), key=len, reverse=True):
        if not name:
            continue
        for m in re.finditer(re.escape(name), text):
            if all(t == "O" for t in tags[m.start() : m.end()]):
                tags[m.start()] = "B"
                for k in range(m.start() + 1, m.end()):
                    tags[k] = "I"
    return tags


def train_names(
    examples: Iterable[NameExample],
    model_path: Path,
    *,
    corrections: Iterable[NameExample] = (),
    c1: float = 0.05,
    c2: float = 0.01,
    iterations: int = 150,
) -> int:
    """Train the CRF on `examples` and `corrections` (each counted CORRECTION_WEIGHT times);
    write it to `model_path`. Returns the number of training sequences."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    count = 0
    weighted = [(e, 1) for e in examples] + [(e, CORRECTION_WEIGHT) for e in corrections]
    for example, weight in weighted:
        xseq = features(example.text)
        yseq = labels(example.text, example.names)
        for _ in range(weight):
            trainer.append(xseq, yseq)
            count += 1
    trainer.set_params(
        {
            "c1": c1,
            "c2": c2,
            "max_iterations": iterations,
            "feature.possible_transitions": True,
            "feature.minfreq": 2,
        }
    )
    model_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=model_path.parent, suffix=".crfsuite")
    os.close(fd)
    try:
        trainer.train(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, model_path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return count


def examples_from_releases(rows: Iterable[dict]) -> list[NameExample]:
    """Releases (the case-set format) as examples: parties and officials are both names."""
    return [
        NameExample(row["text"], tuple(row.get("names", [])) + tuple(row.get("officials", [])))
        for row in rows
    ]


def read_corrections(lines: Iterable[str]) -> list[NameExample]:
    """Reviewers' corrections, JSON Lines of {"text", "names": [...], "not_names": [...]}.
    Raises ValueError naming the line of a bad record."""
    out = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValueError(f"line {number}: malformed JSON ({exc.msg})") from exc
        out.append(correction_example(row, number))
    return out


def correction_example(row: object, number: int = 0) -> NameExample:
    """One correction record as an example; ValueError when it is not one."""
    where = f"line {number}: " if number else ""
    if not isinstance(row, dict) or not isinstance(row.get("text"), str) or not row["text"]:
        raise ValueError(f'{where}a correction needs a non-empty "text"')
    text = row["text"]
    found = []
    for key in ("names", "not_names"):
        value = row.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise ValueError(f'{where}"{key}" must be a list of non-empty strings')
        for span in value:
            if span not in text:
                raise ValueError(f"{where}{span!r} does not occur in the text")
        found.append(tuple(value))
    names, not_names = found
    names = tuple(n for n in names if n not in not_names)
    return NameExample(text, names, not_names)


def default_examples() -> list[NameExample]:
    """The shipped training data: the training releases, and the case set when present."""
    rows: list[dict] = []
    for path in (CASES_PATH, RELEASES_PATH):
        if path.exists():
            with path.open(encoding="utf-8") as f:
                rows.extend(json.loads(line) for line in f if line.strip())
    return examples_from_releases(rows)


class NameRecogniser:
    """A loaded CRF; `spans(text, tokens)` gives (start, end) of proposed names."""

    def __init__(self, path: Path) -> None:
        import pycrfsuite

        self._tagger = pycrfsuite.Tagger()
        self._tagger.open(str(path))

    def spans(self, text: str, tokens: Tokens | None = None) -> list[tuple[int, int]]:
        tags = self._tagger.tag(features(text, tokens))
        return _spans(tags)

    def scored_spans(
        self, text: str, tokens: Tokens | None = None, propose: float | None = None
    ) -> list[tuple[int, int, float]]:
        """Proposed spans with the model's confidence: the smallest marginal probability
        of the labels it gave the span's characters (B, then I…). With `propose`, also the
        near misses: where the best path says O at a surname's character whose marginal
        probability of B is at least `propose`, the span of it and the characters after it
        whose probability of I is too (two to four), scored the same way."""
        tagger = self._tagger
        tags = tagger.tag(features(text, tokens))
        out = [
            (start, end, min(tagger.marginal(tags[k], k) for k in range(start, end)))
            for start, end in _spans(tags)
        ]
        if propose is None:
            return out
        n = len(tags)
        for k, c in enumerate(text):
            if tags[k] != "O" or (c not in SURNAMES and c not in _COMPOUND_FIRST):
                continue
            first = tagger.marginal("B", k)
            if first < propose:
                continue
            scores = [first]
            end = k + 1
            while end < n and end - k < 4 and tags[end] == "O":
                inside = tagger.marginal("I", end)
                if inside < propose:
                    break
                scores.append(inside)
                end += 1
            if end - k >= 2:
                out.append((k, end, min(scores)))
        return sorted(out)


def _spans(tags: Sequence[str]) -> list[tuple[int, int]]:
    out = []
    start = None
    for i, t in enumerate(tags):
        if t == "B":
            if start is not None:
                out.append((start, i))
            start = i
        elif t == "O" and start is not None:
            out.append((start, i))
            start = None
    if start is not None:
        out.append((start, len(tags)))
    return out


@cache
def recogniser() -> NameRecogniser | None:
    """The model of EQIAO_TEXT_NAME_MODEL or the shipped one; None without a usable one
    (or without python-crfsuite): the rules and the tagger then decide alone."""
    path = Path(os.environ.get("EQIAO_TEXT_NAME_MODEL") or MODEL_PATH)
    try:
        return NameRecogniser(path) if path.exists() else None
    except (ImportError, OSError, ValueError):
        return None


def main() -> None:  # pragma: no cover - `eqiao text train-names` is the documented way
    count = train_names(default_examples(), MODEL_PATH)
    print(f"trained on {count} sequences; wrote {MODEL_PATH}")


if __name__ == "__main__":  # pragma: no cover
    main()
