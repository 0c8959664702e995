"""Normalisation: one canonical form, whatever the phone or keyboard produced."""

from eqiao.text.normalize import normalize, to_simplified


def test_full_width_becomes_half_width_and_lower_case():
    assert normalize("ＡＢＣ１２３，你好！") == "abc123,你好!"


def test_traditional_becomes_simplified():
    assert normalize("請問檢察院在哪裡") == "请问检察院在哪里"


def test_simplified_text_is_returned_unchanged_without_conversion():
    text = "庆海轴承拖欠我们工资"
    assert to_simplified(text) is text  # the fast path: no OpenCC call, same object


def test_meaningful_emoji_become_words_and_the_rest_is_dropped():
    assert normalize("太气人了😡") == "太气人了愤怒"
    assert normalize("好的🌞🚗") == "好的"


def test_decorations_and_whitespace_collapse():
    assert normalize("【通知】★恭喜 \t\n 您★") == "通知 恭喜 您"


def test_punctuation_runs_are_capped_so_anger_still_shows():
    assert normalize("管不管！！！！！！") == "管不管!!!"
    assert normalize("啊？？？？？") == "啊???"


def test_empty_and_blank_text():
    assert normalize("") == ""
    assert normalize(" \u3000 ") == ""
