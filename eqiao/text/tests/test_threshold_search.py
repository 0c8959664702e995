"""The learned-risk threshold is reproduced by the cross-validation script in the repository."""

import importlib

from eqiao.text import threshold_search

classify_module = importlib.import_module("eqiao.text.classify")


def test_the_search_reproduces_the_shipped_threshold():
    """Leave-one-set-out (each sealed set one fold, the older rows three): the step with the
    highest out-of-fold high-risk recall whose precision stays ≥ 0.85 on every held-out
    sealed set and ≥ 0.8 pooled (round 8's rule)."""
    rows = threshold_search.out_of_fold(*threshold_search.origin_folds())
    assert len(rows) >= 4400
    assert {r.fold for r in rows} >= {f"sealed-s{k}" for k in range(1, 8)}
    shipped = classify_module.HIGH_ALERT_PROBABILITY
    assert threshold_search.search(rows) == shipped
    precision, recall, *_ = threshold_search.figures(rows, shipped)
    assert precision >= 0.8 and recall >= 0.88
    assert threshold_search.worst_set_precision(rows, shipped)[0] >= 0.85


def test_the_rule_of_choice_takes_the_best_recall_within_every_sets_bar():
    row = threshold_search.OutOfFold
    # Two sets; the model alone decides (no rule spoke), P(high) as given.
    rows = [
        row("high", "low", False, "none", 0.9, 0.0, "sealed-s1"),
        row("high", "low", False, "none", 0.35, 0.0, "sealed-s1"),
        row("low", "low", False, "none", 0.25, 0.0, "sealed-s1"),
        row("high", "low", False, "none", 0.9, 0.0, "sealed-s2"),
        row("low", "low", False, "none", 0.12, 0.0, "sealed-s2"),
    ]
    # At 0.1 s1 and s2 each have a false alarm (precision 0.67 and 0.5); from 0.3 none, and
    # every high is found: the highest step with that recall is 0.35.
    assert threshold_search.search(rows, 0.8, 0.85) == 0.35
    assert threshold_search.worst_set_precision(rows, 0.1) == (0.5, "sealed-s2")
