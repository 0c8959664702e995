"""The recogniser's operating point is chosen by leave-one-set-out (`origin_cv --sure-search`);
the rule of the choice and the folds are held here, the run itself is a script (NOTES.md,
"Round 7", "Round 8": each fold trains a CRF, too slow for the suite)."""

from eqiao.text import origin_cv, redact_names


def test_the_choice_takes_the_best_recall_within_the_non_name_bars():
    rows = [
        (0.7, 0.990, 0.026, 0.030),  # pooled non-names above 0.025
        (0.8, 0.988, 0.018, 0.031),  # one set above 0.03, the goal
        (0.85, 0.986, 0.024, 0.029),
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


def test_the_near_misses_are_searched_with_sure_and_the_cautious_pair_wins_a_tie():
    rows = [
        (0.85, 0.986, 0.014, 0.023, None),
        (0.85, 0.988, 0.020, 0.028, 0.35),  # more names within both bars
        (0.9, 0.988, 0.019, 0.027, 0.25),  # the same recall at a higher SURE
        (0.9, 0.988, 0.019, 0.027, 0.45),  # ... and a more cautious PROPOSE: chosen
        (0.6, 0.992, 0.024, 0.032, 0.25),  # one set past the goal itself
    ]
    assert origin_cv.choose_operating_point(rows) == (0.9, 0.45)


def test_the_shipped_near_miss_bar_is_a_step_of_the_search():
    assert redact_names.PROPOSE in origin_cv.PROPOSE_STEPS
