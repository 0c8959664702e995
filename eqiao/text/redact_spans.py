"""Where a name can be, for `eqiao.text.redact_names`: the tagger's reading of a text, and
the span a surname and its given name take (张小明 in 被告人张小明驾驶 is 张小明, 高明 in
高明利用 is 高明). Whether a span is a name is for `redact_names` to weigh.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from eqiao.text.redact_lexicon import (
    COMPOUND_SURNAMES,
    CUE_WORDS,
    ENDS_NAME,
    INSTITUTION_END,
    NAME_VERBS,
    NOT_GIVEN,
    PLACE_AFTER,
    PLACE_CHARS,
    SURNAMES,
    alternation,
)

CJK = re.compile(r"[\u4e00-\u9fff]")

_CUE_AT = re.compile(alternation(list(CUE_WORDS)))
# A verb of two or more characters right after the first given-name character ends the
# name there (高明利用, 文静接到), when the tagger starts that word there too.
_LONG_VERB_AFTER = re.compile(f"(?:{alternation([v for v in NAME_VERBS if len(v) >= 2])})")
_NUMERALS = frozenset("一二三四五六七八九十两")
_AND_CLOSES = re.compile(f"[、，。；：,;]|不|没|未|{_LONG_VERB_AFTER.pattern}")


@cache
def tagger() -> Callable[[str], list[tuple[str, str]]]:
    """Part-of-speech tagging with the engine's segmenter (domain words known)."""
    try:
        from eqiao.text.segment import segmenter

        return segmenter().tag
    except ImportError:  # pragma: no cover - only when the package is used piecemeal
        import rjieba

        return rjieba.tag


@cache
def has_word() -> Callable[[str], bool]:
    try:
        from eqiao.text.segment import segmenter

        return segmenter().has_word
    except ImportError:  # pragma: no cover
        import rjieba

        return rjieba.Jieba().has_word


@cache
def _places_by_first_char() -> dict[str, tuple[str, ...]]:
    """Gazetteer names and aliases by first character: 高唐县 is no 高某某."""
    try:
        from eqiao.text.gazetteer import places
    except ImportError:  # pragma: no cover
        return {}
    names: dict[str, set[str]] = {}
    for p in places():
        for name in (p.name, p.short, *p.aliases):
            if len(name) >= 2:
                names.setdefault(name[0], set()).add(name)
    return {k: tuple(sorted(v, key=len, reverse=True)) for k, v in names.items()}


def surname_at(text: str, p: int) -> str | None:
    if text[p : p + 2] in COMPOUND_SURNAMES:
        return text[p : p + 2]
    return text[p] if text[p] in SURNAMES else None


@dataclass(frozen=True)
class Tokens:
    """The tagger's segmentation of one text: where words start and end, and names."""

    starts: dict[int, int]  # start → end of every word
    flags: dict[int, str]  # start → part-of-speech tag of the word
    inside: frozenset[int]  # positions strictly inside a word of two or more characters
    names: dict[int, int]  # start → end of words tagged as person names
    ends: tuple[int, ...]  # position → end of the word holding it
    heads: tuple[int, ...]  # position → start of the word holding it

    @classmethod
    def of(cls, text: str) -> Tokens:
        starts: dict[int, int] = {}
        flags: dict[int, str] = {}
        names: dict[int, int] = {}
        inside: set[int] = set()
        ends: list[int] = []
        heads: list[int] = []
        at = 0
        for word, flag in tagger()(text):
            end = at + len(word)
            starts[at] = end
            flags[at] = flag
            inside.update(range(at + 1, end))
            ends.extend([end] * len(word))
            heads.extend([at] * len(word))
            if flag.startswith("nr"):
                names[at] = end
            at = end
        return cls(starts, flags, frozenset(inside), names, tuple(ends), tuple(heads))

    def starts_word(self, at: int) -> bool:
        """True when a word of two or more characters starts at `at`."""
        return self.starts.get(at, at) - at >= 2


def name_end(text: str, p: int, surname: str, tokens: Tokens) -> int | None:
    """End of the name starting at p, or None when no given name follows the surname."""
    g = p + len(surname)
    c1 = text[g : g + 1]
    if not c1 or not CJK.match(c1) or c1 in NOT_GIVEN or c1 in PLACE_CHARS:
        return None
    c2 = text[g + 1 : g + 2]
    # A given name ending in 和 (鲍春和、, 戚永和不…, 熊立和驾驶): 和 that starts no word and
    # stands before a pause, a negation or a verb that follows names is no "and".
    if c2 == "和" and tokens.starts.get(g + 1, g + 2) == g + 2 and _AND_CLOSES.match(text, g + 2):
        return g + 2
    # A numeral before 人 or 名 counts people (X、Y、冷秋三人): no part of the name.
    if not c2 or not CJK.match(c2) or c2 in ENDS_NAME or c2 in PLACE_CHARS:
        return g + 1
    if c2 in _NUMERALS and text[g + 2 : g + 3] in ("人", "名"):
        return g + 1
    if c2 == "某":
        return None  # already redacted: 张某某
    verb = _LONG_VERB_AFTER.match(text, g + 1)
    if verb and tokens.starts.get(g + 1) == verb.end() and tokens.names.get(p) != g + 2:
        return g + 1  # 高明利用, 文静接到
    c3 = text[g + 2 : g + 3]
    if _closes_before(text, p, g, tokens):
        return g + 1  # 李强使用…, 周丽既要…: the name closes before a word of its own
    if not c3 or not CJK.match(c3) or c3 in ENDS_NAME or c1 == c2:
        return g + 2  # 程志勇于…, 钱多多
    if tokens.starts_word(g + 1):
        return g + 1  # 黄明驾驶, 邵华通过: the next word starts after one character
    return g + 2


