"""Person names in case releases and legal documents, for `eqiao.text.redact`.

A name is a surname (one character, or two: 欧阳, 诸葛) and a one- or two-character given
name. A position where a surname starts becomes a name when there is evidence:

1. a cue before it: a role in the case (被告人, 犯罪嫌疑人, 被害人, 申诉人, 证人…), a
   description (村民, 农民工, 妻子, 邻居…, any "…者", a cue and 的) or an official title
   (检察长, 检察官…), optionally with a colon;
2. a cue after it: "，男，", "（女，", "，56岁", "老人", or an official title (王学军检察长);
3. the tagger's part-of-speech `nr` (person name) on exactly this span, when the span is no
   dictionary word (the tagger calls 黄牛, 谢谢 and 麦当劳 names too) and what follows is
   what follows names (a verb, a preposition, 的, the end of a clause);
4. its shape: a surname and two given-name characters that are no dictionary word, the
   surname standing alone in the tagger's reading, followed by a name verb (韩春雷在…);
5. the list it is in: 王强、李军和赵小红 with one accepted name (after 和 and 及 no ordinary
   word: 李军和平安), or any list of two or more surname-initial items ending in 等人 or
   等N人 (组织邵建华、邵建国、祁大鹏等人);
6. a frame around it, for a span that is no dictionary word: 被罗长顺打成, 由白天明驾驶,
   造成白天明受伤, 从苏海涛处, 卖给于洪波, 向邬秀云借款 (`redact_lexicon.FRAMES`).

An ordinary word after a cue (被告人万里, 检察官白云, but not 民警查获 or 丈夫车祸) needs a
role and something more (a gender, a name verb, the tagger, 等人), a description with a
gender or 等人, or a title and the tagger's agreement. Every other occurrence of an
accepted name is then found too. Where the given name ends is `redact_spans.name_end`.

Names without a Chinese surname: a transliterated name with a middle dot (买买提·吐尔逊 →
买某某·吐某某), or a word the tagger calls a name right after a role or a description
(女子阿依古丽). A name written as a pseudonym (张丽（化名）) is no real name and stays.

A name is in an official role when an official title is right before or after it, the
title is not a former one (原局长, 时任副局长), and the same name is never introduced as a
party. A village cadre (村委会主任) is in an official role only where no sentence naming
them speaks of a wrong done. Lawyers, 人大代表 and 政协委员 count as official roles.

Measured on `tests/data/redaction_cases.jsonl` (146 releases, 592 name occurrences): see
eqiao/text/NOTES.md, "Redaction: fresh set A".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from eqiao.text.name_model import recogniser
from eqiao.text.redact_aliases import (
    familiar_names,
    given_name_references,
    identified_aliases,
    marked_aliases,
    named_familiar_forms,
)
from eqiao.text.redact_lexicon import (
    COMPOUND_SURNAMES,
    COUNTRIES,
    CUE_WORDS,
    DESCRIPTOR_CUES,
    ENDS_NAME,
    FRAMES,
    INSTITUTION_END,
    NAME_VERBS,
    NOT_GIVEN,
    OFFICIAL_TITLES,
    OTHER_NATIONALITY_PARTS,
    PARTY_CUES,
    PEOPLE_AFTER,
    PLACE_AFTER,
    ROLE_CUES,
    SURNAMES,
    alternation,
    is_pseudonym,
)
from eqiao.text.redact_spans import (
    CJK,
    NOT_SURNAME_TAGS,
    Tokens,
    free,
    has_word,
    is_place,
    name_at,
    surname_at,
)

# 前 as "former" (前局长, 前某局局长), not the 前 of 前来, 门前, 前往.
_FORMER = re.compile(
    r"(?:原|时任|前任|曾任|(?<![来往门面之以])前(?![来往去面后天日年段期夕]))(?:[^\W\d_]{0,10}?)$"
)

_GENDER_AFTER = re.compile(
    r"[，,（(](?:男|女|\d{1,3}岁|作案时)|老人|老汉|大爷|大妈|阿姨|女士|先生|夫妇"
)
_CLAUSE_END = re.compile(r"[，。、；：！？,;:!?）)]|$")


@dataclass(frozen=True)
class NameSpan:
    """A name found at text[start:end]; `official` when named in an official role."""

    start: int
    end: int
    text: str
    surname: str
    official: bool

    @property
    def replacement(self) -> str:
        if "·" in self.text:  # 买买提·吐尔逊 → 买某某·吐某某
            return "·".join(part[:1] + "某" * (len(part) - 1) for part in self.text.split("·"))
        return self.surname + "某" * (len(self.text) - len(self.surname))


_ROLE_BEFORE = re.compile(f"(?:{alternation(ROLE_CUES)})[:：]?$")
_DESCRIPTOR_BEFORE = re.compile(f"(?:{alternation(DESCRIPTOR_CUES)})[:：]?$")
# Weaker: any "…者" (醉驾者, 求职者) or a cue and 的 (邻桌的): evidence only for a span
# that is no ordinary word ("求职者钱财" is no 钱某).
_WEAK_PARTY_BEFORE = re.compile(f"(?:(?:{alternation(PARTY_CUES)})的|[^\\W\\d_]{{1,3}}者)$")
# Teachers and a workshop's heads are no state officials: 班主任钟文丽 is named.
# So are the heads of a private body (养老院院长, 公司…主任).
_NOT_OFFICIAL_ROLE = re.compile(r"(?:班|车间|教研|病区|养老院|敬老院|福利院|幼儿园|公司|企业)$")
# A village cadre (村委会主任, 村党支部书记, 驻村第一书记) holds a public office: named in
# that role, acting in it (signing a procuratorial proposal, mediating, putting a matter
# right), they are kept with keep_officials like an official; the cadre a release accuses
# (`_WRONGDOING` in a sentence naming them, or `_accused`) is a party, as are the former
# ones. (农村 and 乡村 in an agency's name are no village: 农业农村局执法人员.)
_VILLAGE_ROLE = re.compile(r"(?<![农乡])村[^\W\d_]{0,5}$")
_WRONGDOING = re.compile(
    r"贪污|侵占|挪用|截留|虚报|冒领|侵吞|私分|克扣|套取|骗取|索取|收受|受贿|行贿|贿赂|好处费|现金|"
    r"涉嫌|犯罪|违法|违纪|举报|控告|殴打|非法|另案处理|被告|嫌疑|立案|留置|处分|判处|罪"
)
# "副局长的熊卫国": a title and 的 still introduce the name; so does a title and a space, as
# a signature is often set (检察员 X, 公诉人 X).
_TITLE_BEFORE = re.compile(f"(?:{alternation(OFFICIAL_TITLES)})(?:[:：]|的|[ \u3000]{{1,2}})?$")
# The office's own contact person in its notices (联系人：X 联系电话…, where the office speaks
# of itself as 本院 or publishes a notice): a staff member acting in office, no party.
_CONTACT_BEFORE = re.compile(r"联系人[:：]?[ \u3000]?$")
_CONTACT_PHONE_AFTER = re.compile(r"[，, \u3000]?(?:联系)?(?:电话|方式)")
_OFFICE_SPEAKS = re.compile(r"本院|公告|检察院")


def _office_contact(text: str, head: str, end: int) -> bool:
    return bool(
        _CONTACT_BEFORE.search(head)
        and _CONTACT_PHONE_AFTER.match(text, end)
        and _OFFICE_SPEAKS.search(text)
    )


_TITLE_AFTER = re.compile(f"(?:{alternation(OFFICIAL_TITLES)}|同志)")
# "承办检察官为X。": a title, 为 or 是, and a name that closes the clause names the holder.
_TITLE_IS_BEFORE = re.compile(f"(?:{alternation(OFFICIAL_TITLES)})(?:为|是)$")
_CUE_PATTERNS = (_ROLE_BEFORE, _DESCRIPTOR_BEFORE, _WEAK_PARTY_BEFORE, _TITLE_BEFORE)
_VERB_AFTER = re.compile(f"(?:{alternation(NAME_VERBS)})")
_SURNAME_INITIALS = SURNAMES | {s[0] for s in COMPOUND_SURNAMES}


@dataclass(frozen=True)
class _Evidence:
    party: bool  # a role, description or former official's title introduces it
    official: bool  # an official title right before or after it
    accepted: bool  # enough evidence that it is a name
    village: bool = False  # the title is a village cadre's


_PARTY = _Evidence(party=True, official=False, accepted=True)


@dataclass(frozen=True)
class _Span:
    """What the tagger and the dictionary say about a candidate text[p:end]."""

    tagged: bool  # the tagger reads exactly this span as a person name
    plain: bool  # an ordinary dictionary word (a tagged three-character one is a name)
    verb_after: bool  # followed by a verb that usually follows a name


def _framed(text: str, head: str, end: int) -> bool:
    """True when the words around the span are those around a name (由白天明驾驶)."""
    return any(b.search(head) and a.match(text, end) for b, a in FRAMES)


def _evidence(text: str, p: int, end: int, span: _Span) -> _Evidence:
    """Weigh the cues around text[p:end]. An ordinary word (万里, 高峰, 白云) is a name only
    after a role with something more (a gender, a verb, the tagger, 等人), after a
    description with a gender or 等人, or after a title when the tagger agrees; anything
    else needs one cue or one frame."""
    head = text[max(0, p - 14) : p]
    after = text[end : end + 6]
    title = _TITLE_BEFORE.search(head)
    if title is None and _CLAUSE_END.match(text, end):
        title = _TITLE_IS_BEFORE.search(head)
    before_title = head[: title.start()][-6:] if title else ""
    former = bool(
        title and (_FORMER.search(before_title) or _NOT_OFFICIAL_ROLE.search(before_title))
    )
    village = bool(title and not former and _VILLAGE_ROLE.search(before_title))
    contact = _office_contact(text, head, end)
    role = bool(_ROLE_BEFORE.search(head)) and not contact
    described_by = _DESCRIPTOR_BEFORE.search(head)
    # 人大代表 is a title, though it ends in the description 代表.
    described = bool(described_by and not (title and described_by.start() >= title.start()))
    descriptor = described or bool(_WEAK_PARTY_BEFORE.search(head))
    gender = bool(_GENDER_AFTER.match(after) or PEOPLE_AFTER.match(after))
    title_after = bool(_TITLE_AFTER.match(after))
    if span.plain:
        more = gender or span.verb_after or span.tagged
        accepted = (role and more) or (described and gender) or (bool(title) and span.tagged)
        title_after = False  # 谢谢检察官
    else:
        accepted = role or descriptor or bool(title) or gender or title_after
        accepted = accepted or _framed(text, head, end)
    return _Evidence(
        party=role or descriptor or former,
        official=bool((title and not former) or title_after or contact),
        accepted=accepted or contact,
        village=village,
    )


def _candidates(text: str, tokens: Tokens, blocked: bytearray) -> dict[str, list[_Evidence]]:
    """Names with evidence, each with the evidence of every place it was accepted."""
    accepted: dict[str, list[_Evidence]] = {}
    p = 0
    while p < len(text):
        if text[p] not in _SURNAME_INITIALS:
            p += 1
            continue
        cued = _introduced(text[max(0, p - 14) : p])
        end = name_at(text, p, tokens, blocked, cued=cued)
        if end is None:
            p += 1
            continue
        name = text[p:end]
        g = end - len(_given_name(name))
        # A compound surname the tagger splits off (令狐/秋菊): the given name's tag counts.
        tagged = tokens.names.get(p) == end or (g - p == 2 and tokens.names.get(g) == end)
        dictionary = has_word()(name)
        span = _Span(
            tagged=tagged,
            # The tagger tags some two-character words as names (钱财, 谢谢); a tagged
            # three-character dictionary word is a (well-known) name.
            plain=dictionary and not (tagged and end - p >= 3),
            verb_after=bool(_VERB_AFTER.match(text, end)),
        )
        evidence = _evidence(text, p, end, span)
        # The tagger alone: a three-character name, or a two-character one followed by a
        # verb that follows names (黄明驾驶); never an ordinary word or a role word.
        by_pos = (
            tagged
            and not dictionary  # the tagger calls 麦当劳, 许可证 and 谢谢 names too
            and _followed_like_a_name(text, end, tokens, long=end - p >= 3)
        )
        # A surname + two-character given name the tagger missed (韩春雷在…, 贝恩泽说):
        # no dictionary word, followed by a name verb, and the surname standing alone with
        # a tag a surname gets (时 'n' in 刷卡时突然 is no surname).
        by_shape = (
            end - g == 2
            and span.verb_after
            and not dictionary
            and tokens.starts.get(p) == g
            and not NOT_SURNAME_TAGS.match(tokens.flags[p])
        )
        if evidence.accepted or by_pos or by_shape:
            accepted.setdefault(name, []).append(evidence)
            p = end
            continue
        p += 1
    return accepted


def _given_name(name: str) -> str:
    return name[2:] if name[:2] in COMPOUND_SURNAMES else name[1:]


# What the tagger says follows a name: a verb, a preposition, an adverb, a conjunction,
# or (after a full three-character name) 的 or the end of a clause; two-character words
# the tagger calls names are often not (蓝屏，), so they need a verb.
_FOLLOWER_TAGS = re.compile(r"^(?:v|vn|vd|p|d|c)$")


def _followed_like_a_name(text: str, end: int, tokens: Tokens, *, long: bool) -> bool:
    if _VERB_AFTER.match(text, end) or (long and _CLAUSE_END.match(text, end)):
        return True
    flag = tokens.flags.get(end, "")
    return bool(_FOLLOWER_TAGS.match(flag)) or (long and flag == "uj")


# -- lists --------------------------------------------------------------------------------

_SEPARATOR = re.compile(r"、|以及|和|及")
_SEPARATOR_BEFORE = re.compile(r"(?:、|以及|和|及)$")
_FRAME_BEFORE = tuple(before for before, _ in FRAMES)


def _plain(text: str, start: int, end: int, tokens: Tokens) -> bool:
    return has_word()(text[start:end]) and tokens.names.get(start) != end


_INTRODUCED = re.compile(
    "(?:" + "|".join(f"(?:{r.pattern[:-1]})" for r in _CUE_PATTERNS + _FRAME_BEFORE) + ")$"
)


def _introduced(head: str) -> bool:
    """True when a cue or the opening of a frame ends `head` (司机柏林, 组织邵建华)."""
    return _INTRODUCED.search(head) is not None


def _item_before(text: str, stop: int, tokens: Tokens, blocked: bytearray) -> int | None:
    """Start of a list item ending at `stop`: a surname and a given name, preferring the
    reading that a cue, a separator or punctuation opens (司机柏林, not 机柏林)."""
    fallback = None
    for length in (3, 2, 4):
        q = stop - length
        if q < 0:
            continue
        head = text[max(0, q - 14) : q]
        if name_at(text, q, tokens, blocked, cued=_introduced(head)) != stop:
            continue
        if q == 0 or not CJK.match(text[q - 1]) or _SEPARATOR_BEFORE.search(head):
            return q
        if _introduced(head):
            return q
        fallback = q if fallback is None else fallback
    return fallback


def _neighbours(text: str, start: int, end: int, tokens: Tokens, blocked: bytearray) -> list[str]:
    """Items listed before and after text[start:end] (王强、李军和赵小红). After 和 and 及 an
    ordinary word is no item (李军和平安); after 、 it is one (柏林、夏雨)."""
    items: list[str] = []
    while sep := _SEPARATOR.match(text, end):
        q = sep.end()
        item_end = name_at(text, q, tokens, blocked, cued=True)
        if item_end is None or (sep.group() != "、" and _plain(text, q, item_end, tokens)):
            break
        items.append(text[q:item_end])
        end = item_end
    while sep := _SEPARATOR_BEFORE.search(text, max(0, start - 2), start):
        before = _item_before(text, sep.start(), tokens, blocked)
        if before is None or (sep.group() != "、" and _plain(text, before, sep.start(), tokens)):
            break
        items.append(text[before : sep.start()])
        start = before
    return items


_COUNTS = {c: i for i, c in enumerate("零一二三四五六七八九十", 0)} | {"两": 2}
_COUNT_AFTER = re.compile(r"(?<![等第])([二三四五六七八九十两])[名个]?人(?![员民])")


def _listed(
    text: str, tokens: Tokens, blocked: bytearray, found: dict[str, list[_Evidence]]
) -> None:
    """Add the names listed with an accepted one, and every item of a list of two or more
    surname-initial items ending in 等人 or 等N人 (组织邵建华、邵建国、祁大鹏等人)."""
    closers = [(m.start(), 0) for m in PEOPLE_AFTER.finditer(text)]
    closers += [(m.start(), _COUNTS[m.group(1)]) for m in _COUNT_AFTER.finditer(text)]
    for stop, count in closers:
        items: list[tuple[int, int]] = []
        while (q := _item_before(text, stop, tokens, blocked)) is not None:
            items.append((q, stop))
            sep = _SEPARATOR_BEFORE.search(text, max(0, q - 2), q)
            if sep is None:
                break
            stop = sep.start()
        # A list closed by a count without 等 (X、Y、Z三人): as many items as the count.
        if len(items) >= 2 and count in (0, len(items)):
            for q, stop in items:
                found.setdefault(text[q:stop], []).append(_PARTY)
    for _ in range(3):  # a list may join two lists
        new = False
        for name, evidence in list(found.items()):
            for m in re.finditer(re.escape(name), text):
                for item in _neighbours(text, m.start(), m.end(), tokens, blocked):
                    new = new or item not in found
                    if evidence[0] not in found.setdefault(item, []):
                        found[item].append(evidence[0])  # 检察官王晓丽、李红梅: both kept
        if not new:
            break


# -- names without a surname --------------------------------------------------------------

# Transliterated names: two runs of characters joined by a middle dot (买买提·吐尔逊).
_DOTTED = re.compile(r"([\u4e00-\u9fff]{2,12})[·・•‧]([\u4e00-\u9fff]{2,12})")
_ANY_CUE = re.compile(
    "|".join(
        [alternation(PARTY_CUES + OFFICIAL_TITLES)] + [b.pattern.rstrip("$") for b in _FRAME_BEFORE]
    )
)
_OPENS_NO_NAME = frozenset("的将把被由向给与和及在对是为")


def _dotted_matches(text: str) -> list[re.Match[str]]:
    """Every middle dot with the runs of characters either side of it: overlapping, so the
    right run of one name (吐尔洪与被害人努尔古丽) is also the left run of the next."""
    found = []
    for dot in re.finditer(r"[·・•‧]", text):
        start = dot.start()
        while start > 0 and dot.start() - start < 12 and CJK.match(text[start - 1]):
            start -= 1
        m = _DOTTED.match(text, start)
        if m and m.end(1) == dot.start():
            found.append(m)
    return found


def _dotted_name(text: str, m: re.Match[str], tokens: Tokens) -> tuple[int, int] | None:
    """The span of a transliterated name around a middle dot: the left run after the last
    cue in it, the right run up to a verb or a character that ends names."""
    start = m.start(1)
    for cue in _ANY_CUE.finditer(text, m.start(1), m.end(1)):
        start = cue.end()
    while start < m.end(1) and text[start] in _OPENS_NO_NAME:
        start += 1
    # A function character inside the left run ends what comes before the name (检察官X为
    # 热依拉·汗): the name starts after the last one, keeping two characters before the dot.
    for i in range(m.end(1) - 3, start - 1, -1):
        if text[i] in _OPENS_NO_NAME:
            start = i + 1
            break
    end = m.end(2)
    for i in range(m.start(2) + 1, m.end(2)):
        flag = tokens.flags.get(i, "") if i in tokens.starts else ""
        if i == m.start(2) + 1:
            # A one-character right part (热依拉·汗) before a word the tagger reads as a verb.
            if flag == "v" and tokens.starts.get(i, i) - i >= 2:
                end = i
                break
            continue
        if text[i] in ENDS_NAME or _VERB_AFTER.match(text, i) or _FOLLOWER_TAGS.match(flag):
            end = i
            break
    if m.end(1) - start < 2 or end - m.start(2) > 6:
        return None
    return start, end


def _common_prefix(runs: list[str]) -> str:
    first, last = min(runs), max(runs)
    n = 0
    while n < min(len(first), len(last)) and first[n] == last[n]:
        n += 1
    return first[:n]


def _agreed_dotted(text: str, tokens: Tokens, blocked: bytearray) -> dict[str, str]:
    """Transliterated names written more than once, read where their occurrences agree:
    the left run is what the occurrences share before the dot (after cues and function
    characters), the right run what they share after it (a character that could end a
    name, 都 or 于, does not cut a name every occurrence continues with). Maps each
    occurrence's reading by `_dotted_name` to the agreed name."""
    groups: dict[str, list[re.Match[str]]] = {}
    for m in _dotted_matches(text):
        # Occurrences are grouped by the two characters either side of the dot.
        groups.setdefault(text[m.end(1) - 2 : m.start(2) + 2], []).append(m)
    agreed: dict[str, str] = {}
    for matches in groups.values():
        if len(matches) < 2:
            continue
        spans = [_dotted_name(text, m, tokens) for m in matches]
        lefts = [text[sp[0] : m.end(1)][::-1] for m, sp in zip(matches, spans, strict=True) if sp]
        rights = [m.group(2) for m in matches]
        if len(lefts) < 2:
            continue
        left = _common_prefix(lefts)[::-1]
        right = _common_prefix(rights)
        if not (2 <= len(left) <= 8 and 2 <= len(right) <= 6):
            continue
        name = left + text[matches[0].end(1)] + right
        for m, sp in zip(matches, spans, strict=True):
            if sp and free(m.end(1) - len(left), m.start(2) + len(right), blocked):
                agreed[text[sp[0] : sp[1]]] = name
    return agreed


