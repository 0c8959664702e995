"""The sensitive-word matcher: thousands of words found in one pass (Aho-Corasick,
`ahocorasick-rs`), in Simplified and Traditional alike.

Each word is compiled in its Simplified form and its OpenCC Traditional forms (s2t, s2hk,
s2tw), and the text is searched as written, so every offset is an offset in the text the
reviewer sees; a phrase whose Traditional form OpenCC spells differently per region is
found in each. No Django here: `benchmarks/publishing_wordlist.py` times it alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import ahocorasick_rs
import opencc


@dataclass(frozen=True)
class WordHit:
    word: str  # the list's (Simplified) entry
    start: int
    end: int
    matched: str  # as written in the text


@cache
def _converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def variants(word: str) -> set[str]:
    """The word and its Traditional spellings."""
    forms = {word}
    for config in ("s2t", "s2hk", "s2tw", "t2s"):
        forms.add(_converter(config).convert(word))
    return {f for f in forms if f}


class WordMatcher:
    """Built once per list (see `matcher_for`); `find(text)` is one pass over the text."""

    def __init__(self, words: Iterable[str]):
        patterns: list[str] = []
        owners: list[str] = []
        seen: set[str] = set()
        for word in words:
            word = word.strip()
            if not word:
                continue
            for form in sorted(variants(word)):
                if form not in seen:
                    seen.add(form)
                    patterns.append(form)
                    owners.append(word)
        self._owners = owners
        self._patterns = patterns
        self._automaton = (
            ahocorasick_rs.AhoCorasick(patterns, matchkind=ahocorasick_rs.MatchKind.LeftmostLongest)
            if patterns
            else None
        )

    def __len__(self) -> int:
        return len(self._patterns)

    def find(self, text: str) -> list[WordHit]:
        if self._automaton is None or not text:
            return []
        return [
            WordHit(word=self._owners[i], start=start, end=end, matched=text[start:end])
            for i, start, end in self._automaton.find_matches_as_indexes(text)
        ]


@cache
def matcher_for(words: tuple[str, ...]) -> WordMatcher:
    """One compiled matcher per distinct list (the list's version is its content)."""
    return WordMatcher(words)
