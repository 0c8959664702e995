"""Categories: what a receptionist would call each message."""

import pytest

from eqiao.text import classify
from eqiao.text.classify import MODEL_ENV, reload_models, scorer
from eqiao.text.lexicon import CATEGORIES, rule_category


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("本人系辩护律师,申请下周四阅卷,手续已备齐", "lawyer"),
        ("实名举报镇财政所所长挪用扶贫资金", "report"),
        ("对法院的二审判决不服,想向检察院申诉", "appeal"),
        ("请问离婚时孩子的抚养权一般判给谁", "consultation"),
        ("被害人家里生活困难,想申请司法救助", "aid"),
        ("感谢检察官耐心解答,非常满意", "feedback"),
        ("恭喜您中奖,加微信领取奖金", "other"),
        ("派出所把我非法拘禁了三天,我要控告他们", "complaint"),
    ],
)
def test_clear_messages_get_their_category(text, category):
    assert classify(text) == category


def test_every_answer_is_a_known_category():
    for text in ["", "?", "1", "哈哈", "x" * 500]:
        assert classify(text) in CATEGORIES


def test_the_rule_fallback_is_used_without_a_model(monkeypatch, tmp_path):
    monkeypatch.setenv(MODEL_ENV, str(tmp_path / "absent.json.gz"))
    reload_models()
    try:
        assert scorer() is None
        assert classify("我是律师,申请阅卷") == rule_category("我是律师,申请阅卷") == "lawyer"
    finally:
        monkeypatch.delenv(MODEL_ENV)
        reload_models()


def test_a_broken_artefact_falls_back_instead_of_failing(monkeypatch, tmp_path):
    broken = tmp_path / "model.json.gz"
    broken.write_bytes(b"not gzip")
    monkeypatch.setenv(MODEL_ENV, str(broken))
    reload_models()
    try:
        assert classify("实名举报村支书贪污") == "report"
    finally:
        monkeypatch.delenv(MODEL_ENV)
        reload_models()


def test_a_bare_digit_reply_is_feedback():
    # The satisfaction SMS asks for a digit; the policy makes the reply feedback.
    for reply in ("1", "2", " 3 ", "４", "10。"):
        assert classify(reply) == "feedback", reply
    assert classify("我1号去的") != "feedback"
