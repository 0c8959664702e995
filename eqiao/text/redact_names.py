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
4. its shape: three characters that are no dictionary word, the surname standing alone in
   the tagger's reading, followed by a verb that usually follows a name (韩春雷在…);
5. the list it is in: 王强、李军和赵小红 after one accepted name.

An ordinary word after a cue (被告人万里, 检察官白云, but not 民警查获 or 丈夫车祸) needs a
role and something more, or a title and the tagger's agreement. Every other occurrence of
an accepted name is then found too. The given name has one character when the next
character ends a name (因, 于, 在, 、…) or the tagger starts a word there (黄明驾驶, 邵华
通过), else two (夏天明家中, 程志勇于).

A name is in an official role when an official title is right before or after it, the
title is not a former or village one (原局长, 时任副局长, 村委会主任), and the same name is
never introduced as a party.

Measured on `tests/data/redaction_cases.jsonl` (96 releases, 315 name occurrences).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

COMPOUND_SURNAMES = (
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 钟离 "
    "闻人 万俟 端木 南宫 西门 百里 呼延 独孤 澹台 公冶 宗政 濮阳 太史 申屠 东郭 拓跋 "
    "赫连 左丘 梁丘 第五"
).split()
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余"
    "杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙"
    "史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁"
    "岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆"
    "蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚"
    "岑景党宫费卜冷晏席卫米杭宗边巫苟鄢阎寇国桂丛蔺计仇麻栾全佟和楚迟商闵寿郜隋姬菊"
    "东仲伊谈柏庹揭嵇水续亢索相过敖储宣钮厉晋荣桑富铁羊廉狄巩芮荆池乐甄封弓牧宓郗班仰秋戎"
    "祖束幸韶蓟薄印宿怀邰鄂咸籍赖屠阴胥苍闻贡劳逄扶堵宰郦雍璩濮扈燕冀郏浦瞿茹习宦鱼容慎戈"
    "庾暨衡步弘匡禄阙殳沃蔚越夔隆师厍晁勾融訾阚沙乜鞠丰巢蒯查竺权逯盖桓綦仝暴门贝佘凤花冼"
)

# Roles in a case: they introduce a name even when it is an ordinary word (被告人万里).
ROLE_CUES = (
    "被告人 被告 原告人 原告 犯罪嫌疑人 嫌疑人 被害人 受害人 证人 当事人 申诉人 被申诉人 控告人 "
    "被控告人 举报人 被举报人 申请人 被申请人 上诉人 被上诉人 被不起诉人 被执行人 罪犯 服刑人员 "
    "委托代理人 法定代理人 代理人 辩护人 保证人 监护人 行贿人 受贿人 同案犯 从犯 主犯 死者 伤者 "
    "肇事者 名叫 叫做 姓名 联系人 收款人 户主 负责人 法定代表人"
).split()
# Descriptions of people: they introduce a name that is no ordinary word (村民夏天明, but
# not 丈夫车祸, 人员房间).
DESCRIPTOR_CUES = (
    "投资人 借款人 出借人 肇事司机 驾驶员 司机 乘客 行人 路人 业主 店主 老板 包工头 开发商 "
    "农民工 工人 村民 居民 群众 网民 学员 学生 初中生 高中生 小学生 大学生 老人 女童 男童 男子 "
    "女子 妇女 少年 青年 妻子 丈夫 儿子 女儿 父亲 母亲 哥哥 弟弟 姐姐 妹妹 侄子 外甥 表弟 表哥 "
    "邻居 同事 朋友 同学 亲属 家属 家长 其父 其母 其子 其女 其妻 其夫 之子 之女 之妻 之夫 伙同 "
    "代表 会计 出纳 教练 教师 职工 员工 人员 退休教师 同村 邻座 邻桌 同乡 老乡 亲戚 党员 老党员 "
    "村支书 支书 董事长 总经理 经理 厂长 股东 承包人 房东 租户 网友"
).split()
PARTY_CUES = ROLE_CUES + DESCRIPTOR_CUES
OFFICIAL_TITLES = (
    "检察长 副检察长 检察官 主任检察官 检察员 助理检察员 书记员 法官 审判长 审判员 人民陪审员 "
    "陪审员 人民监督员 监督员 院长 副院长 庭长 副庭长 局长 副局长 所长 副所长 科长 副科长 主任 "
    "副主任 书记 副书记 处长 副处长 厅长 部长 县长 副县长 市长 副市长 镇长 乡长 民警 警官 干警 "
    "交警 律师 辩护律师 代理律师"
).split()
_FORMER = re.compile(r"(?:原|时任|前任|曾任|前)(?:[^\W\d_]{0,10}?)$")