def _unsurnamed(text: str, tokens: Tokens, blocked: bytearray) -> list[str]:
    """Names with no Chinese surname: transliterated ones with a middle dot, and a word of
    three to six characters the tagger calls a name right after a role or a description
    (女子阿依古丽)."""
    names = []
    agreed = _agreed_dotted(text, tokens, blocked)
    for m in _dotted_matches(text):
        span = _dotted_name(text, m, tokens)
        if span and free(*span, blocked):
            name = text[span[0] : span[1]]
            names.append(agreed.get(name, name))
    for start, end in tokens.names.items():
        word = text[start:end]
        head = text[max(0, start - 14) : start]
        if (
            3 <= end - start <= 6
            and surname_at(text, start) is None
            and CJK.fullmatch(word[0])
            and surname_at(word, 1) is None  # 法定代表/人陆振海 (nr): a cue's tail glued on
            and "某" not in word
            and (_ROLE_BEFORE.search(head) or _DESCRIPTOR_BEFORE.search(head))
            and word not in CUE_WORDS
            and free(start, end, blocked)
        ):
            names.append(word)
    names.extend(_headed(text, tokens, blocked))
    names.extend(_other_nationality(text, blocked))
    return names


# The first characters as a class ahead of the alternation: most positions fail at once.
_NATIONALITY_RUN = re.compile(
    f"(?=[{''.join(sorted({p[0] for p in OTHER_NATIONALITY_PARTS}))}])"
    f"(?:{alternation(sorted(OTHER_NATIONALITY_PARTS))})+"
)


