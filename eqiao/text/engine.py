"""One call that reads a citizen message: category, risk with reasons, region, sentiment.

The text is normalised and segmented once here and the parts are handed to each analyser,
so `analyze` costs one pass of each, not one normalisation per field.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from eqiao.text._gate import text_units
from eqiao.text.classify import Reading, classify, features_for, read_features
from eqiao.text.features import bigrams
from eqiao.text.normalize import normalize
from eqiao.text.region import detect_region
from eqiao.text.risk import RiskAssessment, assess_risk_normalized

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Analysis:
    """What the engine reads in a message. `reasons` are Chinese, for staff."""

    category: str
    risk: str  # "low" | "medium" | "high"
    reasons: tuple[str, ...]
    region: str | None  # "临清市", "聊城市" (city only), None (unknown)
    sentiment: str  # "negative" | "neutral" | "positive"


def _neutral(_text: str, _known: tuple[str, list[str]] | None = None) -> str:
    return "neutral"


@cache
def _sentiment_function() -> Callable[[str, tuple[str, list[str]] | None], str]:
    """The sentiment analyser (eqiao.text.sentiment), or "neutral" when it cannot run.

    Probed once: intake must keep taking petitions on a checkout where the sentiment model
    is absent or broken, and an error here would otherwise reject every message."""
    try:
        from eqiao.text.sentiment import sentiment

        sentiment("测试")
    except Exception:  # noqa: BLE001 - any failure means: run without sentiment
        logger.warning("sentiment analyser unavailable; reporting neutral", exc_info=True)
        return _neutral
    return sentiment


def _read(norm: str, grams: list[str]) -> tuple[RiskAssessment, Reading]:
    """Rules first; where they found no high reason, the learned model may raise the level
    (never lower it; see `read_features`). The category comes from the same scoring pass.
    `grams` are `bigrams(norm)`, computed once: the risk gate, cue gate, features and
    sentiment all read them."""
    units = text_units(norm, grams)
    rules = assess_risk_normalized(norm, units)
    feats = features_for(norm, rules.reasons, grams, units)
    reading = read_features(norm, feats, rules.reasons, rules.high_trigger)
    if reading.learned_risk is None:
        return rules, reading
    level, reason = reading.learned_risk
    return RiskAssessment(level, (reason, *rules.reasons)), reading


def assess_risk(text: str) -> RiskAssessment:
    """Risk level and reasons for a citizen's message (rules plus what staff taught)."""
    norm = normalize(text)
    return _read(norm, bigrams(norm))[0]


def analyze(text: str) -> Analysis:
    """Analyse one message (any form; normalised here)."""
    norm = normalize(text)
    grams = bigrams(norm)
    risk, reading = _read(norm, grams)
    return Analysis(
        category=reading.category,
        risk=risk.level,
        reasons=risk.reasons,
        region=detect_region(norm),
        sentiment=_sentiment_function()(text, (norm, grams)),
    )


__all__ = ["Analysis", "RiskAssessment", "analyze", "assess_risk", "classify", "detect_region"]
