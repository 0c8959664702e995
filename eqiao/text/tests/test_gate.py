"""The literal gates must never hide a pattern that matches."""

import random
import re

import pytest

from eqiao.text import risk_rules
from eqiao.text._gate import Gate, required_literals, text_units
from eqiao.text.lexicon import CUE_PATTERNS
from eqiao.text.quality import load_labelled


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("跳下去", {"跳下去"}),
        ("上访|信访", {"上访", "信访"}),
        ("(?:去|到)北京", {"北京"}),
        ("[0-9]+次", {"次"}),
        ("a?b", {"b"}),
        (".*", None),
        ("x|.", None),
    ],
)
def test_required_literals(pattern, expected):
    found = required_literals(pattern)
    assert (None if found is None else set(found)) == expected


def _check(patterns, texts):
    gate = Gate(patterns)
    for text in texts:
        matching = {i for i, p in enumerate(patterns) if p.search(text)}
        assert matching <= gate.candidates(text, text_units(text)), text


def test_the_risk_and_cue_gates_are_sound_on_the_labelled_set():
    from eqiao.text.normalize import normalize

    texts = [normalize(r["text"]) for r in load_labelled()]
    _check([r.pattern for r in risk_rules.RULES], texts)
    _check([p for _, _, p in CUE_PATTERNS], texts)


def test_the_gates_are_sound_on_random_shuffles_of_rule_vocabulary():
    rng = random.Random(3)
    vocab = list("我们明天去市政府门口坐着上访不会北京跳楼横幅工资过年老人困难!?,")
    texts = ["".join(rng.choice(vocab) for _ in range(rng.randint(1, 40))) for _ in range(3000)]
    _check([r.pattern for r in risk_rules.RULES], texts)


def test_a_pattern_without_requirement_always_runs():
    gate = Gate([re.compile(".+"), re.compile("上访")])
    assert gate.candidates("你好") == {0}


def test_gated_risk_equals_ungated_risk(monkeypatch):
    from eqiao.text import risk
    from eqiao.text.normalize import normalize

    texts = [normalize(r["text"]) for r in load_labelled()]
    rng = random.Random(5)
    vocab = list("我们大伙三十多个人明天一起去到市政府门口坐着上访不会北京跳楼横幅约好集合,。?")
    texts += ["".join(rng.choice(vocab) for _ in range(rng.randint(1, 40))) for _ in range(2000)]
    gated = [risk.assess_risk_normalized(t) for t in texts]
    monkeypatch.setattr(
        risk,
        "_candidates",
        lambda text, found: [r for r in risk_rules.RULES if r.pattern.search(text)],
    )

    assert [risk.assess_risk_normalized(t) for t in texts] == gated