def _nationality_parts(word: str) -> int:
    """How many parts of other nationalities' names make up `word` exactly (0: not so made)."""
    m = _NATIONALITY_RUN.fullmatch(word)
    if m is None:
        return 0
    count, i = 0, 0
    while i < len(word):
        part = next((p for p in (4, 3, 2) if word[i : i + p] in OTHER_NATIONALITY_PARTS), 0)
        if not part:
            return 0
        count, i = count + 1, i + part
    return count


def _other_nationality(text: str, blocked: bytearray) -> list[str]:
    """Names of other nationalities written without a dot, read as a unit: two or more parts
    of such names in a row (次仁顿珠, 苏和巴雅尔, 山本太郎), or one after a role, a description
    or a list's separator, before a verb or a pause (被告人多吉驾驶). A run beside a middle dot
    is the dotted reading's."""
    names = []
    for m in _NATIONALITY_RUN.finditer(text):
        start, end = m.span()
        word = m.group()
        if (start and text[start - 1] in _DOT) or text[end : end + 1] in tuple(_DOT):
            continue
        parts = _nationality_parts(word)
        head = text[max(0, start - 14) : start]
        # One part alone: after a role, a description or a list's separator (X（藏族）、Y),
        # and followed by what follows names (a verb, a pause, a bracket).
        cued = (
            _ROLE_BEFORE.search(head) or _DESCRIPTOR_BEFORE.search(head) or head.endswith("、")
        ) and (
            not CJK.match(text[end : end + 1])
            or text[end] in ENDS_NAME
            or _VERB_AFTER.match(text, end) is not None
        )
        if (parts >= 2 or (parts == 1 and cued)) and len(word) <= 8 and free(start, end, blocked):
            names.append(word)
    return names


