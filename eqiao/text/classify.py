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
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from eqiao.text.features import message_features
from eqiao.text.lexicon import CATEGORIES, rule_category
from eqiao.text.model import LinearModel, load_artefact
from eqiao.text.normalize import normalize
from eqiao.text.risk import assess_risk_normalized
from eqiao.text.segment import segment

logger = logging.getLogger(__name__)

SHIPPED_MODEL_PATH = Path(__file__).parent / "data" / "model.json.gz"
MODEL_ENV = "EQIAO_TEXT_MODEL"

# The model speaks on risk only where the rules found nothing (level low, no reason), and only
# when this sure. The rules' reasons are the policy staff read; the model fills their silence
# with what corrections taught it (a phrasing no rule knows). It never lowers a level: a
# missed high costs more than a false alarm.
RISK_RAISE_CONFIDENCE = 0.8
LEARNED_REASONS = {
    "high": "与工作人员标注的高风险信访相似",
    "medium": "与工作人员标注的中风险信访相似",
}


def model_path() -> Path:
    """Where the trained artefact is read from and `eqiao text train` writes by default."""
    return Path(os.environ.get(MODEL_ENV) or SHIPPED_MODEL_PATH)


@dataclass(frozen=True)
class Models:
    """The trained category and risk classifiers (either may be absent)."""

    category: LinearModel | None
    risk: LinearModel | None


@cache
def models() -> Models:
    """The artefact's models, loaded once per process; empty when there is no usable file."""
    path = model_path()
    try:
        data = load_artefact(path)
    except FileNotFoundError:
        logger.info("no text model at %s; categories come from the cue lexicon", path)
        return Models(None, None)
    except (OSError, ValueError, KeyError) as exc:
        logger.warning("unusable text model at %s (%s); using the cue lexicon", path, exc)
        return Models(None, None)
    category = LinearModel.from_dict(data["category"]) if data.get("category") else None
    risk = LinearModel.from_dict(data["risk"]) if data.get("risk") else None
    return Models(category, risk)


def reload_models() -> None:
    """Forget the loaded artefact (after `train` wrote a new one in this process)."""
    models.cache_clear()


def classify_features(norm: str, features: list[str]) -> str:
    """The category from precomputed features (the engine computes them once per message)."""
    model = models().category
    if model is None:
        return rule_category(norm)
    return model.predict(features)[0]


def learned_risk(features: list[str], rule_reasons: tuple[str, ...]) -> tuple[str, str] | None:
    """(level, reason) when the rules gave no reason and the risk model is confident of a
    level above low; else None."""
    model = models().risk
    if model is None or rule_reasons:
        return None
    proba = dict(zip(model.classes, model.proba(features), strict=True))
    if proba.get("high", 0.0) >= RISK_RAISE_CONFIDENCE:
        return "high", LEARNED_REASONS["high"]
    if proba.get("high", 0.0) + proba.get("medium", 0.0) >= RISK_RAISE_CONFIDENCE:
        return "medium", LEARNED_REASONS["medium"]
    return None


def features_for(norm: str, reasons: tuple[str, ...] = ()) -> list[str]:
    """The model features of normalised text, segmenting it once."""
    return message_features(norm, segment(norm), reasons)


def classify(text: str) -> str:
    """The category of `text` (one of CATEGORIES)."""
    norm = normalize(text)
    return classify_features(norm, features_for(norm, assess_risk_normalized(norm).reasons))


__all__ = ["CATEGORIES", "classify", "classify_features", "features_for", "learned_risk"]
