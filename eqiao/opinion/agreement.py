"""How far two readers of the policy agree: the labels of 150 training posts, read again.

    python -m eqiao.opinion.agreement

`data/agreement/sample.jsonl` names 150 original posts drawn (seed 20261207) from the
training files: 60 labelled major, 50 minor, 40 others. Two more labellers, P and Q, who read
only the policy and the posts' texts (no labels, no pipeline), labelled each post alone
(`P.jsonl`, `Q.jsonl`). This prints, for each pair of readers (the original hand, P, Q), how
often their severity agrees and the second's major recall and precision against the first:
the ceiling a pipeline could hope for if the labels themselves were in doubt.
"""

from __future__ import annotations

import json
from itertools import combinations
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
AGREEMENT = DATA / "agreement"


def _lines(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _severity(label: dict) -> str | None:
    if label.get("relevant") and label.get("sentiment") == "negative":
        return label.get("severity")
    return None


def readers() -> dict[str, dict[str, dict]]:
    """reader → sample id → its label; "original" is the training files' label."""
    sample = _lines(AGREEMENT / "sample.jsonl")
    posts: dict[tuple[str, str], dict] = {}
    for file in {s["file"] for s in sample}:
        for post in _lines(DATA / "train" / f"{file}.jsonl"):
            posts[(file, post["id"])] = post
    found = {"original": {s["id"]: posts[(s["file"], s["post"])] for s in sample}}
    for name in ("P", "Q"):
        found[name] = {r["id"]: r for r in _lines(AGREEMENT / f"{name}.jsonl")}
    return found


def compare(first: dict[str, dict], second: dict[str, dict]) -> dict[str, float]:
    ids = sorted(first)
    majors = [i for i in ids if _severity(first[i]) == "major"]
    called = [i for i in ids if _severity(second[i]) == "major"]
    return {
        "posts": len(ids),
        "severity_agreement": sum(_severity(first[i]) == _severity(second[i]) for i in ids)
        / len(ids),
        "relevance_agreement": sum(
            bool(first[i]["relevant"]) == bool(second[i]["relevant"]) for i in ids
        )
        / len(ids),
        "major_recall": sum(_severity(second[i]) == "major" for i in majors) / len(majors),
        "major_precision": sum(_severity(first[i]) == "major" for i in called) / len(called),
    }


def main() -> int:
    found = readers()
    for a, b in combinations(found, 2):
        figures = compare(found[a], found[b])
        shown = ", ".join(
            f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in figures.items()
        )
        print(f"{a} → {b}: {shown}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