# A person's bracket right after the name: a gender, an age or a nationality (骆驼（男，
# 1987年出生）, 冉冉（14岁）, X（蒙古族）); a role and a gender after a comma (被告人满仓，男，…). These mark a name
# whatever it is made of: an ordinary word, a child's doubled name, an unlisted surname.
_PERSON_BRACKET = re.compile(r"[（(](?:男|女|\d{1,3}岁|[\u4e00-\u9fff]{1,4}族)[，,、）)]")
_GENDER_AFTER_COMMA = re.compile(r"[，,](?:男|女)[，,。；]")
# No name holds these: numerals, measure words, pronouns, 某; nor ends in a word for a
# kind of person (男孩, 孩子, 婴儿, 学生).
_NOT_IN_HEADED = frozenset("一二三四五六七八九十两名位个某其他她们该此这那本")
_PERSON_WORD_END = frozenset("孩童儿人员者生友工民妇娃婴")
_HAN = re.compile(r"[\u4e00-\u9fff]+")


def _headed_ok(text: str, start: int, end: int, blocked: bytearray) -> bool:
    word = text[start:end]
    return (
        2 <= len(word) <= 4
        and _HAN.fullmatch(word) is not None
        and not _NOT_IN_HEADED.intersection(word)
        and word[-1] not in _PERSON_WORD_END
        and word not in CUE_WORDS
        and free(start, end, blocked)
    )


