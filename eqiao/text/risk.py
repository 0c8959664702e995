"""Petition risk (信访风险): low / medium / high, with reasons a person can read.

Rules, because a receptionist must see *why* a message raised an alert and a missed high
(a group on its way to the city government) costs far more than a false alarm. The rules
work sentence by sentence on normalised text:

* high — plans or threats of collective petitioning, petitioning at higher levels (越级,
  进京), self-harm, harm to others, blocking roads or gates, sit-ins, and gatherings of many
  people at an organ's gate even when no petition word appears;
* medium — strong anger, repeated unresolved petitions, threats to go to the media or post
  online, hardship of the elderly, sick or disabled, deadline pressure (春节前欠薪), and an
  individual's threat to petition;
* a trigger does not count when negated just before it in its clause (我们不会去闹事) or
  when its sentence is a neutral question with no intent (上访的程序是什么).

The statistical model (`eqiao.text.classify`) may add a reason on top; the labelling policy
behind these rules is in `NOTES.md`.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass
from functools import cache

from eqiao.text import risk_rules as R
from eqiao.text._gate import Gate
from eqiao.text.normalize import normalize

LEVELS = ("low", "medium", "high")
_RANK = {level: i for i, level in enumerate(LEVELS)}


@dataclass(frozen=True)
class RiskAssessment:
    """The risk level and the reasons (Chinese, for staff) that produced it."""

    level: str  # "low" | "medium" | "high"
    reasons: tuple[str, ...]


def _before(sentence: str, start: int, width: int) -> str:
    """Up to `width` characters before `start`, not reaching back past a clause boundary."""
    window = sentence[max(0, start - width) : start]
    cut = max(window.rfind(","), window.rfind(":"))
    return window[cut + 1 :] if cut >= 0 else window


def _negated(sentence: str, start: int) -> bool:
    """Whether a negation cue starts just before position `start`, within the same clause.

    The cue may run into the trigger (不打算上访 matches at 打算), but a cue that starts at the
    trigger is part of it (不想活, 不会放过) and does not negate it."""
    before = _before(sentence, start, R.NEGATION_WINDOW)
    window = before + sentence[start : start + 3]
    return any(m.start() < len(before) for m in R.NEGATION.finditer(window))


def _neutral_question(sentence: str) -> bool:
    """A question about the words (上访的程序是什么), or a case's facts told (被以聚众扰乱…罪
    立案): the words are talked about, not announced as a plan."""
    if R.CASE_FACTS.search(sentence) is not None and R.WE.search(sentence) is None:
        return True
    if R.ASKS.search(sentence) is None:
        return False
    return R.ASKS_ABOUT_LAW.search(sentence) is not None or R.INTENT.search(sentence) is None


def _fires(rule: R.Rule, sentence: str, question: bool) -> bool:
    if question and (
        not rule.in_questions
        or rule.in_questions == "dated"
        and (R.DATED.search(sentence) is None or R.HYPOTHETICAL.search(sentence) is not None)
    ):
        return False
    if rule.needs is not None and rule.needs.search(sentence) is None:
        return False
    for m in rule.pattern.finditer(sentence):
        if rule.negatable and (
            _negated(sentence, m.start()) or R.DISMISSED_AFTER.match(sentence, m.end())
        ):
            continue
        if rule.passive and R.SUFFERED.search(sentence, max(0, m.start() - 8), m.start()):
            continue
        if rule.subject is not None and rule.subject.search(sentence, 0, m.start()) is None:
            continue
        return True
    return False


def sentences(text: str) -> list[str]:
    """Split normalised text into sentences, each with its end mark (the unit rules read)."""
    return R.SENTENCE.findall(text)


@cache
def _gate() -> tuple[Gate, list[tuple[int, ...]]]:
    """A gate over every pattern a rule needs (its trigger, `needs`, `subject`), and for each
    rule the gate indexes that must all be candidates for the rule to be one."""
    patterns: list = []
    parts: list[tuple[int, ...]] = []
    for rule in R.RULES:
        own = [p for p in (rule.pattern, rule.needs, rule.subject) if p is not None]
        parts.append(tuple(range(len(patterns), len(patterns) + len(own))))
        patterns.extend(own)
    return Gate(patterns), parts


def _candidates(text: str, units: Set[str] | None) -> list[R.Rule]:
    """The rules whose pattern occurs somewhere in `text`, in rule order. The gate rules out
    most of them from the text's characters and bigrams (a rule needs the literals of its
    trigger, its `needs` and its subject); the rest get one search each."""
    gate, parts = _gate()
    found = gate.candidates(text, units)
    return [
        rule
        for rule, need in zip(R.RULES, parts, strict=True)
        if found.issuperset(need) and rule.pattern.search(text) is not None
    ]


def assess_risk_normalized(text: str, units: Set[str] | None = None) -> RiskAssessment:
    """assess_risk on text already normalised with `eqiao.text.normalize.normalize`.

    `units` is `eqiao.text._gate.text_units(text)` if the caller computed it already."""
    rewritten = R.rewrite(text)
    if rewritten is not text:
        text, units = rewritten, None
    level = "low"
    reasons: list[str] = []
    # Only rules that occur in the message are checked sentence by sentence (negation,
    # subject, question); most messages have none or one.
    candidates = _candidates(text, units)
    for sentence in sentences(text) if candidates else ():
        question = _neutral_question(sentence)
        for rule in candidates:
            if rule.reason in reasons or not _fires(rule, sentence, question):
                continue
            reasons.append(rule.reason)
            if _RANK[rule.level] > _RANK[level]:
                level = rule.level
    for combo in R.COMBINATIONS:
        if combo.reason not in reasons and combo.applies(text):
            reasons.append(combo.reason)
            if _RANK[combo.level] > _RANK[level]:
                level = combo.level
    return RiskAssessment(level, tuple(_ordered(reasons)))


def _ordered(reasons: list[str]) -> list[str]:
    """High-level reasons first, so the alert shows the gravest one; redundant ones dropped."""
    dropped = {d for r in reasons for d in R.SUPERSEDES.get(r, ())}
    kept = [r for r in reasons if r not in dropped]
    return sorted(kept, key=lambda r: -_RANK[R.REASON_LEVEL.get(r, "medium")])


def assess_risk(text: str) -> RiskAssessment:
    """Risk level and reasons for a citizen's message (any form: normalised here)."""
    return assess_risk_normalized(normalize(text))


def max_level(a: str, b: str) -> str:
    """The higher of two risk levels."""
    return a if _RANK[a] >= _RANK[b] else b


def is_level(value: str) -> bool:
    """Whether `value` is a risk level name."""
    return value in _RANK


__all__ = ["LEVELS", "RiskAssessment", "assess_risk", "assess_risk_normalized"]
