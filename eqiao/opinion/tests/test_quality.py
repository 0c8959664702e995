"""The evaluation module on a small labelled file written for these tests."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from eqiao.opinion import first_look
from eqiao.opinion.held_out import choose, lost_at
from eqiao.opinion.quality import Quality, evaluate, load

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