def _headed(text: str, tokens: Tokens, blocked: bytearray) -> list[str]:
    """Names marked by a person's bracket or by a role and a gender (see above)."""
    if "男" not in text and "女" not in text and "岁" not in text and "族" not in text:
        return []
    names = []
    for m in _GENDER_AFTER_COMMA.finditer(text):
        end = m.start()
        for start in range(end - 2, max(-1, end - 5), -1):
            if _ROLE_BEFORE.search(text, max(0, start - 14), start):
                if _headed_ok(text, start, end, blocked):
                    names.append(text[start:end])
                break
    for m in _PERSON_BRACKET.finditer(text):
        end = m.start()
        if end < 2:
            continue
        cued = [
            q
            for q in range(end - 2, max(-1, end - 5), -1)
            if _ROLE_BEFORE.search(text, max(0, q - 14), q)
            or _DESCRIPTOR_BEFORE.search(text, max(0, q - 14), q)
        ]
        if cued:
            start = cued[0]
        else:
            start = tokens.heads[end - 1]
            # The tagger may cut a surname off its given name (康/永福): the name is whole.
            if start > 0 and end - start < 4 and surname_at(text, start - 1):
                start -= 1
        # A nationality in brackets follows places and words too (少数民族（傣族）): the
        # span must be no dictionary word.
        if "族" in m.group() and has_word()(text[start:end]):
            continue
        if _headed_ok(text, start, end, blocked):
            names.append(text[start:end])
    return names


