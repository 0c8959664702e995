"""The small logistic regression: deterministic, and the fast scorer agrees with it."""

import math

import numpy as np

from eqiao.text.model import Scorer, fit, vocabulary

SAMPLES = [["a", "b"], ["a", "c"], ["b", "c"], ["d", "e"], ["d", "f"], ["e", "f"]] * 2
LABELS = ["x", "x", "x", "y", "y", "y"] * 2


def test_fit_is_deterministic_and_learns_the_separation():
    first = fit(SAMPLES, LABELS, ("x", "y"), steps=200)
    second = fit(SAMPLES, LABELS, ("x", "y"), steps=200)
    assert np.array_equal(first.weights, second.weights)
    assert first.predict(["a", "b"])[0] == "x"
    assert first.predict(["d", "f"])[0] == "y"
    assert math.isclose(first.proba(["a"]).sum(), 1.0)


def test_rare_features_are_dropped():
    assert vocabulary([["a", "rare"], ["a"]], min_count=2) == ["a"]


def test_the_scorer_gives_the_same_probabilities_as_the_model():
    names = vocabulary(SAMPLES, 2)
    model = fit(SAMPLES, LABELS, ("x", "y"), names=names, steps=100)
    scorer = Scorer.from_artefact({"features": names, "category": model.head(), "risk": None})
    for feats in (["a", "b"], ["d"], ["unknown"], []):
        got = scorer.head_scores(scorer.logits(feats), "category")
        want = model.proba(feats)
        assert math.isclose(got["x"], float(want[0]), abs_tol=1e-3)


def test_unknown_features_change_no_logit():
    """Unknown names map to the scorer's zero row: the logits are bit for bit those of the
    known names alone, in the same order."""
    names = vocabulary(SAMPLES, 2)
    model = fit(SAMPLES, LABELS, ("x", "y"), names=names, steps=100)
    scorer = Scorer.from_artefact({"features": names, "category": model.head(), "risk": None})
    assert scorer.logits(["a", "zz", "b", "yy"]) == scorer.logits(["a", "b"])
    assert scorer.logits(["zz"]) == scorer.logits([]) == scorer.bias.tolist()
