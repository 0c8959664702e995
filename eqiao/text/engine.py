"""Interim rule engine so intake can run while the full engine is being written; the text
engine issue replaces this module with the measured classifier, risk model and gazetteer."""

from __future__ import annotations

import re
from dataclasses import dataclass

_COUNTIES = {
    "东昌府区": ("东昌府", "东昌", "新区", "市南", "城北"),
    "临清市": ("临清", "临东", "松林"),
    "阳谷县": ("阳谷",),
    "莘县": ("莘县",),
    "茌平区": ("茌平",),
    "东阿县": ("东阿",),
    "冠县": ("冠县", "清水", "甘官屯", "甘屯"),
    "高唐县": ("高唐",),
}
_HIGH = re.compile(r"(上访|越级|进京|集体|自杀|跳楼|堵路|拉横幅|同归于尽)")
_NEGATED = re.compile(r"(不会|不去|不想|没有打算).{0,4}(上访|闹事)|程序是什么|怎么上访")


@dataclass(frozen=True)
class RiskAssessment:
    level: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Analysis:
    category: str
    risk: str
    reasons: tuple[str, ...]
    region: str | None
    sentiment: str


def detect_region(text: str) -> str | None:
    for county, names in _COUNTIES.items():
        if any(name in text for name in names):
            return county
    return "聊城市" if "聊城" in text else None


def assess_risk(text: str) -> RiskAssessment:
    if _HIGH.search(text) and not _NEGATED.search(text):
        return RiskAssessment("high", ("扬言上访或过激行为",))
    return RiskAssessment("low", ())


def classify(text: str) -> str:
    for category, words in (
        ("report", ("举报", "受贿", "贪污")),
        ("appeal", ("申诉", "判决", "不服")),
        ("aid", ("救助", "困难")),
        ("consultation", ("咨询", "请问", "怎么办")),
    ):
        if any(w in text for w in words):
            return category
    return "complaint"


def analyze(text: str) -> Analysis:
    risk = assess_risk(text)
    return Analysis(classify(text), risk.level, risk.reasons, detect_region(text), "neutral")
