"""The agreement study: two more readers of the policy against the training labels."""

from eqiao.opinion.agreement import compare, readers


def test_each_reader_labelled_every_post_of_the_sample():
    found = readers()
    assert set(found) == {"original", "P", "Q"}
    ids = set(found["original"])
    assert len(ids) == 150
    assert all(set(labels) == ids for labels in found.values())


def test_compare_counts_majors_and_agreement():
    first = {
        "1": {"relevant": True, "sentiment": "negative", "severity": "major"},
        "2": {"relevant": True, "sentiment": "negative", "severity": "minor"},
        "3": {"relevant": False, "sentiment": "neutral", "severity": None},
        "4": {"relevant": True, "sentiment": "negative", "severity": "major"},
    }
    second = {
        "1": {"relevant": True, "sentiment": "negative", "severity": "major"},
        "2": {"relevant": True, "sentiment": "negative", "severity": "major"},
        "3": {"relevant": True, "sentiment": "neutral", "severity": None},
        "4": {"relevant": True, "sentiment": "negative", "severity": "minor"},
    }
    figures = compare(first, second)
    assert figures["severity_agreement"] == 0.5
    assert figures["relevance_agreement"] == 0.75
    assert figures["major_recall"] == 0.5
    assert figures["major_precision"] == 0.5
