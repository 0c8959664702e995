"""analyze: every field in one call, as intake uses it."""

import dataclasses

import pytest

from eqiao.text import Analysis, analyze, assess_risk, classify, detect_region


def test_the_source_story_end_to_end():
    result = analyze("庆海轴承拖欠我们工资,你们管不管,不管我们就去上访")
    assert isinstance(result, Analysis)
    assert result.category == "complaint"
    assert result.risk == "high"
    assert "提到集体上访" in result.reasons
    assert result.region == "冠县"
    assert result.sentiment in {"negative", "neutral", "positive"}


def test_analysis_is_frozen():
    result = analyze("你好")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.risk = "high"  # type: ignore[misc]


def test_fields_agree_with_the_single_purpose_functions():
    text = "临清市松林镇的老板拖欠工资,明天我们三十多个人去市政府门口坐着"
    result = analyze(text)
    assert result.category == classify(text)
    assert (result.risk, result.reasons) == (assess_risk(text).level, assess_risk(text).reasons)
    assert result.region == detect_region(text) == "临清市"


def test_title_and_content_joined_by_a_newline_as_intake_sends_them():
    result = analyze("欠薪\n老板欠我们二十多个工人的工资,明天一起去县政府门口要钱")
    assert result.risk == "high"


@pytest.mark.parametrize("text", ["", " ", "😀", "!!!!", "a" * 20000, "\x00\x01"])
def test_odd_input_never_raises(text):
    result = analyze(text)
    assert result.risk in {"low", "medium", "high"}


def test_sentiment_falls_back_to_neutral_when_its_model_cannot_run(monkeypatch):
    from eqiao.text import engine, sentiment

    def broken(_text):
        raise FileNotFoundError("sentiment model missing")

    monkeypatch.setattr(sentiment, "sentiment", broken)
    engine._sentiment_function.cache_clear()
    try:
        assert analyze("谢谢检察官").sentiment == "neutral"
    finally:
        monkeypatch.undo()
        engine._sentiment_function.cache_clear()
