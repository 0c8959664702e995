"""Reading a follow-up reply: "1"/"满意", "2"/"基本满意", "3"/"不满意", full-width digits,
a digit with words ("1 谢谢"), or free text. Pure functions: no database."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from eqiao.followups.models import EvaluationLevel

_DIGIT_LEVELS = {
    "1": EvaluationLevel.SATISFIED,
    "2": EvaluationLevel.BASIC,
    "3": EvaluationLevel.DISSATISFIED,
}
# Longest first: "不满意" and "基本满意" contain "满意".
_WORD_LEVELS = (
    ("非常不满意", EvaluationLevel.DISSATISFIED),
    ("很不满意", EvaluationLevel.DISSATISFIED),
    ("不太满意", EvaluationLevel.DISSATISFIED),
    ("不满意", EvaluationLevel.DISSATISFIED),
    ("非常满意", EvaluationLevel.VERY_SATISFIED),
    ("很满意", EvaluationLevel.VERY_SATISFIED),
    ("十分满意", EvaluationLevel.VERY_SATISFIED),
    ("基本满意", EvaluationLevel.BASIC),
    ("比较满意", EvaluationLevel.BASIC),
    ("还算满意", EvaluationLevel.BASIC),
    ("满意", EvaluationLevel.SATISFIED),
)
_LEADING_DIGIT_RE = re.compile(r"^([1-3])(?![0-9])[\s、,，.。:：!！]*(.*)$", re.S)


@dataclass(frozen=True)
class ParsedReply:
    level: str | None  # an EvaluationLevel, or None when the words give none
    text: str  # the reply as the person wrote it
    remark: str  # what follows the digit or is the whole free text ("" for a bare "1")


def reply_parse(text: str) -> ParsedReply:
    """The level a reply gives, if it gives one. Full-width digits and spaces are read as
    their ASCII forms (NFKC); a leading 1/2/3 decides; otherwise the first level word in
    the text (negations first: "不满意" is not "满意"); otherwise no level (free text)."""
    original = (text or "").strip()
    norm = unicodedata.normalize("NFKC", original)
    match = _LEADING_DIGIT_RE.match(norm)
    if match:
        return ParsedReply(_DIGIT_LEVELS[match.group(1)], original, match.group(2).strip())
    for word, level in _WORD_LEVELS:
        if word in norm:
            rest = norm.replace(word, "", 1).strip(" ，,。.!！")
            return ParsedReply(level, original, rest)
    return ParsedReply(None, original, norm)


SENTIMENT_SCORES = {"positive": 1.0, "neutral": 0.0, "negative": -1.0}


def level_for_free_text(sentiment: str) -> str:
    """A free-text reply without a level word: praise counts as satisfied; anything else
    is for a person to read (an unclear evaluation counts nowhere until settled)."""
    if sentiment == "positive":
        return EvaluationLevel.SATISFIED
    return EvaluationLevel.UNCLEAR