# -- the statistical recogniser -----------------------------------------------------------

_DOT = "·・•‧"
_NON_NAME_CHARS = re.compile(r"[^\u4e00-\u9fff·・•‧]|某")


# The recogniser's confidence (its least sure label of the span) from which a span needs
# no surname and may be an ordinary word (a name of another nationality, 石磊): only the
# hard vetoes (blocked, not Chinese, a cue word, a place, an institution) still apply.
# Chosen by leave-one-set-out (`python -m eqiao.text.origin_cv --sure-search`, round 8) with
# PROPOSE below: the pair with the highest pooled out-of-fold name recall whose masked
# non-names stay ≤ 0.025 pooled and ≤ 0.03 (the goal) on every held-out set — 0.9908 at
# SURE 0.65 and PROPOSE 0.25 (0.0170 pooled, the worst set 0.0299) against 0.9884 at round
# 7's 0.85 and none (0.0137). NOTES.md, "Round 8".
SURE = 0.65
# The confidence from which a near miss of the recogniser (a surname's character the best
# path leaves outside a name, NameRecogniser.scored_spans) is proposed as a span; None: only
# the best path's spans (rounds 2–7). Such a span is never sure and passes every veto a span
# the tagger does not call a name does. Chosen with SURE (above).
PROPOSE: float | None = 0.25


