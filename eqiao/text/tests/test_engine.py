"""analyze: every field in one call, as intake uses it."""

import dataclasses

import pytest

from eqiao.text import Analysis, analyze, assess_risk, classify, detect_region
from eqiao.text.normalize import normalize
from eqiao.text.risk import assess_risk_normalized


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


def test_the_model_raises_a_threat_no_rule_knows_to_high():
    """No rule reads putting one's affairs in order; the model, trained on messages that
    say farewell in other words, flags it (this text is in no training row)."""
    text = "家里的存折和钥匙都放在枕头底下了,以后孩子就拜托他舅了"
    assert assess_risk_normalized(normalize(text)).level == "low"
    result = analyze(text)
    assert result.risk == "high"
    assert result.reasons == ("与工作人员标注的高风险信访相似",)


@pytest.mark.parametrize(
    "text",
    [
        "上次说要去北京是气话,俺不去了",  # a trigger the rules read and set aside
        "要是我们几户一起去镇里反映,要不要先报备?",
        "我明天去检察院递材料",  # a trigger without the group its rule needs
        "不解决我就去上访",
    ],
)
def test_the_model_does_not_overrule_a_trigger_the_rules_set_aside(text):
    assert analyze(text).risk != "high"
