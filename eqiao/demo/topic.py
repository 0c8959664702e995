"""The shape of a demo topic: what citizens write about one kind of matter, how staff
answer, and the lead it may yield. The topics themselves are in `topics.py` (money and daily
life), `topics_legal.py` (reports, appeals, aid, lawyers) and `topics_questions.py` (everyday
consultations).

Texts are `str.format` templates over the slots `generate.py` fills ({intro}, {county},
{town}, {village}, {company}, {amount}, …). They are demo data, not interface strings: they
are not translated.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Result:
    outcome: str
    text: str
    weight: int = 1


@dataclass(frozen=True)
class LeadPlan:
    kind: str
    summary: str
    share: float  # how often a petition of the topic yields the lead
    outcomes: tuple[tuple[str, str, int], ...]  # (outcome or "" for still open, note, weight)


@dataclass(frozen=True)
class Topic:
    key: str
    kind: str
    weight: int
    level: str  # where it is usually handled: "outpost", "county" or "city"
    texts: tuple[tuple[str, str], ...]  # (title, content)
    procedural: str
    results: tuple[Result, ...]
    lead: LeadPlan | None = None
    channels: tuple[str, ...] = ()  # the likely channels; empty means any
    anonymous_share: float = 0.0
    quick: bool = False  # answered at once: the answer is the result
    note: str = ""  # an internal note while handling


PROCEDURAL = (
    "您好，您反映的问题我们已收到并受理，已交{office}办理。承办干警将与您联系核实情况，"
    "办理结果将在三个月内答复您。"
)
