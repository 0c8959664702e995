"""Learning from staff: corrections change what the engine says, reproducibly."""

import json

import pytest

from eqiao.text.classify import MODEL_ENV, SHIPPED_MODEL_PATH, reload_models, scorer
from eqiao.text.engine import analyze
from eqiao.text.model import load_artefact
from eqiao.text.train import CORRECTION_WEIGHT, data_digest, examples, read_corrections, train

# A phrasing no rule knows: staff teach the engine that it means trouble.
SLANG = "这事儿要是黄了,咱们就去大院门口喝茶晒太阳,一个都不少"


@pytest.fixture
def model_file(tmp_path, monkeypatch):
    path = tmp_path / "model.json.gz"
    monkeypatch.setenv(MODEL_ENV, str(path))
    reload_models()
    yield path
    monkeypatch.delenv(MODEL_ENV)
    reload_models()


def test_training_twice_on_the_same_data_gives_the_same_bytes(tmp_path):
    first, second = tmp_path / "a.json.gz", tmp_path / "b.json.gz"
    train([], first)
    train([], second)
    assert first.read_bytes() == second.read_bytes()
    # Small enough to ship: 330 KB on 1,919 messages, 415 KB on 2,679, 506 KB on 3,723
    # (L2 1e-4).
    assert first.stat().st_size < 600_000


def test_the_shipped_model_was_trained_on_the_current_labelled_set():
    """Whoever adds labelled rows retrains (`eqiao text train`) and ships the result."""
    shipped = load_artefact(SHIPPED_MODEL_PATH)["training"]
    assert shipped["data_sha256"] == data_digest(examples([]))
    assert shipped["corrections"] == 0


def test_corrections_override_the_labelled_row_and_weigh_more():
    rows = examples([("测试一条纠正", "feedback", None)])
    added = next(e for e in rows if e.text == "测试一条纠正")
    assert (added.category, added.risk, added.weight) == ("feedback", None, CORRECTION_WEIGHT)


def test_a_correction_with_only_a_risk_keeps_the_labelled_category():
    rows = examples([("上访的程序是什么", None, "medium")])
    row = next(e for e in rows if e.text == "上访的程序是什么")
    assert (row.category, row.risk) == ("consultation", "medium")


def test_invalid_corrections_are_refused():
    with pytest.raises(ValueError):
        examples([("文本", "spam", None)])
    with pytest.raises(ValueError):
        examples([("文本", None, "extreme")])


def test_staff_corrections_teach_the_model_a_category(model_file):
    text = "麻烦帮我看看这个视频号的二维码"
    before = analyze(text).category
    wanted = "feedback" if before != "feedback" else "other"
    variants = [text, "帮我看看视频号的二维码", "这个视频号二维码麻烦看看", "视频号二维码帮看一下"]
    train([(v, wanted, "low") for v in variants], model_file)
    assert "category" in scorer().heads
    assert analyze(text).category == wanted


def test_staff_corrections_can_raise_risk_where_rules_are_silent(model_file):
    assert analyze(SLANG).risk == "low"  # no rule knows this phrasing
    variants = [
        SLANG,
        "要是黄了咱们就去大院门口喝茶晒太阳",
        "咱们去大院门口喝茶晒太阳一个都不少",
        "黄了的话大院门口喝茶晒太阳,一个都不少",
        "大院门口喝茶晒太阳去,一个都不能少",
    ]
    train([(v, "complaint", "high") for v in variants], model_file)
    result = analyze(SLANG)
    assert result.risk == "high"
    assert "与工作人员标注的高风险信访相似" in result.reasons


def test_read_corrections_reports_the_bad_line(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text(json.dumps({"text": "好", "category": "feedback"}) + "\nnope\n", "utf-8")
    with pytest.raises(ValueError, match=":2:"):
        list(read_corrections(path))
