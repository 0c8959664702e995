"""Other names of a person already named, for `eqiao.text.redact_names`.

A release may call a party by more than the full name: a nickname or a former name given
beside it (绰号/外号/曾用名/别名…, quoted or not, or written after the name in brackets:
X（绰号）), and, later on, the given name alone where people address or mention one
another (a full name 王建新, then 「建新，过来」 or 和建新一起). These readings find them:

- `marked_aliases`: the span a nickname or former-name marker introduces, and the span
  right before a bracket that holds such a marker (a pseudonym, 化名, is no real name and
  stays, as elsewhere);
- `familiar_names`: 老, 大 or 小 and a surname (老周, 大刘) standing as a name stands
  (below), when it is no ordinary word (老师, 老赖, 大方 stay);
- `given_name_references`: the two-character given name of an accepted full name, where
  every occurrence of it outside the full name stands as a name stands: after a pause, a
  quote or a word of addressing or company (喊, 叫, 和, 跟…) and before a pause, a quote,
  or a word that follows an addressed or named person (你, 说…). An ordinary word used as a
  word elsewhere in the text (建国以来) vetoes it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from eqiao.text.redact_lexicon import COMPOUND_SURNAMES, SURNAMES
from eqiao.text.redact_spans import CJK, has_word, surname_at

_MARKERS = "绰号|外号|诨号|别名|曾用名|小名|乳名"
# The marker, an optional verb or colon and an opening quote, then the alias up to a quote,
# a bracket or a pause.
_MARKED = re.compile(
    f'(?:{_MARKERS})(?:叫|为|是)?[：:]?[“"‘「『]?'
    r"([\u4e00-\u9fff]{2,4}?)"
    r"(?=[”\"’」』）)，,。；;、]|$)"
)
# A name right before a bracket that gives its nickname or former name: X（绰号…）.
_BRACKET_MARKER = re.compile(f"[（(](?:{_MARKERS})")
# A quoted alias followed by a bracket that gives the real name: “X”（本名…, 真名…, 原名…).
_QUOTED_BEFORE_REAL_NAME = re.compile(
    r"[“\"‘「『]([\u4e00-\u9fff]{2,4})[”\"’」』][（(](?:本名|真名|真实姓名|原名|实名)"
)
_FAMILIAR = re.compile(r"[老大小][\u4e00-\u9fff]")
_OLD_WOMAN = re.compile(r"[\u4e00-\u9fff]老太(?:太)?")
_OLD_WORDS = frozenset("师赖巢农花成林牛马路姜汤庄祖翁方相")
_OPENS = frozenset("喊叫和跟与同对问找给让陪")
_FOLLOWS = frozenset("你说呀啊哥姐叔")


def marked_aliases(text: str) -> list[str]:
    """Nicknames and former names the text gives with a marker."""
    out = [m.group(1) for m in _MARKED.finditer(text)]
    out.extend(m.group(1) for m in _QUOTED_BEFORE_REAL_NAME.finditer(text))
    for m in _BRACKET_MARKER.finditer(text):
        end = m.start()
        for length in (3, 2, 4):
            start = end - length
            span = text[start:end]
            if start >= 0 and CJK.fullmatch(span[0]) and all(CJK.match(c) for c in span):
                if surname_at(text, start) is not None:
                    out.append(span)
                    break
    return [a for a in out if len(a) >= 2]


def _stands_as_a_name(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    opens = not before or not CJK.match(before) or before in _OPENS
    closes = not after or not CJK.match(after) or after in _FOLLOWS
    return opens and closes


def familiar_names(text: str) -> list[str]:
    """A surname called familiarly (老周, 大刘), where it stands as a name stands."""
    out = set()
    for m in _FAMILIAR.finditer(text):
        span = m.group()
        if span[1] not in SURNAMES or not _stands_as_a_name(text, m.start(), m.end()):
            continue
        # The dictionary holds most 老 + surname forms (老王, 老周) as names; the words
        # among them are listed. After 大 and 小 a dictionary word is a word (大王, 小张 aside).
        if not (span[1] in _OLD_WORDS if span[0] == "老" else has_word()(span)):
            out.add(span)
    # An old woman called by her surname (村民X老太, 邻居X老太太): the surname makes no word
    # with the character before it.
    for m in _OLD_WOMAN.finditer(text) if "老太" in text else ():
        start = m.start()
        if text[start] in SURNAMES and not (start and has_word()(text[start - 1 : start + 1])):
            out.add(m.group())
    return sorted(out)


def given_name_references(text: str, names: Iterable[str]) -> list[tuple[str, str]]:
    """(full name, given name) for accepted full names whose given name the text also
    uses alone, as a name."""
    out = []
    for name in names:
        surname = name[:2] if name[:2] in COMPOUND_SURNAMES else name[:1]
        given = name[len(surname) :]
        if len(given) != 2 or not all(CJK.match(c) for c in given):
            continue
        alone = [
            m
            for m in re.finditer(re.escape(given), text)
            if text[m.start() - len(surname) : m.start()] != surname
        ]
        if alone and all(_stands_as_a_name(text, m.start(), m.end()) for m in alone):
            out.append((name, given))
    return out