def _vetoed(
    text: str, start: int, end: int, tokens: Tokens, blocked: bytearray, *, sure: bool = False
) -> bool:
    """True when the context says a span the recogniser proposes is no name: blocked (a
    number, an address), not Chinese, already redacted (某), a cue word or a span running
    into one (被告人/申请人), a place (王庄村, 高唐县) or an institution (鲍翅馆), an
    ordinary dictionary word the tagger does not call a name (银行卡, 经审查), or, without a
    surname, neither a transliterated name nor a word the tagger calls a name. Where the
    recogniser is `sure` (SURE) only the first five vetoes apply: a name of another
    nationality has no surname, and a given name may make an ordinary word (高峰)."""
    span = text[start:end]
    dotted = any(d in span for d in _DOT)
    if not free(start, end, blocked) or _NON_NAME_CHARS.search(span):
        return True
    if (
        not (2 <= len(span) <= (13 if dotted else 6 if sure else 4))
        or span[-1] in _DOT
        or span[0] in _DOT
    ):
        return True
    if dotted or _nationality_parts(span) >= 2:
        return False
    if span in CUE_WORDS or _CUE_INSIDE.search(span) or is_place(text, start, end):
        return True
    if any(text.startswith(c, start) or span.startswith(c) for c in _countries_at(text[start])):
        return True
    # Right after a signature cue (a title or a role and a colon: 检察员：X, 书记员：X), a span
    # of two or three characters the recogniser proposes is a name, though it makes a word.
    if len(span) <= 3 and _SIGNATURE_BEFORE.search(text, max(0, start - 10), start):
        return False
    tagged = tokens.names.get(start) == end
    # 时 closing a clause of time (探望时发现, 务工时右手) opens no name unless a cue, a
    # separator or a preposition introduces it.
    if (
        span[0] == "时"
        and start
        and CJK.match(text[start - 1])
        and text[start - 1] not in _OPENS_NAME
        and not _cue_before(text, start)
    ):
        return True
    if span[-1] in INSTITUTION_END or (span[-1] in ENDS_NAME and not tagged and not sure):
        return True
    if sure:
        # Still no name: a whole word the tagger reads as a verb or a function word, or a
        # reduplicated dictionary word (谢谢, 刚刚, 天天).
        if tokens.starts.get(start) == end and _FUNCTION_TAG.match(tokens.flags.get(start, "")):
            return True
        return len(span) == 2 and span[0] == span[1] and has_word()(span)
    # Two single-character words, the second a verb or a function word (把车停在): no name,
    # unless a role, a description or a title introduces it.
    if (
        len(span) == 2
        and tokens.starts.get(start) == start + 1
        and tokens.starts.get(start + 1) == end
        and _FUNCTION_TAG.match(tokens.flags.get(start + 1, ""))
        and not _cue_before(text, start)
    ):
        return True
    # Right after a party's role (被告人, 被害人, 申请人: a name must follow), a span of two
    # or three characters the recogniser proposes is a name though its surname is no
    # lexicon surname or its given name opens like a function word (a word-name).
    if len(span) <= 3 and _ROLE_BEFORE.search(text[max(0, start - 8) : start]):
        return False
    if surname_at(text, start) is None:
        return not tagged or len(span) < 3
    given = _given_name(span)
    if not given or given[0] in NOT_GIVEN:
        return True
    if not has_word()(span):
        return False
    # An ordinary word (周边, 陈述, 马虎, 农家乐, 安全带) is a name only when a role, a
    # description or a title introduces it; a dictionary word the tagger calls a name
    # (许海峰, but also 农家乐) when it also stands where a subject or an object stands.
    if _cue_before(text, start):
        return False
    opens = start == 0 or not CJK.match(text[start - 1]) or text[start - 1] in _OPENS_NAME
    return not (tagged and len(span) >= 3 and opens and _VERB_AFTER.match(text, end))


_OPENS_NAME = frozenset("与和及、跟同对向被由让叫给")
# A preposition the recogniser takes in before a familiar form (对小杰, 为小琪): the form
# opens after it.
_PREPOSITION_BEFORE_FAMILIAR = re.compile(r"[对为向给把被让与和跟同替帮][小老阿][\u4e00-\u9fff]")


@cache
def _countries_at(first: str) -> tuple[str, ...]:
    return tuple(c for c in COUNTRIES if c[0] == first)


_SIGNATURE_BEFORE = re.compile(f"(?:{alternation(list(CUE_WORDS))})(?:[:：]|[ \u3000]{{1,2}})$")


_FUNCTION_TAG = re.compile(r"^(?:v|vd|p|d|c|u\w*|r|f|q)$")


# An occupation the lexicon does not list, by its suffix (催收员, 骑手, 焊工): it introduces
# a name the recogniser proposes as it does a listed description.
_OCCUPATION_BEFORE = re.compile(r"[^\W\d_]{1,3}(?:员|手|工|师)$")


def _cue_before(text: str, start: int) -> bool:
    head = text[max(0, start - 14) : start]
    return any(
        p.search(head)
        for p in (_ROLE_BEFORE, _DESCRIPTOR_BEFORE, _TITLE_BEFORE, _OCCUPATION_BEFORE)
    )


_CUE_INSIDE = re.compile(alternation([w for w in CUE_WORDS if len(w) >= 2]))


def _recognised(
    text: str, tokens: Tokens, blocked: bytearray, found: dict[str, list[_Evidence]]
) -> None:
    """Add the spans the statistical recogniser proposes and the context does not veto."""
    model = recogniser()
    if model is None:
        return
    for start, end, confidence in model.scored_spans(text, tokens, PROPOSE):
        # A character that ends names (因, 将, 在…) and runs on into more words belongs to
        # those words (孙丽因家庭困难), though a name may end in it before a pause (翟文和、),
        # or where the recogniser is sure of the whole span.
        sure = confidence >= SURE
        if end - start >= 3 and _PREPOSITION_BEFORE_FAMILIAR.match(text, start):
            start += 1
        if (
            not sure
            and end - start >= 3
            and text[end - 1] in ENDS_NAME
            and CJK.match(text[end : end + 1])
        ):
            end -= 1
        name = text[start:end]
        # The rules already read a name here, and one character shorter (冷秀珍 before 住).
        if (
            name[:-1] in found
            or name in found
            or _vetoed(text, start, end, tokens, blocked, sure=sure)
        ):
            continue
        # The rules read a longer transliterated name around it (骑电动车的艾力·阿不拉): the
        # recogniser's boundaries win.
        longer = [
            other
            for other in found
            if len(other) > len(name)
            and any(d in other for d in _DOT)
            and any(
                text.startswith(other, q) and q + len(other) >= end
                for q in range(max(0, start - len(other) + len(name)), start + 1)
            )
        ]
        for other in longer:
            found.setdefault(name, []).extend(found.pop(other))
        dictionary = has_word()(name)
        span = _Span(
            tagged=tokens.names.get(start) == end,
            plain=dictionary,
            verb_after=bool(_VERB_AFTER.match(text, end)),
        )
        evidence = _evidence(text, start, end, span)
        found.setdefault(name, []).append(
            _Evidence(
                party=evidence.party,
                official=evidence.official,
                accepted=True,
                village=evidence.village,
            )
        )


