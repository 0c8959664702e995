"""The search gives the same results on SQLite and PostgreSQL.

The ranking runs in process over the rows (`eqiao.knowledge.engine`), so the database only
stores them; what could still differ is the order rows come back in and how each database
collates Chinese. This test compares every development question's ranked articles, FAQ
entries, scores and confidence with a recorded file, whichever database the suite runs on
(CI runs it on both). After a deliberate change to the search, record again with
EQIAO_KB_GOLDEN_WRITE=1.
"""

import json
import os
from pathlib import Path

from django.db import connection

from eqiao.knowledge.evaluation import DEV_SET, questions
from eqiao.knowledge.selectors import knowledge_search

GOLDEN = Path(__file__).parent / "data" / "search_golden.json"


def _snapshot() -> dict:
    out = {}
    for item in questions(DEV_SET):
        r = knowledge_search(item["question"], top=5)
        out[item["id"]] = {
            "articles": [[a.article.key, round(a.score, 4), a.how] for a in r.articles],
            "faqs": [[f.faq.question, round(f.score, 4)] for f in r.faqs[:3]],
            "confidence": r.confidence,
            "terms": r.terms,
        }
    return out


def test_results_match_the_recording(kb):
    got = _snapshot()
    if os.environ.get("EQIAO_KB_GOLDEN_WRITE"):
        GOLDEN.write_text(json.dumps(got, ensure_ascii=False, indent=0), encoding="utf-8")
    want = json.loads(GOLDEN.read_text(encoding="utf-8"))
    differ = [k for k in want if want[k] != got.get(k)]
    print(f"\n{connection.vendor}: {len(want) - len(differ)}/{len(want)} questions identical")
    assert not differ, [(k, want[k], got.get(k)) for k in differ[:3]]
