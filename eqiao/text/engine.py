"""One call that reads a citizen message: category, risk with reasons, region, sentiment.

The text is normalised and segmented once here and the parts are handed to each analyser,
so `analyze` costs one pass of each, not one normalisation per field.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from eqiao.text.classify import classify, classify_features, features_for, learned_risk
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


def _neutral(_text: str) -> str:
    return "neutral"


@cache
def _sentiment_function() -> Callable[[str], str]:
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


def _risk(norm: str) -> tuple[RiskAssessment, list[str]]:
    """Rules first; where they found nothing, the learned model may raise the level (never
    lower it). Also returns the model features, so the caller classifies without segmenting
    again."""
    rules = assess_risk_normalized(norm)
    feats = features_for(norm, rules.reasons)
    raised = learned_risk(feats, rules.reasons)
    if raised is None:
        return rules, feats
    level, reason = raised
    return RiskAssessment(level, (reason, *rules.reasons)), feats


def assess_risk(text: str) -> RiskAssessment:
    """Risk level and reasons for a citizen's message (rules plus what staff taught)."""
    return _risk(normalize(text))[0]


def analyze(text: str) -> Analysis:
    """Analyse one message (any form; normalised here)."""
    norm = normalize(text)
    risk, feats = _risk(norm)
    return Analysis(
        category=classify_features(norm, feats),
        risk=risk.level,
        reasons=risk.reasons,
        region=detect_region(norm),
        sentiment=_sentiment_function()(text),
    )


__all__ = ["Analysis", "RiskAssessment", "analyze", "assess_risk", "classify", "detect_region"]
