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
from eqiao.text import risk_vocab as V
from eqiao.text._gate import Gate
from eqiao.text.normalize import normalize

LEVELS = ("low", "medium", "high")
_RANK = {level: i for i, level in enumerate(LEVELS)}


@dataclass(frozen=True)
class RiskAssessment:
    """The risk level and the reasons (Chinese, for staff) that produced it."""

    level: str  # "low" | "medium" | "high"
    reasons: tuple[str, ...]
    # Below high, what became of high rules' triggers: "none" occurred, "rejected" (one was
    # read and set aside: 我们不会去闹事, 如果…吗, 是气话) or "unmet" (one occurred without
    # the group or plan its rule needs: 我明天去检察院递材料). The learned model weighs it.
    high_trigger: str = "none"


def _before(sentence: str, start: int, width: int) -> str:
    """Up to `width` characters before `start`, not reaching back past a clause boundary."""
    window = sentence[max(0, start - width) : start]
    cut = max(window.rfind(","), window.rfind(":"))
    return window[cut + 1 :] if cut >= 0 else window


def _negated(sentence: str, start: int) -> bool:
    """Whether a negation cue starts just before position `start`, within the same clause.

    The cue may run into the trigger (不打算上访 matches at 打算), but a cue that starts at the
    trigger is part of it (不想活, 不会放过) and does not negate it."""
    before = _before(sentence, start, V.NEGATION_WINDOW)
    window = before + sentence[start : start + 3]
    return any(m.start() < len(before) for m in V.NEGATION.finditer(window))


def _neutral_question(sentence: str) -> bool:
    """A question about the words (上访的程序是什么), a case's facts told (被以聚众扰乱…罪
    立案), others' acts told or the act dismissed (news of someone else's act, calling it foolish): the words are
    talked about, not announced as a plan."""
    if V.CASE_FACTS.search(sentence) is not None and V.WE.search(sentence) is None:
        return True
    if V.SET_ASIDE.search(sentence) is not None:
        return True
    if V.ASKS.search(sentence) is None:
        return False
    return V.ASKS_ABOUT_LAW.search(sentence) is not None or V.INTENT.search(sentence) is None


# What a rule makes of a sentence: its trigger is absent; present and the rule fires;
# present but set aside by what the sentence says (negated, retracted, a neutral or
# hypothetical question, an act suffered); or present without the rest the rule needs (a
# group as subject, a plan).
ABSENT, FIRES, REJECTED, UNMET = "absent", "fires", "rejected", "unmet"


def _dated_plan(sentence: str) -> bool:
    """A sentence that announces a plan with a date (打算下周二去), neither asked nor supposed."""
    return (
        V.DATED.search(sentence) is not None
        and V.INTENT.search(sentence) is not None
        and V.ASKS.search(sentence) is None
        and V.HYPOTHETICAL.search(sentence) is None
    )


def _verdict(rule: R.Rule, sentence: str, question: bool, dated_elsewhere: bool = False) -> str:
    """`dated_elsewhere`: another sentence of the message announces a dated plan, so a
    question about the procedure (需要登记吗? 打算礼拜一就走) asks about that plan."""
    if rule.pattern.search(sentence) is None:
        return ABSENT
    if question and (
        not rule.in_questions
        or rule.in_questions == "dated"
        and (
            V.DATED.search(sentence) is None
            and not dated_elsewhere
            or V.HYPOTHETICAL.search(sentence) is not None
        )
    ):
        return REJECTED
    if rule.needs is not None and rule.needs.search(sentence) is None:
        return UNMET
    verdict = REJECTED
    for m in rule.pattern.finditer(sentence):
        if rule.negatable and (
            _negated(sentence, m.start()) or V.DISMISSED_AFTER.match(sentence, m.end())
        ):
            continue
        if rule.passive and (
            V.SUFFERED.search(sentence, max(0, m.start() - 10), m.start())
            or V.SUFFERED_AFTER.match(sentence, m.end())
        ):
            continue
        if V.OTHERS_SAY.search(sentence, max(0, m.start() - 14), m.start()):
            continue
        if rule.subject is not None and rule.subject.search(sentence, 0, m.start()) is None:
            verdict = UNMET
            continue
        return FIRES
    return verdict


def sentences(text: str) -> list[str]:
    """Split normalised text into sentences, each with its end mark (the unit rules read)."""
    return V.SENTENCE.findall(text)


@cache
def _gate() -> Gate:
    """A gate over the rules' triggers, in rule order."""
    return Gate([rule.pattern for rule in R.RULES])


def _candidates(text: str, found: Set[int]) -> list[R.Rule]:
    """The rules whose trigger occurs somewhere in `text`, in rule order. The gate (`found`:
    what `_gate().candidates` let through) rules out most of them from the text's characters
    and bigrams; the rest get one search each. A rule whose subject or `needs` is absent
    stays a candidate: its verdict (rejected or unmet) tells the learned model what the
    rules made of the trigger."""
    return [
        rule
        for i, rule in enumerate(R.RULES)
        if i in found and rule.pattern.search(text) is not None
    ]


def assess_risk_normalized(text: str, units: Set[str] | None = None) -> RiskAssessment:
    """assess_risk on text already normalised with `eqiao.text.normalize.normalize`.

    `units` is `eqiao.text._gate.text_units(text)` if the caller computed it already."""
    rewritten = V.rewrite(text)
    if rewritten is not text:
        text, units = rewritten, None
    level = "low"
    reasons: list[str] = []
    # Only rules that occur in the message are checked sentence by sentence (negation,
    # subject, question); most messages have none or one.
    candidates = _candidates(text, _gate().candidates(text, units))
    rejected = False
    split = sentences(text) if candidates else []
    dated = [_dated_plan(s) for s in split] if len(split) > 1 else [False] * len(split)
    for i, sentence in enumerate(split):
        question = _neutral_question(sentence)
        elsewhere = any(d for j, d in enumerate(dated) if j != i)
        for rule in candidates:
            if rule.reason in reasons:
                continue
            verdict = _verdict(rule, sentence, question, elsewhere)
            if verdict != FIRES:
                rejected = rejected or (verdict == REJECTED and rule.level == "high")
                continue
            reasons.append(rule.reason)
            if _RANK[rule.level] > _RANK[level]:
                level = rule.level
    for combo in R.COMBINATIONS:
        if combo.reason not in reasons and combo.applies(text):
            reasons.append(combo.reason)
            if _RANK[combo.level] > _RANK[level]:
                level = combo.level
    high_trigger = "none"
    if level != "high" and any(rule.level == "high" for rule in candidates):
        high_trigger = REJECTED if rejected else UNMET
    return RiskAssessment(level, tuple(_ordered(reasons)), high_trigger)


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
