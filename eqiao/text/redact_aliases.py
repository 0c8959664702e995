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
# A quoted alias the text then gives the real name of: “X”真实姓名为…, “X”本名….
_QUOTED_THEN_IDENTIFIED = re.compile(
    r"[“\"‘「『]([\u4e00-\u9fff]{2,4})[”\"’」』](?=真实姓名|真名|本名|实名)"
)
# A quoted word, and what may follow it: a name right away (以“X”Y为首), or a word that
# identifies (“X”即被告人Y, “X”就是Y); `identified_aliases` asks that Y be a name.
_QUOTED = re.compile(r"[“\"‘「『]([\u4e00-\u9fff]{2,4})[”\"’」』](即|就是|也就是)?")
# What ties a familiar form to the full name right after it: 小X（X某某）, 小X即/本名/名叫….
_TIE = r"(?:[（(]|即|本名|名叫|真名|原名|真实姓名)(?:为|是|叫)?"
_CLAUSE_END = re.compile(r"[，,。；;！？!?\n]")
_FAMILIAR = re.compile(r"[老大小][\u4e00-\u9fff]")
_OLD_WOMAN = re.compile(r"[\u4e00-\u9fff]老太(?:太)?")
_OLD_WORDS = frozenset("师赖巢农花成林牛马路姜汤庄祖翁方相")
# What opens a familiar form: a word of addressing or company, or 的 closing what the person
# does (卖菜的老韩); what closes it: a word said to or by the person, or 我 where a speaker
# names himself so (“老周我开店…”).
_OPENS = frozenset("喊叫和跟与同对问找给让陪的")
_FOLLOWS = frozenset("你我也说呀啊哥姐叔")
# An elder called by surname and a word of respect (甘大娘, 张大爷, 李奶奶): one person.
_ELDER = re.compile(r"[\u4e00-\u9fff](?:大娘|大爷|大妈|大婶|大叔|奶奶|爷爷|婶子)")
# A child called 小 and one character after a kinship word (其孙子小亮, 女儿小雪): a name.
_KIN_CHILD = re.compile(
    r"(?:孙子|孙女|外孙|外孙女|儿子|女儿|侄子|侄女|外甥|外甥女|小儿子|小女儿|弟弟|妹妹)"
    r"(小[\u4e00-\u9fff])(?=[^\u4e00-\u9fff]|的|说|在|也|都|就|又|被|$)"
)
# A name of another people's order (山田健太): its family name and a form of address.
_ADDRESS_AFTER = ("先生", "女士", "小姐")


def marked_aliases(text: str) -> list[str]:
    """Nicknames and former names the text gives with a marker."""
    out = [m.group(1) for m in _MARKED.finditer(text)]
    out.extend(m.group(1) for m in _QUOTED_BEFORE_REAL_NAME.finditer(text))
    out.extend(m.group(1) for m in _QUOTED_THEN_IDENTIFIED.finditer(text))
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


def identified_aliases(text: str, names: Iterable[str]) -> list[tuple[str, str]]:
    """(alias, full name) for a quoted word the text ties to an accepted full name: the
    name right after the closing quote (以“X”Y为首), or after 即/就是 in the same clause
    (“X”即被告人Y). A quoted term defined so (“X”即…) is no alias: no name follows."""
    fulls = [n for n in names if len(n) >= 2]
    out = []
    for m in _QUOTED.finditer(text) if fulls else ():
        alias, tie = m.group(1), m.group(2)
        if tie:
            stop = _CLAUSE_END.search(text, m.end())
            clause = text[m.end() : stop.start() if stop else len(text)]
            found = [n for n in fulls if n != alias and n in clause]
        else:
            found = [n for n in fulls if n != alias and text.startswith(n, m.end())]
        if found:
            out.append((alias, max(found, key=len)))
    return out


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
    # An old woman called by her surname (村民X老太, 邻居X老太太), an elder (X大娘, X大爷):
    # the surname makes no word with the character before it.
    olds = [*(_OLD_WOMAN.finditer(text) if "老太" in text else ()), *_ELDER.finditer(text)]
    for m in olds:
        start = m.start()
        if text[start] in SURNAMES and not (start and has_word()(text[start - 1 : start + 1])):
            out.add(m.group())
    for m in _KIN_CHILD.finditer(text):
        if not has_word()(m.group(1)):
            out.add(m.group(1))
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
        if not alone:
            continue
        # Where the given name is no dictionary word (子涵, 大刚), opening a clause or
        # following a word of addressing is enough: whatever follows is what the person
        # does (X表示…, X主动投案). A word (建国, 振华) must also close as a name does.
        word = has_word()(given)
        if all(
            _stands_as_a_name(text, m.start(), m.end())
            if word
            else _opens_as_a_name(text, m.start())
            for m in alone
        ):
            out.append((name, given))
    return out


def _opens_as_a_name(text: str, start: int) -> bool:
    before = text[start - 1] if start else ""
    return not before or not CJK.match(before) or before in _OPENS


def named_familiar_forms(text: str, names: Iterable[str]) -> list[tuple[str, str]]:
    """(form, full name) for the familiar forms of an accepted full name the text uses:
    小/老 and its surname (小尹 for 尹X), 小/阿 and the last character of its given name
    (小斌, 阿辉 for X文斌, X建辉; doubled, 小林林 for X林林). A form that is a dictionary
    word (小区, 小于, 小马, 老师) is a name only where the text ties it to the full name:
    the name in a bracket right after it, or after 即/本名/名叫/真名/原名."""
    out: list[tuple[str, str]] = []
    for name in names:
        surname = name[:2] if name[:2] in COMPOUND_SURNAMES else name[:1]
        given = name[len(surname) :]
        # Four characters with no compound surname: a family name of two (山田健太), which
        # a form of address may follow (山田先生).
        if len(name) == 4 and len(surname) == 1 and all(CJK.match(c) for c in name):
            out.extend(
                (name[:2] + word, name) for word in _ADDRESS_AFTER if name[:2] + word in text
            )
        if len(surname) != 1 or not 1 <= len(given) <= 2 or surname not in SURNAMES:
            continue
        if not all(CJK.match(c) for c in name):
            continue
        forms = {"小" + surname, "老" + surname, "小" + given[-1], "阿" + given[-1]}
        if len(given) == 2 and given[0] == given[1]:
            forms.add("小" + given)
        rest = text.replace(name, "")
        for form in sorted(forms):
            if form == name or form not in rest:
                continue
            if has_word()(form) and not re.search(re.escape(form) + _TIE + re.escape(name), text):
                continue
            out.append((form, name))
    return out
