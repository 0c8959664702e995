"""One set of rules and messages for every channel: `petition_validate` finds every problem
at once and names its field; the portal's form and `petition_submit` use it."""

from __future__ import annotations

import pytest

from eqiao.intake.kinds import KIND_BY_VALUE, KINDS, anonymous_allowed
from eqiao.intake.models import Kind, Petition
from eqiao.intake.services.submission import petition_submit
from eqiao.intake.services.validation import SubmissionInvalid, petition_validate

GOOD = {
    "kind": "complaint",
    "channel": "web",
    "content": "公安局一直不退还取保候审保证金，请检察院监督。",
    "name": "李某某",
    "phone": "13812345678",
}


def test_every_problem_is_named_by_its_field_at_once():
    with pytest.raises(SubmissionInvalid) as refused:
        petition_validate(
            **{
                **GOOD,
                "kind": "gossip",
                "content": "救命",
                "name": "",
                "phone": "123",
                "id_number": "12345",
            }
        )
    errors = refused.value.errors
    assert list(errors) == ["kind", "content", "name", "phone", "id_number"]
    assert errors["kind"] == "请选择诉求类别。"
    assert errors["content"] == "诉求内容太短了，请至少写5个字。"
    assert "手机号应为11位数字" in errors["phone"]
    # A caller that reports one problem gets the first, as before.
    assert (refused.value.field, refused.value.message) == ("kind", "请选择诉求类别。")


def test_clean_values_come_back_normalised():
    clean = petition_validate(**{**GOOD, "phone": "138 1234 5678", "title": "  保证金  "})
    assert (clean.phone, clean.title, clean.anonymous) == ("13812345678", "保证金", False)


def test_petition_submit_applies_the_same_rules(office_tree):
    with pytest.raises(SubmissionInvalid) as refused:
        petition_submit(**{**GOOD, "content": "", "phone": ""})
    assert set(refused.value.errors) == {"content", "phone"}
    assert not Petition.objects.exists()


def test_only_the_kinds_that_allow_it_may_be_anonymous():
    assert [info.kind for info in KINDS if anonymous_allowed(info.kind)] == [Kind.REPORT]
    petition_validate(**{**GOOD, "kind": "report", "anonymous": True, "name": "", "phone": ""})
    with pytest.raises(SubmissionInvalid) as refused:
        petition_validate(**{**GOOD, "anonymous": True})
    assert refused.value.errors == {"anonymous": "只有举报可以匿名提交。"}


def test_every_stored_kind_has_its_words_in_the_one_list():
    assert [info.kind for info in KINDS] == list(Kind.values)
    for info in KINDS:
        assert str(info.label) == str(Kind(info.kind).label)
        assert info.summary and info.example and info.description and info.keywords
    assert KIND_BY_VALUE["report"].anonymous_allowed
