"""Quality figures on the labelled set.

"dev" holds every row that was looked at while the engine was built (session 1's test and
blind rows, the fresh sets after their first looks): the engine is held to it so that a
change cannot quietly lose what it once got right, but these are development figures, not
held-out ones. The held-out figures are the first looks on sealed sets (test_sealed.py and
NOTES.md, "First looks")."""

import pytest

from eqiao.text.quality import DEV, evaluate, load_labelled


@pytest.fixture(scope="module")
def dev():
    rows = list(load_labelled(split=DEV))
    assert len(rows) >= 350
    return evaluate(rows)


def test_labelled_set_is_large_and_varied():
    rows = list(load_labelled())
    assert len(rows) >= 1200
    assert len({r["text"] for r in rows}) == len(rows)
    assert {r["category"] for r in rows} >= {
        "complaint",
        "appeal",
        "report",
        "consultation",
        "lawyer",
        "aid",
        "feedback",
        "other",
    }


def test_splits_are_train_dev_and_sealed_only():
    splits = {r.get("split", "train") for r in load_labelled()}
    assert splits <= {"train", "dev"} | {s for s in splits if s.startswith("sealed-")}


def test_category_accuracy_on_dev(dev):
    assert dev.category_accuracy >= 0.87, dev.summary()


def test_high_risk_recall_and_precision_on_dev(dev):
    assert dev.high_true >= 60
    assert dev.high_recall >= 0.97, dev.summary()
    assert dev.high_precision >= 0.9, dev.summary()


def test_region_accuracy_where_stated_on_dev(dev):
    assert dev.region_stated >= 30
    assert dev.region_accuracy >= 0.95, dev.summary()


def test_origin_folds_keep_each_sealed_set_together():
    from eqiao.text.origin_cv import fold_of

    assert fold_of({"text": "x", "split": "dev", "origin": "fresh"}) == "dev"
    assert fold_of({"text": "x", "split": "train", "origin": "sealed-s2"}) == "sealed-s2"
    older = {fold_of({"text": t, "split": "train"}) for t in ("甲", "乙", "丙", "丁", "戊", "己")}
    assert older <= {"older-0", "older-1", "older-2"} and len(older) >= 2
