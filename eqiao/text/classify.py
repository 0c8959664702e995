"""Category of a citizen message: complaint, appeal, report, consultation, lawyer, aid,
feedback or other (meanings in GLOSSARY.md and NOTES.md).

The cue lexicon (`eqiao.text.lexicon`) gives a rule-based answer; when the trained model
artefact is present (`data/model.json`, built by `eqiao text train`), its scores are combined
with the cues (the model also sees the cues as features).
"""

from __future__ import annotations

from eqiao.text.lexicon import CATEGORIES, rule_category
from eqiao.text.normalize import normalize


def classify_normalized(text: str, words: list[str] | None = None) -> str:
    """classify on normalised text; `words` is its segmentation if already computed."""
    return rule_category(text)


def classify(text: str) -> str:
    """The category of `text` (one of CATEGORIES)."""
    return classify_normalized(normalize(text))


__all__ = ["CATEGORIES", "classify", "classify_normalized"]