# First given-name characters that are really function words (向其, 于是, 张某).
_NOT_GIVEN = frozenset("某的了和与及或在是也都就又等说称被将把对从于因系所并不没无还会要着过")
# Characters that end a name when they follow a one-character given name.
_ENDS_NAME = frozenset(
    "因于在将把被等与和及系是的对从到为以经曾已便就又也都遂即趁伙携称说涉之其驾持窜私竟却并所"
    "诉不无没还会要让给请向用自了着过"
)
# A given name does not hold these, and a name is not followed by them (王庄村, 高唐县).
_PLACE_CHARS = frozenset("村镇乡县市区省屯寨")
_PLACE_AFTER = frozenset("村庄镇乡县市区省屯集营寨路街桥河湖湾铺")
# A "name" ending in one of these is an institution or a shop (鲍翅馆, 金苑酒店 aside).
_INSTITUTION_END = frozenset("馆店厅院局厂场站社部处科队校园")
_GENDER_AFTER = re.compile(
    r"[，,（(](?:男|女|\d{1,3}岁|作案时)|老人|老汉|大爷|大妈|阿姨|女士|先生|夫妇"
)
_VERB_AFTER = re.compile(
    r"(?:因|于|在|驾驶|驾车|持刀|持|将|把|伙同|趁|窜至|系|等|多次|先后|利用|担任|发现|表示|介绍|"
    r"称|说|反映|报案|报警|向|到|来到|不服|诉称|供述|认为|主持|接到|收到|通过|带领|走进|"
    r"一同|家中|涉嫌|作出|表示|指出|强调|签订|供述|交代|承认|辩称|声称|自称|谎称|冒充|驾车|酒后)"
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
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
        return self.surname + "某" * (len(self.text) - len(self.surname))


_CUE_WORDS = frozenset(PARTY_CUES + OFFICIAL_TITLES)


def _alternation(words: list[str]) -> str:
    return "|".join(sorted(set(words), key=len, reverse=True))


_ROLE_BEFORE = re.compile(f"(?:{_alternation(ROLE_CUES)})[:：]?$")
_DESCRIPTOR_BEFORE = re.compile(f"(?:{_alternation(DESCRIPTOR_CUES)})[:：]?$")
# Weaker: any "…者" (醉驾者, 求职者) or a cue and 的 (邻桌的): evidence only for a span that
# is no ordinary word ("求职者钱财" is no 钱某).
_WEAK_PARTY_BEFORE = re.compile(f"(?:(?:{_alternation(PARTY_CUES)})的|[^\\W\\d_]{{1,3}}者)$")
# Village cadres are not state officials: 村委会主任涂永利 is named, not kept.
_VILLAGE_ROLE = re.compile(r"村[^\W\d_]{0,5}$")
# "副局长的熊卫国": a title and 的 still introduce the name.
_TITLE_BEFORE = re.compile(f"(?:{_alternation(OFFICIAL_TITLES)})(?:[:：]|的)?$")
_TITLE_AFTER = re.compile(f"(?:{_alternation(OFFICIAL_TITLES)}|同志)")
_CUE_PATTERNS = (_ROLE_BEFORE, _DESCRIPTOR_BEFORE, _WEAK_PARTY_BEFORE, _TITLE_BEFORE)


@cache
def _tagger() -> Callable[[str], list[tuple[str, str]]]:
    """Part-of-speech tagging with the engine's segmenter (domain words known)."""
    try:
        from eqiao.text.segment import segmenter

        return segmenter().tag
    except ImportError:  # pragma: no cover - only when the package is used piecemeal
        import rjieba

        return rjieba.tag


@cache
def _has_word() -> Callable[[str], bool]:
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


def _surname_at(text: str, p: int) -> str | None:
    if text[p : p + 2] in COMPOUND_SURNAMES:
        return text[p : p + 2]
    return text[p] if text[p] in SURNAMES else None


@dataclass(frozen=True)
class _Tokens:
    """The tagger's segmentation of one text: where words start and end, and names."""

    starts: dict[int, int]  # start → end of every word
    flags: dict[int, str]  # start → part-of-speech tag of the word
    inside: frozenset[int]  # positions strictly inside a word of two or more characters
    names: dict[int, int]  # start → end of words tagged as person names

    @classmethod
    def of(cls, text: str) -> _Tokens:
        starts: dict[int, int] = {}
        flags: dict[int, str] = {}
        names: dict[int, int] = {}
        inside: set[int] = set()
        at = 0
        for word, flag in _tagger()(text):
            end = at + len(word)
            starts[at] = end
            flags[at] = flag
            inside.update(range(at + 1, end))
            if flag.startswith("nr"):
                names[at] = end
            at = end
        return cls(starts, flags, frozenset(inside), names)

    def starts_word(self, at: int) -> bool:
        """True when a word of two or more characters starts at `at`."""
        return self.starts.get(at, at) - at >= 2


def _name_end(text: str, p: int, surname: str, tokens: _Tokens) -> int | None:
    """End of the name starting at p, or None when no given name follows the surname."""
    g = p + len(surname)
    c1 = text[g : g + 1]
    if not c1 or not _CJK.match(c1) or c1 in _NOT_GIVEN or c1 in _PLACE_CHARS:
        return None
    c2 = text[g + 1 : g + 2]
    if not c2 or not _CJK.match(c2) or c2 in _ENDS_NAME or c2 in _PLACE_CHARS:
        return g + 1
    if c2 == "某":
        return None  # already redacted: 张某某
    c3 = text[g + 2 : g + 3]
    if not c3 or not _CJK.match(c3) or c3 in _ENDS_NAME or c1 == c2:
        return g + 2  # 程志勇于…, 钱多多
    if tokens.starts_word(g + 1):
        return g + 1  # 黄明驾驶, 邵华通过: the next word starts after one character
    return g + 2


@dataclass(frozen=True)
class _Evidence:
    party: bool  # a role, description or former official's title introduces it
    official: bool  # an official title right before or after it
    accepted: bool  # enough evidence that it is a name


@dataclass(frozen=True)
class _Span:
    """What the tagger and the dictionary say about a candidate text[p:end]."""

    tagged: bool  # the tagger reads exactly this span as a person name
    plain: bool  # an ordinary dictionary word (a tagged three-character one is a name)
    verb_after: bool  # followed by a verb that usually follows a name


def _evidence(text: str, p: int, end: int, span: _Span) -> _Evidence:
    """Weigh the cues around text[p:end]. An ordinary word (万里, 高峰, 白云) is a name only
    after a role with something more (a gender, a verb, the tagger), or after a title when
    the tagger agrees; anything else needs one cue."""
    head = text[max(0, p - 14) : p]
    after = text[end : end + 6]
    title = _TITLE_BEFORE.search(head)
    before_title = head[: title.start()][-6:] if title else ""
    former = bool(title and (_FORMER.search(before_title) or _VILLAGE_ROLE.search(before_title)))
    role = bool(_ROLE_BEFORE.search(head))
    descriptor = bool(_DESCRIPTOR_BEFORE.search(head) or _WEAK_PARTY_BEFORE.search(head))
    gender = bool(_GENDER_AFTER.match(after))
    title_after = bool(_TITLE_AFTER.match(after))
    if span.plain:
        more = gender or span.verb_after or span.tagged
        accepted = (role and more) or (bool(title) and span.tagged)
        title_after = False  # 谢谢检察官
    else:
        accepted = role or descriptor or bool(title) or gender or title_after
    return _Evidence(
        party=role or descriptor or former,
        official=bool((title and not former) or title_after),
        accepted=accepted,
    )


def _is_place(text: str, p: int, end: int) -> bool:
    if text[end : end + 1] in _PLACE_AFTER:
        return True
    return any(text.startswith(name, p) for name in _places_by_first_char().get(text[p], ()))


def _free(start: int, end: int, blocked: bytearray) -> bool:
    """True when no position of [start, end) is taken (a mask: long texts stay linear)."""
    return not any(blocked[start:end])


def _candidates(text: str, blocked: bytearray) -> dict[str, list[_Evidence]]:
    """Names with evidence, each with the evidence of every place it was accepted."""
    tokens = _Tokens.of(text)
    accepted: dict[str, list[_Evidence]] = {}
    p = 0
    while p < len(text):
        head = text[max(0, p - 14) : p]
        cued = any(r.search(head) for r in _CUE_PATTERNS)
        end = _name_at(text, p, tokens, blocked, cued=cued)
        if end is None:
            p += 1
            continue
        name = text[p:end]
        tagged = tokens.names.get(p) == end
        dictionary = _has_word()(name)
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
        # A three-character surname + given name the tagger missed (韩春雷在…, 贝恩泽说):
        # no dictionary word, followed by a name verb, and the surname standing alone with
        # a tag a surname gets (时 'n' in 刷卡时突然 is no surname).
        by_shape = (
            end - p == 3
            and span.verb_after
            and not dictionary
            and tokens.starts.get(p) == p + 1
            and not _NOT_SURNAME_TAGS.match(tokens.flags[p])
        )
        if evidence.accepted or by_pos or by_shape:
            accepted.setdefault(name, []).append(evidence)
            p = _continue_list(text, end, evidence, tokens, blocked, accepted)
            continue
        p += 1
    return accepted


# What the tagger says follows a name: a verb, a preposition, an adverb, a conjunction,
# or (after a full three-character name) 的 or the end of a clause; two-character words
# the tagger calls names are often not (蓝屏，), so they need a verb.
_FOLLOWER_TAGS = re.compile(r"^(?:v|vn|vd|p|d|c)$")


def _followed_like_a_name(text: str, end: int, tokens: _Tokens, *, long: bool) -> bool:
    if _VERB_AFTER.match(text, end) or (long and _CLAUSE_END.match(text, end)):
        return True
    flag = tokens.flags.get(end, "")
    return bool(_FOLLOWER_TAGS.match(flag)) or (long and flag == "uj")


def _name_at(
    text: str, p: int, tokens: _Tokens, blocked: bytearray, *, cued: bool = False
) -> int | None:
    """End of a possible name at p: a surname, a given name, not a place, not blocked, and
    not starting inside a word (公安局 holds no 安局) unless a cue ends right there (the
    tagger glues 申诉人单立国 into 申诉/人单/立国)."""
    surname = _surname_at(text, p)
    if surname is None or (p in tokens.inside and not cued):
        return None
    end = _name_end(text, p, surname, tokens)
    if end is None or not _free(p, end, blocked) or _is_place(text, p, end):
        return None
    if text[end - 1] in _INSTITUTION_END or text[p + len(surname) + 1 : end] == surname:
        return None  # 鲍翅馆; 查一查
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
_NOT_SURNAME_TAGS = re.compile(r"^(?:n|t|f|s|m|q|a|ad|v|vd|vn|d|p|c|u\w*|r)$")


def _reads_as_words(text: str, p: int, g: int, end: int, tokens: _Tokens, *, cued: bool) -> bool:
    """True when the tagger reads text[p:end] as ordinary words, not surname + given name:
    one verb-like word (民警查获), a function-word surname before a dictionary word
    (申请人向法院), or a given name that opens a longer word (申请人向检察院)."""
    if tokens.starts.get(p) == end and _FUNCTION_TAGS.match(tokens.flags[p]):
        return True
    if tokens.starts.get(g, g) - g >= 3:
        return True
    surname_tags = _GRAMMAR_TAGS if cued else _FUNCTION_TAGS
    if tokens.starts.get(p) == g and surname_tags.match(tokens.flags[p]):
        return _has_word()(text[g:end]) and tokens.names.get(g) != end
    # A verb the surname opens, ending inside the name: 朋友相中这一款.
    word_end = tokens.starts.get(p, p)
    return g < word_end < end and bool(_FUNCTION_TAGS.match(tokens.flags[p]))


def _continue_list(
    text: str,
    end: int,
    evidence: _Evidence,
    tokens: _Tokens,
    blocked: bytearray,
    accepted: dict[str, list[_Evidence]],
) -> int:
    """Accept names listed after an accepted one (王强、李军和赵小红): same role."""
    while text[end : end + 1] in ("、", "和") and end + 1 < len(text):
        p = end + 1
        next_end = _name_at(text, p, tokens, blocked, cued=True)
        # A dictionary word is a listed name only when tagged one (慕容雪, not 和平).
        if next_end is None or (_has_word()(text[p:next_end]) and tokens.names.get(p) != next_end):
            break
        accepted.setdefault(text[p:next_end], []).append(evidence)
        end = next_end
    return end


def find_names(text: str, *, blocked: list[tuple[int, int]] | None = None) -> list[NameSpan]:
    """Every occurrence of every person name in `text`, outside the `blocked` spans."""
    mask = bytearray(len(text))
    for start, end in blocked or []:
        mask[start:end] = b"\x01" * (end - start)
    accepted = _candidates(text, mask)
    spans: list[NameSpan] = []
    # Longest names first, so 欧阳志远 is not also found as 欧阳志.
    for name in sorted(accepted, key=len, reverse=True):
        evidence = accepted[name]
        official = any(e.official for e in evidence) and not any(e.party for e in evidence)
        surname = name[:2] if name[:2] in COMPOUND_SURNAMES else name[0]
        for m in re.finditer(re.escape(name), text):
            if _free(m.start(), m.end(), mask) and text[m.end() : m.end() + 1] not in _PLACE_AFTER:
                spans.append(NameSpan(m.start(), m.end(), name, surname, official))
                mask[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    return sorted(spans, key=lambda s: s.start)
