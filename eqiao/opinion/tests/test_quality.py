"""The evaluation module on a small labelled file written for these tests."""

from __future__ import annotations

from pathlib import Path

from eqiao.opinion import first_look
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
