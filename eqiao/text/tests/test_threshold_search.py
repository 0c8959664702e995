"""The learned-risk threshold is reproduced by the cross-validation script in the repository."""

import importlib

from eqiao.text import threshold_search

classify_module = importlib.import_module("eqiao.text.classify")


def test_the_search_reproduces_the_shipped_threshold():
    """Leave-one-set-out (each sealed set one fold, the older rows three): the step with the
    highest out-of-fold high-risk recall whose pooled precision stays ≥ 0.85."""
    rows = threshold_search.out_of_fold(*threshold_search.origin_folds())
    assert len(rows) >= 4000
    assert threshold_search.search(rows, 0.85) == classify_module.HIGH_ALERT_PROBABILITY
    precision, recall, *_ = threshold_search.figures(rows, classify_module.HIGH_ALERT_PROBABILITY)
    assert precision >= 0.85 and recall >= 0.88
