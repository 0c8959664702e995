"""Category of a citizen message, and the learned side of the risk assessment.

Categories: complaint, appeal, report, consultation, lawyer, aid, feedback, other (meanings in
GLOSSARY.md; the labelling policy is in NOTES.md). Rules and statistics are combined: the cue
lexicon (`eqiao.text.lexicon`) and the risk rules' reasons are features of a logistic
regression (`eqiao.text.model`) trained on the labelled set plus staff corrections
(`eqiao text train`), so the model learns how far to trust each cue. Without an artefact
(a fresh checkout that deleted it, a broken file) the cue lexicon alone decides.

The artefact is `data/model.json.gz`, or the file named by the environment variable
EQIAO_TEXT_MODEL (where a deployment keeps the model its staff retrain).
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Set
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from eqiao.text.features import message_features
from eqiao.text.lexicon import CATEGORIES, rule_category
from eqiao.text.model import Scorer, load_artefact
from eqiao.text.normalize import normalize
from eqiao.text.risk import assess_risk_normalized
from eqiao.text.risk_rules import REASON_LEVEL
from eqiao.text.segment import segmenter

logger = logging.getLogger(__name__)

SHIPPED_MODEL_PATH = Path(__file__).parent / "data" / "model.json.gz"
MODEL_ENV = "EQIAO_TEXT_MODEL"

# Where the rules found nothing (level low, no reason), the model may raise a message to
# medium when this sure of medium or high. The rules' reasons are the policy staff read; the
# model fills their silence with what corrections taught it (a phrasing no rule knows). It
# never lowers a level: a missed high costs more than a false alarm.
RISK_RAISE_CONFIDENCE = 0.8
# Where the rules said less than high, the model raises the message to high from this
# probability of high on: new phrasings of a threat (停运, 守着不让车进, 寿衣) are what rules
# miss, and the model has seen their neighbours. Chosen by leave-one-set-out on the train
# split (each sealed set that joined training one fold, the older rows three), with the rules
# and this combination as shipped: the step (0.05 apart) with the highest out-of-fold
# high-risk recall whose precision stays ≥ 0.85 on every held-out sealed set (one new writer
# each) and ≥ 0.8 pooled (`python -m eqiao.text.threshold_search`, round 8, 4,428 messages,
# 963 high: 0.983 recall at 0.25, pooled precision 0.874, the worst set's 0.869; 0.2 reaches
# 0.984 with one set at 0.809; ties go to the higher step). Round 7 asked pooled ≥ 0.85.
HIGH_ALERT_PROBABILITY = 0.25
LEARNED_REASONS = {
    "high": "与工作人员标注的高风险信访相似",
    "medium": "与工作人员标注的中风险信访相似",
}


def model_path() -> Path:
    """Where the trained artefact is read from and `eqiao text train` writes by default."""
    return Path(os.environ.get(MODEL_ENV) or SHIPPED_MODEL_PATH)


@cache
def scorer() -> Scorer | None:
    """The artefact's models, loaded once per process; None when there is no usable file."""
    path = model_path()
    try:
        return Scorer.from_artefact(load_artefact(path))
    except FileNotFoundError:
        logger.info("no text model at %s; categories come from the cue lexicon", path)
    except (OSError, ValueError, KeyError, EOFError) as exc:
        logger.warning("unusable text model at %s (%s); using the cue lexicon", path, exc)
    return None


def reload_models() -> None:
    """Forget the loaded artefact (after `train` wrote a new one in this process)."""
    scorer.cache_clear()


@dataclass(frozen=True)
class Reading:
    """What the models say about one message: its category and the learned risk, if any."""

    category: str
    learned_risk: tuple[str, str] | None  # (level, reason) or None


def read_features(
    norm: str,
    features: list[str],
    rule_reasons: tuple[str, ...],
    high_trigger: str = "none",
) -> Reading:
    """Category and learned risk from precomputed features, in one scoring pass.

    The learned risk is given where the rules found no high reason: high when the model
    thinks it likely (HIGH_ALERT_PROBABILITY; RISK_RAISE_CONFIDENCE where a high trigger
    occurred without the group or plan its rule needs, never where the rules read one and
    set it aside — `RiskAssessment.high_trigger`), medium where the rules found no reason at
    all and the model is sure of medium or high (RISK_RAISE_CONFIDENCE)."""
    model = scorer()
    if model is None or "category" not in model.heads:
        return Reading(_reply_category(norm) or rule_category(norm), None)
    logits = model.logits(features)
    category = _reply_category(norm) or model.best(logits, "category")
    if "risk" not in model.heads or any(REASON_LEVEL.get(r) == "high" for r in rule_reasons):
        return Reading(category, None)
    proba = model.head_scores(logits, "risk")
    return Reading(category, _raise(proba, bool(rule_reasons), high_trigger))


# A bare digit (1, 2, 10) answers the satisfaction SMS ("reply 1 for satisfied"): the policy
# makes it feedback. The model has no word to read in it.
_DIGIT_REPLY = re.compile(r"\s*\d{1,2}\s*[。.!！]?\s*")


def _reply_category(norm: str) -> str | None:
    return "feedback" if _DIGIT_REPLY.fullmatch(norm) else None


def _raise(proba: dict[str, float], rules_spoke: bool, high_trigger: str) -> tuple[str, str] | None:
    high = proba.get("high", 0.0)
    bar = {"none": HIGH_ALERT_PROBABILITY, "unmet": RISK_RAISE_CONFIDENCE}.get(high_trigger)
    if bar is not None and high >= bar:
        return "high", LEARNED_REASONS["high"]
    if rules_spoke or high_trigger != "none":
        return None
    if high + proba.get("medium", 0.0) >= RISK_RAISE_CONFIDENCE:
        return "medium", LEARNED_REASONS["medium"]
    return None


def features_for(
    norm: str,
    reasons: tuple[str, ...] = (),
    grams: list[str] | None = None,
    units: Set[str] | None = None,
) -> list[str]:
    """The model features of normalised text, segmenting it once.

    The segmenter's raw output is enough: `message_features` keeps alphanumeric words only,
    so the whitespace tokens `segment` would drop first are never features anyway."""
    return message_features(norm, segmenter().cut(norm), reasons, grams, units)


def classify(text: str) -> str:
    """The category of `text` (one of CATEGORIES)."""
    norm = normalize(text)
    reasons = assess_risk_normalized(norm).reasons
    return read_features(norm, features_for(norm, reasons), reasons).category


__all__ = ["CATEGORIES", "Reading", "classify", "features_for", "read_features", "scorer"]
