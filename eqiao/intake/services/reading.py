"""Reading a petition with the text engine, without ever losing the petition to it.

If the engine fails (a missing model file, a bug on odd input), the petition is still
accepted, at medium risk with a reason that asks a person to assess it, and the error is
logged: a citizen's request must not be refused because a classifier broke."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from eqiao.text import analyze, assess_risk, detect_region
from eqiao.text.normalize import normalize

log = logging.getLogger(__name__)
ENGINE_FAILED_REASON = "自动研判失败，请人工研判"


@dataclass(frozen=True)
class Reading:
    category: str
    risk: str
    reasons: tuple[str, ...]
    region: str | None


def text_read(text: str) -> Reading:
    try:
        result = analyze(text)
    except Exception:
        log.exception("text engine failed on a petition; accepted for manual assessment")
        return Reading(category="", risk="medium", reasons=(ENGINE_FAILED_REASON,), region=None)
    return Reading(
        category=result.category or "",
        risk=str(result.risk),
        reasons=tuple(str(r) for r in result.reasons),
        region=result.region,
    )


def text_region(text: str) -> str | None:
    """The place the text names (for routing), or None; a failure of the engine is logged
    and gives None (the petition goes to the default office). About a hundredth of a
    millisecond: cheap enough for the request, where the whole reading is not."""
    try:
        return detect_region(normalize(text))
    except Exception:
        log.exception("text engine failed to find a region; routed to the default office")
        return None


# A petition-like text that passes through every analyser (risk rules, classifier, region,
# sentiment), so that each loads its model.
_WARM_UP_TEXT = "冠县清水镇的老板拖欠我们工资半年了，再不给我们就去北京上访。"


def text_engine_preload() -> None:
    """Load the text engine's models now (at process start: `config.wsgi`), not on the first
    petition, which would wait for them. A failure is logged, never raised: the engine is
    read again (and its failure handled) on each petition."""
    try:
        analyze(_WARM_UP_TEXT)
    except Exception:
        log.exception("text engine failed to load at start; petitions will be read later")


def text_risk(text: str) -> tuple[str, list[str]]:
    try:
        result = assess_risk(text)
    except Exception:
        log.exception("text engine failed on a citizen message; flagged for manual assessment")
        return "medium", [ENGINE_FAILED_REASON]
    return str(result.level), [str(r) for r in result.reasons]
