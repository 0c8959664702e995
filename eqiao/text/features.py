"""The features the statistical models read from a message.

Words (rjieba with the domain dictionary) carry meaning (阅卷, 判决, 贪污); character bigrams
survive typos, rare words and segmentation mistakes (阅券, 叛决); the cue lexicon's scores let
the model learn how far to trust each rule family; a few shape features tell a one-word SMS
reply ("满意", "1") from a petition. Binary presence, later L2-normalised by the model, so a
long letter does not outweigh a short message.
"""

from __future__ import annotations

import re

from eqiao.text.lexicon import cue_scores

_CJK_OR_WORD = re.compile(r"[\u4e00-\u9fff]|[a-z0-9]+")
_PUNCT_WORD = re.compile(r"^[\W_]+$")


def _length_bucket(n: int) -> str:
    if n <= 4:
        return "len:tiny"
    if n <= 15:
        return "len:short"
    if n <= 60:
        return "len:medium"
    return "len:long"


def message_features(norm: str, words: list[str], reasons: tuple[str, ...] = ()) -> list[str]:
    """Feature names for a normalised message, its segmentation and its risk reasons.

    The risk reasons are read as features too: 生活陷入困境 says much about aid."""
    feats: set[str] = {"w:" + w for w in words if not _PUNCT_WORD.match(w)}
    chars = _CJK_OR_WORD.findall(norm)
    feats.update("c:" + a + b for a, b in zip(chars, chars[1:], strict=False))
    feats.update("c:" + c for c in chars if len(c) == 1)
    for category, score in cue_scores(norm).items():
        feats.add(f"cue:{category}")
        if score >= 2.5:
            feats.add(f"cue:{category}:strong")
    feats.update("risk:" + r for r in reasons)
    feats.add(_length_bucket(len(norm)))
    if norm.isdigit():
        feats.add("shape:digits")  # "1" answering an SMS follow-up: 1 满意 2 基本满意 3 不满意
    if "?" in norm or norm.endswith(("吗", "呢")):
        feats.add("shape:question")
    if not chars:
        feats.add("shape:nochars")
    return sorted(feats)