# The closing edge of a one-character given name: the tagger reads what follows as a word of
# its own that a name does not run into — a verb, an adverb, a time word or a conjunction of
# two characters ending in a character that ends names (使用, 侵犯, 并且), or a one-character
# conjunction (既) — after a surname and given name the tagger calls a name.
_CLOSING_WORD_TAGS = re.compile(r"^(?:v|vd|c)$")


def _closes_before(text: str, p: int, g: int, tokens: Tokens) -> bool:
    at = g + 1
    if at not in tokens.starts or tokens.names.get(p, 0) > at:
        return False
    flag = tokens.flags.get(at, "")
    if tokens.names.get(p) != at:
        return False
    if tokens.starts[at] == at + 2 and text[at + 1] in ENDS_NAME:
        # Not 于/以/为 after the word: 唐志勇为…, 霍金龙以… keep their third character; nor
        # a document number's abbreviation (…检刑诉〔2024〕).
        return (
            bool(_CLOSING_WORD_TAGS.match(flag))
            and text[at + 1] not in "于以为在"
            and text[at + 2 : at + 3] not in "〔[（("
        )
    return tokens.starts[at] == at + 1 and flag == "c" and text[at] not in "和"


def is_place(text: str, p: int, end: int) -> bool:
    if text[end : end + 1] in PLACE_AFTER:
        return True
    return any(text.startswith(name, p) for name in _places_by_first_char().get(text[p], ()))


def free(start: int, end: int, blocked: bytearray) -> bool:
    """True when no position of [start, end) is taken (a mask: long texts stay linear)."""
    return not any(blocked[start:end])


def name_at(
    text: str, p: int, tokens: Tokens, blocked: bytearray, *, cued: bool = False
) -> int | None:
    """End of a possible name at p: a surname, a given name, not a place, not blocked, and
    not starting inside a word (公安局 holds no 安局) unless a cue ends right there and the
    word ends with the surname or is called a name (the tagger glues 申诉人单立国 into
    申诉/人单/立国, but 主管部门 holds no 管部门 after 业主)."""
    surname = surname_at(text, p)
    if surname is None:
        return None
    glued = tokens.ends[p] <= p + len(surname) or tokens.heads[p] in tokens.names
    if p in tokens.inside and not (cued and glued):
        return None
    end = name_end(text, p, surname, tokens)
    if end is None or not free(p, end, blocked) or is_place(text, p, end):
        return None
    if text[end - 1] in INSTITUTION_END or text[p + len(surname) + 1 : end] == surname:
        return None  # 鲍翅馆; 查一查
    cue = _CUE_AT.match(text, p)
    if cue and cue.end() >= end:
        return None  # 申请人, 司机, 房东: a cue is no name
    if tokens.names.get(p) != end and _reads_as_words(
        text, p, p + len(surname), end, tokens, cued=cued
    ):
        return None
    return end


# Tags of words that are not names: verbs, adverbs, prepositions, conjunctions, particles,
# pronouns. After a cue, a surname the tagger reads as a verb (戴, 管, 查) is still a
# surname; one it reads as a preposition (向, 于) is not.
_FUNCTION_TAGS = re.compile(r"^(?:v|vd|vn|vg|d|p|c|u\w*|r|ad|q)$")
_GRAMMAR_TAGS = re.compile(r"^(?:p|c|u\w*|r)$")
NOT_SURNAME_TAGS = re.compile(r"^(?:n|t|f|s|m|q|a|ad|v|vd|vn|d|p|c|u\w*|r)$")


def _reads_as_words(text: str, p: int, g: int, end: int, tokens: Tokens, *, cued: bool) -> bool:
    """True when the tagger reads text[p:end] as ordinary words, not surname + given name:
    one verb-like word (民警查获), a word running past the span (公安机关 holds no 公安机),
    a function-word surname before a dictionary word (申请人向法院), or a given name that
    opens a longer word (申请人向检察院) the tagger does not call a name."""
    if tokens.starts.get(p) == end and _FUNCTION_TAGS.match(tokens.flags[p]):
        return True
    if tokens.starts.get(p, p) > end and p not in tokens.names:
        return True
    if tokens.starts.get(g, g) - g >= 3 and g not in tokens.names:
        return True
    if tokens.starts.get(g) == end == g + 1 and _GRAMMAR_TAGS.match(tokens.flags[g]):
        return True  # 申诉人曾向法院: a preposition is no given name
    inner = surname_at(text, g) if tokens.flags.get(p) == "p" and tokens.starts[p] == g else None
    if inner and (name_end(text, g, inner, tokens) or 0) > end:
        return True  # 向卞小龙借款 is no 向卞, though 商人于洪波 is 于洪波
    surname_tags = _GRAMMAR_TAGS if cued else _FUNCTION_TAGS
    if tokens.starts.get(p) == g and surname_tags.match(tokens.flags[p]):
        return has_word()(text[g:end]) and tokens.names.get(g) != end
    # A verb the surname opens, ending inside the name: 朋友相中这一款.
    word_end = tokens.starts.get(p, p)
    return g < word_end < end and bool(_FUNCTION_TAGS.match(tokens.flags[p]))
