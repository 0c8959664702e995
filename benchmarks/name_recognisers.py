"""Person-name recognisers side by side on the same releases: `benchmarks/name_recognisers.py`.

Held out: the `fb-NN` releases of tests/data/redaction_cases.jsonl (set B, 50 releases by
another hand, 245 name occurrences). The CRF is trained here on everything else (the other
case releases and eqiao/text/data/name_releases.jsonl), never on set B. For each
recogniser alone: the share of name occurrences whose exact span it proposes (recall),
and how many of its proposals are no listed name. Then the redactor (rules + tagger + CRF
as combined in eqiao.text.redact_names) with that CRF.

Candidates: rjieba's tagger (jieba's dictionary + HMM, `nr`), the one the engine already
uses; THULAC (`np`, if the thulac package is installed: `pip install thulac`, which ships
its model); the CRF. Baidu LAC is on PyPI only as the PaddlePaddle package `lac` (no ONNX
build is published), which needs paddlepaddle: not measured.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eqiao.text.name_model import (  # noqa: E402
    RELEASES_PATH,
    NameRecogniser,
    examples_from_releases,
    train_names,
)
from eqiao.text.redact_spans import Tokens  # noqa: E402

CASES = ROOT / "tests" / "data" / "redaction_cases.jsonl"


def _load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]


def score(rows: list[dict], propose) -> tuple[int, int, int, int, float]:
    total = hit = proposed = wrong = 0
    start = time.process_time()
    for row in rows:
        names = set(row["names"]) | set(row["officials"])
        spans = set(propose(row["text"]))
        proposed += len(spans)
        wrong += sum(row["text"][s:e] not in names for s, e in spans)
        for name in names:
            for m in re.finditer(re.escape(name), row["text"]):
                total += 1
                hit += (m.start(), m.end()) in spans
    return hit, total, wrong, proposed, time.process_time() - start


def main() -> int:
    cases = _load(CASES)
    held = [r for r in cases if r["id"].startswith("fb-")]
    train = [r for r in cases if not r["id"].startswith("fb-")] + _load(RELEASES_PATH)
    tmp = Path(tempfile.mkdtemp()) / "names.crfsuite"
    train_names(examples_from_releases(train), tmp)
    crf = NameRecogniser(tmp)

    def tagger(text: str) -> list[tuple[int, int]]:
        return list(Tokens.of(text).names.items())

    candidates = {"rjieba tagger (nr)": tagger, "CRF (python-crfsuite)": crf.spans}
    try:
        import thulac

        thu = thulac.thulac()

        def thulac_np(text: str) -> list[tuple[int, int]]:
            spans, at = [], 0
            for word, tag in thu.cut(text):
                if tag == "np":
                    spans.append((at, at + len(word)))
                at += len(word)
            return spans

        candidates["THULAC (np)"] = thulac_np
    except ImportError:
        print("thulac not installed: skipped", file=sys.stderr)
    print(f"{'recogniser':34} {'recall':>16} {'not names':>14}  CPU/release")
    for label, propose in candidates.items():
        hit, total, wrong, proposed, cpu = score(held, propose)
        print(
            f"{label:34} {hit / total:.3f} ({hit}/{total}) {wrong:>5}/{proposed:<6}"
            f"  {cpu / len(held) * 1e3:.2f} ms"
        )
    from eqiao.text.name_model import recogniser
    from eqiao.text.redact_quality import evaluate_releases

    for label, model in (
        ("redactor: rules + tagger", tmp.with_name("none")),
        ("redactor: rules + tagger + CRF", tmp),
    ):
        os.environ["EQIAO_TEXT_NAME_MODEL"] = str(model)
        recogniser.cache_clear()
        report = evaluate_releases(held)
        print(
            f"{label:34} {report.name_recall:.3f} "
            f"({report.name_found}/{report.name_total}) "
            f"{report.name_findings_unlisted:>5}/{report.name_findings:<6}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
