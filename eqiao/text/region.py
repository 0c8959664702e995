"""Which county of 聊城市 a message concerns, so intake can route it to an office.

Every gazetteer name is compiled into one trie regex. Each mention votes for its county:
an official county or township name counts more than a short form or alias. The county with
the most votes wins (ties: the one named first). When no county is named but the city is
(聊城, 市院), the answer is 聊城市; otherwise None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from eqiao.text._trie import compile_words
from eqiao.text.gazetteer import CITY_NAME, places

# A weak alias (新区, 清水, 城北) is a common word; it names a place only right before one of
# these suffixes (清水检察室, 新区街道, 城北派出所) or a word that locates (姚寨这边, 王奉俺们村,
# 柳园一带).
_PLACE_SUFFIX = (
    "镇|乡|街道|街办|办事处|检察室|派出所|法庭|村|社区|卫生院|中学|小学|政府|片区|司法所|财政所|"
    "这边|那边|这块|那块|这片|那片|一带|附近|地界|集上|那个|那家|这一?组|(?:俺|我)们?(?:村|庄|那|这)"
)

_WEIGHT_OFFICIAL = 3  # 临清市, 甘官屯镇: unambiguous
_WEIGHT_ALIAS = 2  # 临清, 甘屯: what people write
_WEIGHT_WEAK = 2  # 清水检察室: only counted with a suffix, so as sure as an alias


@dataclass(frozen=True)
class PlaceMatch:
    """A mention of a gazetteer place: its county, the township if any, and the vote."""

    county: str
    township: str | None
    weight: int


@cache
def _matcher() -> tuple[re.Pattern[str], dict[str, PlaceMatch]]:
    table: dict[str, PlaceMatch] = {}
    follow: dict[str, str] = {}
    for p in places():
        township = p.name if p.kind == "township" else None
        entries = [(p.name, _WEIGHT_OFFICIAL, "")]
        entries += [(a, _WEIGHT_ALIAS, "") for a in p.aliases]
        entries += [(a, _WEIGHT_WEAK, _PLACE_SUFFIX) for a in p.weak_aliases]
        for word, weight, need in entries:
            if word in table and not need:
                continue  # first strong row wins, e.g. 东昌 belongs to the county row
            table[word] = PlaceMatch(p.county, township, weight)
            follow[word] = "" if follow.get(word) == "" else need
    return compile_words(follow), table


def find_places(text: str) -> list[PlaceMatch]:
    """Every gazetteer mention in `text` (normalised Simplified Chinese), in order."""
    pattern, table = _matcher()
    return [table[m.group()] for m in pattern.finditer(text)]


def _best_county(matches: list[PlaceMatch]) -> str | None:
    votes: dict[str, int] = {}
    for m in matches:
        if m.county != CITY_NAME:
            votes[m.county] = votes.get(m.county, 0) + m.weight
    if not votes:
        return None
    top = max(votes.values())
    # dicts keep insertion order, so the first county reaching the top vote is the first named
    return next(c for c, v in votes.items() if v == top)


def detect_region(text: str) -> str | None:
    """The county-level unit `text` concerns ("临清市"), "聊城市" if only the city, else None."""
    matches = find_places(text)
    if not matches:
        return None
    county = _best_county(matches)
    if county:
        return county
    return CITY_NAME


def detect_township(text: str) -> tuple[str, str] | None:
    """(county, township) when a township of the winning county is named, for outpost routing."""
    matches = find_places(text)
    county = _best_county(matches)
    for m in matches:
        if m.county == county and m.township:
            return county, m.township
    return None
