"""Segmentation keeps domain terms and Liaocheng place names whole."""

import pytest

from eqiao.text.segment import domain_words, segment, segment_for_search


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("派驻清水检察室的干警", "检察室"),
        ("工人们打算集体越级上访", "越级上访"),
        ("甘屯乡庆海轴承拖欠工资", "庆海轴承"),
        ("我在甘官屯镇打工", "甘官屯镇"),
        ("申请司法救助", "司法救助"),
        ("对不起诉决定不服", "不起诉决定"),
    ],
)
def test_domain_words_stay_whole(text, word):
    assert word in segment(text)


def test_segment_drops_whitespace_and_keeps_order():
    words = segment("我要 预约阅卷")
    assert "" not in words and " " not in words
    assert "".join(words) == "我要预约阅卷"


def test_search_segmentation_adds_the_parts_of_long_words():
    words = segment_for_search("派驻检察室")
    assert "检察室" in words


def test_dictionary_holds_every_township():
    words = set(domain_words())
    assert {"松林镇", "甘官屯镇", "古楼街道"} <= words