def _agree(text: str, unsurnamed: list[str], found: dict[str, list[_Evidence]]) -> None:
    """A transliterated name its occurrences agree on (`_agreed_dotted`) replaces the
    other readings of the same name around the same dot (the recogniser's included)."""
    agreed = {n for n in unsurnamed if any(d in n for d in _DOT) and text.count(n) >= 2}
    for name in agreed:
        dot = next(i for i, c in enumerate(name) if c in _DOT)
        core = name[dot - 2 : dot + 3]
        for other in [o for o in found if o != name and core in o]:
            found.setdefault(name, []).extend(found.pop(other))


# What the case says a person did or suffers as the accused, right after the name or after
# the list it opens (原…局长X涉嫌受贿, 对院长X、副院长Y等人提起公诉, X以…罪被提起公诉): a
# title before an accused's name is no official's role.
_ACCUSED_AFTER = re.compile(
    r"(?:、[^，。；、]{1,12}?){0,6}(?:等人|等\d+人)?"
    r"(?:涉嫌|犯[^，。；]{0,12}罪|以[^，。；]{0,16}罪被|被(?:提起公诉|判处|逮捕|起诉|立案|判)|"
    r"作出(?:逮捕|起诉)|提起公诉|批准逮捕)"
)


# The case opened against a person: 对X以涉嫌…罪立案侦查 / 提起公诉 (not 检察官X以涉嫌…罪对…:
# there the holder of the title acts).
_CHARGED_AFTER = re.compile(r"以涉嫌[^，。；]{0,20}?罪")


def _accused(text: str, name: str) -> bool:
    return any(
        _ACCUSED_AFTER.match(text, m.end())
        or (text[m.start() - 1 : m.start()] == "对" and _CHARGED_AFTER.match(text, m.end()))
        for m in re.finditer(re.escape(name), text)
    )


def _wronged_by(text: str, name: str) -> bool:
    """True when a sentence naming `name` speaks of a wrong done (a village cadre accused)."""
    for m in re.finditer(re.escape(name), text):
        start = max(text.rfind(c, 0, m.start()) for c in "。；！？\n") + 1
        ends = [i for i in (text.find(c, m.end()) for c in "。；！？\n") if i >= 0]
        if _WRONGDOING.search(text, start, min(ends, default=len(text))):
            return True
    return False


def find_names(text: str, *, blocked: list[tuple[int, int]] | None = None) -> list[NameSpan]:
    """Every occurrence of every person name in `text`, outside the `blocked` spans."""
    mask = bytearray(len(text))
    for start, end in blocked or []:
        mask[start:end] = b"\x01" * (end - start)
    tokens = Tokens.of(text)
    accepted = _candidates(text, tokens, mask)
    _recognised(text, tokens, mask, accepted)
    unsurnamed = _unsurnamed(text, tokens, mask)
    _agree(text, unsurnamed, accepted)
    for name in unsurnamed:
        # Weighed like every other name, so an official keeps the role (检察官 before it).
        at = text.find(name)
        end = at + len(name)
        weighed = _evidence(
            text,
            at,
            end,
            _Span(tagged=False, plain=False, verb_after=bool(_VERB_AFTER.match(text, end))),
        )
        accepted.setdefault(name, []).append(
            _Evidence(
                party=weighed.party,
                official=weighed.official,
                accepted=True,
                village=weighed.village,
            )
        )
    _listed(text, tokens, mask, accepted)
    for alias in marked_aliases(text):
        accepted.setdefault(alias, []).append(_PARTY)
    for alias, _full in identified_aliases(text, list(accepted)):
        accepted.setdefault(alias, []).append(_PARTY)
    # A familiar form or a given name alone keeps nothing of the name: 某某.
    bare = set(familiar_names(text))
    for name in bare:
        accepted.setdefault(name, []).append(_PARTY)
    for form, full in named_familiar_forms(text, list(accepted)):
        accepted.setdefault(form, []).extend(accepted[full])
        bare.add(form)
    for full, given in given_name_references(text, list(accepted)):
        accepted.setdefault(given, []).extend(accepted[full])
        bare.add(given)
    spans: list[NameSpan] = []
    # Longest names first, so 欧阳志远 is not also found as 欧阳志.
    for name in sorted(accepted, key=len, reverse=True):
        if is_pseudonym(text, name):
            continue  # 张丽（化名） is already no real name
        evidence = accepted[name]
        official = (
            any(e.official for e in evidence)
            and not any(e.party for e in evidence)
            and not _accused(text, name)
            and not (any(e.village for e in evidence) and _wronged_by(text, name))
        )
        surname = "" if name in bare else surname_at(name, 0) or name[0]
        for m in re.finditer(re.escape(name), text):
            if free(m.start(), m.end(), mask) and text[m.end() : m.end() + 1] not in PLACE_AFTER:
                spans.append(NameSpan(m.start(), m.end(), name, surname, official))
                mask[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    return sorted(spans, key=lambda s: s.start)
