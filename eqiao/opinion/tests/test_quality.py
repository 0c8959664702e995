"""The evaluation module on a small labelled file written for these tests."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np

from eqiao.opinion import first_look
from eqiao.opinion.held_out import choose, lost_at
from eqiao.opinion.quality import Quality, evaluate, load
from eqiao.opinion.splits import Scored, choose_inner
from eqiao.opinion.training import vectorise

SAMPLE = Path(__file__).parent / "data" / "sample.jsonl"


def test_quality_counts_what_the_pipeline_gets_right_and_wrong():
    quality = Quality()
    gold = {
        "id": "1",
        "relevant": True,
        "sentiment": "negative",
        "severity": "major",
        "dup_of": None,
    }
    quality.add(
        gold, {"relevant": True, "sentiment": "negative", "severity": "major", "dup_of": None}
    )
    quality.add(
        {**gold, "id": "2", "dup_of": "1"},
        {"relevant": False, "sentiment": "neutral", "severity": None, "dup_of": None},
    )
    figures = quality.figures()
    assert figures["relevance_recall"] == 0.5
    assert figures["relevance_precision"] == 1.0
    assert figures["major_recall"] == 0.5
    assert figures["dup_recall"] == 0.0
    assert [kind for kind, *_ in quality.errors] == [
        "relevance",
        "sentiment",
        "major_missed",
        "dup_missed",
    ]


def test_the_sample_file_is_analysed_as_labelled():
    figures = evaluate([load(SAMPLE)]).figures()
    assert figures["relevance_f1"] == 1.0
    assert figures["major_recall"] == 1.0
    assert figures["dup_recall"] == figures["dup_precision"] == 1.0


def test_first_look_prints_every_figure(capsys):
    assert first_look.main([str(SAMPLE)]) == 0
    out = capsys.readouterr().out
    for name in ("relevance_f1", "sentiment_accuracy_relevant", "major_recall", "dup_recall"):
        assert name in out


def test_first_look_names_a_bad_file(tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1\n', encoding="utf-8")
    assert first_look.main([str(bad)]) == 2
    assert "bad.jsonl:1" in capsys.readouterr().err


def test_the_threshold_search_takes_the_highest_recall_at_the_least_precision():
    def pooled(found: int, called: int) -> tuple[dict, Quality]:
        counts = Counter(major_total=100, major_found=found, major_predicted=called)
        return {}, Quality(counts=counts)

    swept = {
        None: pooled(80, 80),  # the shipped threshold's own run is not a candidate
        0.4: pooled(90, 95),  # precise, but finds fewer
        0.1: pooled(99, 150),  # precision 0.66: below the floor
        0.2: pooled(95, 110),  # 0.864: the highest recall at precision >= 0.85
        0.3: pooled(92, 100),
    }
    assert choose(swept) == 0.2
    missed = Quality()
    for relevant, sentiment, severity in [
        (False, "neutral", None),
        (True, "positive", None),
        (True, "negative", "minor"),
        (True, "neutral", None),
    ]:
        pred = {"relevant": relevant, "sentiment": sentiment, "severity": severity}
        missed.add(
            {"relevant": True, "sentiment": "negative", "severity": "major"},
            {**pred, "dup_of": None},
        )
    assert lost_at(missed) == {"relevance": 1, "sentiment": 2, "severity": 1}


def test_the_sparse_matrix_multiplies_as_the_dense_one():
    rows = [{"a": 1.0, "b": 0.5}, {"b": 2.0, "c": -1.0}, {"a": 0.25, "c": 3.0}]
    x, vocab = vectorise(rows, "", min_count=1)
    assert vocab == ["a", "b", "c"]
    dense = np.array([[1.0, 0.5, 0.0], [0.0, 2.0, -1.0], [0.25, 0.0, 3.0]])
    assert np.allclose(x.dense(), dense)
    w = np.array([[1.0, 2.0], [-1.0, 0.5], [0.5, 0.0]])
    g = np.array([[0.1, -0.2], [0.3, 0.0], [-0.5, 1.0]])
    assert np.allclose(x.times(w), dense @ w)
    assert np.allclose(x.transposed_times(g), dense.T @ g)


def test_the_inner_rule_takes_the_highest_recall_at_the_floor_on_relevant_posts():
    # ten relevant posts (six major) and one the rules call irrelevant (a major, missed)
    scored = Scored(
        texts=[""] * 11,
        readings=[{}] * 11,
        relevant=[True] * 10 + [False],
        major=[1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1],
    )
    probabilities = [0.9, 0.8, 0.7, 0.6, 0.35, 0.15, 0.65, 0.3, 0.2, 0.1, 0.95]
    chosen = choose_inner([(probabilities, scored)], [0.8, 0.6])
    # at 0.6: 4 of 7 majors found, 4 of 5 called (0.8); at 0.35: 5 found of 6 called
    # (0.833); at 0.3: 5 of 7 called (0.714), below the floor
    assert chosen[0.8] == 0.35
    # at 0.15: 6 found of 9 called (0.667); at 0.1, 6 of 10 (0.6, at the floor) finds no
    # more: the higher threshold wins the tie
    assert chosen[0.6] == 0.15
