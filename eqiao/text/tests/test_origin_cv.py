"""The recogniser's operating point is chosen by leave-one-set-out (`origin_cv --sure-search`);
the rule of the choice and the folds are held here, the run itself is a script (NOTES.md,
"Round 7": each fold trains a CRF, too slow for the suite)."""

from eqiao.text import origin_cv, redact_names


def test_the_choice_takes_the_best_recall_within_the_non_name_bars():
    rows = [
        (0.7, 0.990, 0.024, 0.030),  # pooled non-names above 0.02
        (0.8, 0.988, 0.018, 0.027),  # one set above 0.025
        (0.85, 0.986, 0.016, 0.022),
        (0.9, 0.986, 0.015, 0.020),  # the same recall: the higher step
        (0.95, 0.984, 0.014, 0.019),
    ]
    assert origin_cv.choose_sure(rows) == 0.9
    assert origin_cv.choose_sure([(0.6, 0.99, 0.05, 0.06), (0.95, 0.98, 0.04, 0.05)]) == 0.95


def test_the_shipped_operating_point_is_a_step_of_the_search():
    assert redact_names.SURE in origin_cv.SURE_STEPS


def test_release_folds_are_the_sealed_sets():
    assert origin_cv.release_fold({"id": "s6-012"}) == "s6"
    assert origin_cv.release_fold({"id": "fb-03"}) is None
    assert origin_cv.release_fold({"id": "case-83"}) is None
