"""Reading replies: digits (half and full width), words, digits with words, free text."""

import pytest

from eqiao.followups.models import EvaluationLevel as L
from eqiao.followups.replies import level_for_free_text, reply_parse


@pytest.mark.parametrize(
    ("text", "level", "remark"),
    [
        ("1", L.SATISFIED, ""),
        ("１", L.SATISFIED, ""),
        (" 2 ", L.BASIC, ""),
        ("３", L.DISSATISFIED, ""),
        ("1 谢谢", L.SATISFIED, "谢谢"),
        ("1，谢谢检察官", L.SATISFIED, "谢谢检察官"),
        ("满意", L.SATISFIED, ""),
        ("非常满意！", L.VERY_SATISFIED, ""),
        ("基本满意吧", L.BASIC, "吧"),
        ("不满意", L.DISSATISFIED, ""),
        ("我很不满意，没人理我", L.DISSATISFIED, "我,没人理我"),
        ("对处理结果不满意", L.DISSATISFIED, "对处理结果"),
        ("12", None, "12"),
        ("你们什么时候再联系我", None, "你们什么时候再联系我"),
    ],
)
def test_reply_levels(text, level, remark):
    parsed = reply_parse(text)
    assert parsed.level == level
    assert parsed.remark == remark


def test_free_text_praise_is_satisfied_and_the_rest_waits_for_a_person():
    assert level_for_free_text("positive") == L.SATISFIED
    assert level_for_free_text("neutral") == L.UNCLEAR
    assert level_for_free_text("negative") == L.UNCLEAR
