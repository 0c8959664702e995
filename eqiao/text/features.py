"""The features the statistical models read from a message.

Words (rjieba with the domain dictionary) carry meaning (阅卷, 判决, 贪污); character bigrams
survive typos, rare words and segmentation mistakes (阅券, 叛决); the cue lexicon's scores let
the model learn how far to trust each rule family; a few shape features tell a one-word SMS
reply ("满意", "1") from a petition. Binary presence, later L2-normalised by the model, so a
long letter does not outweigh a short message.
"""

from __future__ import annotations

from collections.abc import Set

from eqiao.text.lexicon import cue_scores


def _length_bucket(n: int) -> str:
    if n <= 4:
        return "len:tiny"
    if n <= 15:
        return "len:short"
    if n <= 60:
        return "len:medium"
    return "len:long"


def bigrams(norm: str) -> list[str]:
    """Every two-character slice of `norm`, in order (shared by the gates and the features)."""
    return [norm[i : i + 2] for i in range(len(norm) - 1)]


def message_features(
    norm: str,
    words: list[str],
    reasons: tuple[str, ...] = (),
    grams: list[str] | None = None,
    units: Set[str] | None = None,
) -> list[str]:
    """Feature names for a normalised message, its segmentation and its risk reasons.

    Character bigrams are plain two-character slices (no prefix: every other feature name
    has one, and slicing is the cheapest string the engine can make). The risk reasons are
    read as features too: 生活陷入困境 says much about aid."""
    feats = ["w:" + w for w in words if w.isalnum()]  # punctuation is no word
    if grams is None:
        grams = bigrams(norm)
    feats += grams
    for category, score in cue_scores(norm, units).items():
        feats.append("cue:" + category)
        if score >= 2.5:
            feats.append("cue:" + category + ":strong")
    feats += ["risk:" + r for r in reasons]
    feats.append(_length_bucket(len(norm)))
    if "?" in norm or norm.endswith(("吗", "呢")):
        feats.append("shape:question")
    if norm.isdigit():
        feats.append("shape:digits")  # "1" answering an SMS follow-up: 1 满意 2 基本满意 3 不满意
    return list(dict.fromkeys(feats))
