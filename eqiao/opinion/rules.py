"""Relevance, sentiment and severity of one post or a batch: `Rules` built from `Terms`
(the lexicon plus the installation's watch-list rows), giving an `Assessment`. The stateless
part of the pipeline (what a worker process may do in parallel). Pure Python."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import cast

from eqiao.opinion import accusation, lexicon
from eqiao.opinion.normal import Sentiment, Severity, normalise
from eqiao.opinion.sentiment import SentimentModel
from eqiao.opinion.sentiment import model as sentiment_model
from eqiao.opinion.severity import SeverityModel
from eqiao.opinion.severity import model as severity_model_shipped
from eqiao.text.sentiment import sentiment as engine_sentiment


def _alternation(words: Iterable[str]) -> re.Pattern[str]:
    """One pattern for a set of words that finds, at the leftmost place, the longest word
    (as "a|b|…" sorted longest first would), written as a tree of shared beginnings
    (收(?:钱|礼|了钱)…): the regex engine tries one branch per character instead of
    every word."""
    trie: dict = {}
    for word in {w for w in words if w}:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    if not trie:
        return re.compile(r"(?!x)x")
    return re.compile(_branches(trie))


def _branches(node: dict) -> str:
    alts = [re.escape(ch) + _branches(rest) for ch, rest in sorted(node.items()) if ch]
    if not alts:
        return ""
    body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
    if "" in node:  # a word ends here: longer ones first, then this one
        return (body if len(alts) == 1 and len(body) == 1 else f"(?:{body})") + "?"
    return body


@dataclass(frozen=True)
class Terms:
    """What the rules look for: offices (name → place spellings), watch-listed names
    (spelling → office name), case keywords that make a post relevant on their own, and
    exclusions that make it irrelevant whatever else it says."""

    offices: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(lexicon.PLACES))
    names: dict[str, str] = field(
        default_factory=lambda: {
            **lexicon.WATCH_NAMES,
            **{v: lexicon.WATCH_NAMES[n] for v, n in lexicon.WATCH_VARIANTS.items()},
        }
    )
    keywords: tuple[str, ...] = ()
    exclusions: tuple[str, ...] = ()

    def extended(
        self,
        *,
        names: dict[str, str] | None = None,
        keywords: Iterable[str] = (),
        exclusions: Iterable[str] = (),
    ) -> Terms:
        return replace(
            self,
            names={**self.names, **(names or {})},
            keywords=tuple(dict.fromkeys([*self.keywords, *keywords])),
            exclusions=tuple(dict.fromkeys([*self.exclusions, *exclusions])),
        )


@dataclass(frozen=True)
class Assessment:
    """The stateless judgement of one post's own text."""

    text: str  # normalised
    relevant: bool
    office: str | None  # the office's full name, when one is named or implied
    names: tuple[str, ...]  # watch-listed names found (canonical spellings)
    sentiment: Sentiment
    major: bool  # a major cue (whatever the sentiment), or major as the severity judged it
    reasons: tuple[str, ...]  # why relevant / irrelevant / major, for the analyst

    @property
    def severity(self) -> Severity | None:
        if not self.relevant or self.sentiment != "negative":
            return None
        return "major" if self.major else "minor"


_LEADERSHIP = re.compile(r"检察长|领导|院长|一把手|班子|当官的")
_LAUGH_DEATH = re.compile(r"[笑气累烦饿困急吓美帅乐馋冷热]死了|死了都要")
# The post speaks to the office or its people ("你们", dialect "恁"), asks a rhetorical
# question ("谁信", "凭什么"), names money, or praises in quotes or with clapping (sarcasm).
_ADDRESS = re.compile(r"你们|恁|您们|你这")
_RHETORIC = re.compile(r"谁信|凭什么|有没有|还有没有|敢不敢|管不管|说理|天理|王法")
_MONEY = re.compile(r"[\d一二三四五六七八九十两几百千]+万|钱|好处|红包|礼")
_IRONY = re.compile(r"👏|鼓掌|“[^”]{1,6}”|真是[^,.!?]{0,6}啊|教会了")

# Accusation by implication (round 7): the wrong is not said but led to. A leading or
# rhetorical question ("难道…吗", "谁给的胆子", "给谁办事"), hearsay that still carries a
# claim ("听说", "据说", "有人说"), a hint at pull or money (connections, gifts, a meal, "找人",
# "打点"), sarcasm ("呵呵", "好一个", "真行"), and a death or injury told beside the case.
# Features for the severity model, crossed with who is aimed at; never verdicts.
_LEADING = re.compile(
    r"难道[^,.!?;]{0,20}[吗么]|凭什么|凭啥|谁给(?:的|了)?[^,.!?;]{0,4}(?:胆子|权力|底气)|"
    r"(?:给|替|为)谁(?:办事|干活|说话|撑腰|服务)|(?:怎么|咋)(?:就|能|会|可能)|"
    r"(?:为什么|为啥|凭啥)(?:不|没|还|就)|何以|岂"
)
_HEARSAY = re.compile(
    r"听说|据说|有人说|听人说|听人讲|传言|传闻|网传|坊间|据传|都在传|谁不知道|都知道"
)
_PULL = re.compile(
    r"红包|打点|关系|门路|托人|找人|走后门|送礼|塞钱|请客|饭局|喝酒|吃饭|认识|熟人|亲戚|"
    r"同学|战友|老乡|打招呼|说情|递话|花钱|使钱"
)
_SARCASM = re.compile(
    r"呵呵|好一个|厉害了|真行|真厉害|高明|佩服|不愧是|真是好|真棒|学到了|长见识|开眼|"
    r"😏|🙃|(?:我|俺)信了"  # round 8: the smirk, the upside-down smile, "sure, I believe it"
)
_HURT = re.compile(r"死|去世|过世|人没了|自杀|跳楼|住院|重伤|残疾|瘫痪|抢救|伤残|icu|ICU")
_CASE = re.compile(r"案|判|起诉|立案|赔|执行|追赃|退赃|审")
# Round 8: the office helping after a harm (judicial aid, thanks): a death told in a post of
# thanks or in the office's report of aid is not an accusation.
_AID = re.compile(r"司法救助|救助金|救助款|帮扶|跑前跑后|多亏|感谢|谢谢|记着|锦旗|暖心")
_PERSON = frozenset({"named", "leadership", "handler", "behind"})
IMPLIED = True


# Structure (round 9), read as who speaks and what they do, not as lexicon rows; features
# for the severity model, never verdicts.
# - The office speaking: its own notice or denial (a bracketed office or notice header, 我院,
#   a rumour denied after checking).
_OFFICE_VOICE = re.compile(
    r"^[\s#]*【[^】]{0,12}(?:检察|通报|辟谣|公告|声明|情况说明)[^】]{0,6}】|我院|本院|"
    r"经核查|经查|系(?:捏造|谣言|不实)|不实信息|依法保留|追究[^,.!?;]{0,6}责任"
)
_DENIAL = re.compile(r"辟谣|系(?:捏造|谣言|不实)|不实|造谣|谣言|经核查")
# - A crowd: people counted or gathered (二十多个人, 一百来号人, 工友们, 一排人, 乡亲们).
_CROWD = re.compile(
    r"(?:一[百千]|[\d二两三四五六七八九十百几])[\d一二两三四五六七八九十百几]*[多来余]?"
    r"(?:个|号|名|户|位)?(?:人|工友|家属|户|老人)|每家|每户|全村|咱们|俺们|"
    r"(?:工友|兄弟|乡亲|家属|业主|受害人|大伙|大家|老人)们?(?:都|全|一起)|"
    r"一(?:排|群|帮|堆|屋子)人|工友们|兄弟们|乡亲们|家人们|老少爷们"
)
# - At the office's door, or sitting/standing/blocking there.
_AT_DOOR = re.compile(
    r"门口|门前|大门|大厅|堵门|坐在地上|坐地上|坐门口|站了|坐了|围了|不走|举着|拉着横幅|横幅"
)
# - Summoned for a time: tomorrow, next week, again, all of us, not one missing.
_SUMMONED = re.compile(
    r"(?:明天|后天|明早|下周|下礼拜|下星期|下个月|周一|周末|改天|再|还|又|继续)"
    r"[^,.!?;]{0,10}(?:去|来|到|坐|站|堵)|全来|都来|一起来|一起去|叫上|喊上|带上|"
    r"一个(?:都|也)不能少|不见不散|集合|约好"
)
# - Stance towards a group action: discouraged or denied ("别去", "先散了", "不要聚集").
_DISCOURAGED = re.compile(
    r"别(?:去|再|堵|聚|闹|冲动)|不要(?:去|聚|堵|闹|冲动)|先散了|散了吧|理性|冷静|劝大家|"
    r"没必要去|不建议|让程序走完|相信(?:组织|程序|法律)"
)
# - Wrongful prosecution implied by an alibi: the person was elsewhere, yet charged.
_ALIBI = re.compile(
    r"(?:根本|压根|明明|当时|那天|那晚|那年[^,.!?;]{0,4})(?:就)?(?:不在|没在|没去|在外地|在上班|"
    r"在厂里|在工地|在家|在医院|在打工)|不在场|有人(?:能)?(?:作证|证明)|监控(?:能|可以)?证明"
)
_CHARGED = re.compile(r"起诉|判了|判刑|坐牢|关了|抓了|定罪|批捕|冤")
# - A threat to life said as an act begun (on the windowsill, the roof, the river bank).
_LEDGE = re.compile(
    r"(?:站|爬|坐)(?:到|上|在)[^,.!?;]{0,4}(?:窗台|楼顶|天台|楼顶上|河边|桥上)|遗书|写好了"
)
STRUCTURE = True


def _structure(text: str) -> dict[str, int]:
    """Round 9's structural readings of a normalised text: the office speaking or denying,
    a crowd at the door or summoned for a time, a group action discouraged, wrongful
    prosecution implied by an alibi, a threat to life begun."""
    office = _OFFICE_VOICE.search(text) is not None
    crowd = _CROWD.search(text) is not None
    door = _AT_DOOR.search(text) is not None
    summoned = _SUMMONED.search(text) is not None
    discouraged = _DISCOURAGED.search(text) is not None
    return {
        "office_voice": int(office),
        "office_denial": int(office and _DENIAL.search(text) is not None),
        "crowd_door": int(crowd and door and not discouraged),
        "crowd_summoned": int((crowd or door) and summoned and not discouraged),
        "group_discouraged": int(discouraged and (crowd or door or summoned)),
        "alibi_charged": int(_ALIBI.search(text) is not None and _CHARGED.search(text) is not None),
        "ledge": int(_LEDGE.search(text) is not None),
    }


# Who speaks: the one it happened to or their family ("我儿子", "俺爹"), a lawyer, the media.
_FIRST = re.compile(r"我|俺|咱|本人")
_FIRST_KIN = re.compile(
    r"(?:我|俺|咱)(?:家|们家)?(?:儿子|闺女|女儿|孩子|娃|老人|父亲|母亲|爹|娘|爸|妈|老伴|丈夫|"
    r"媳妇|哥|弟|姐|妹|男人|老公|老婆)"
)
_LAWYER = re.compile(r"律师|代理人|律所")
_MEDIA = re.compile(r"记者|媒体|报道|本报|编辑|自媒体|爆料")


def _speaker(text: str) -> tuple[str, ...]:
    """Who speaks in a post, as a reader sees it (none, one or more of: first person,
    first person's kin, lawyer, media)."""
    out = []
    if _FIRST.search(text):
        out.append("first")
        if _FIRST_KIN.search(text):
            out.append("kin")
    if _LAWYER.search(text):
        out.append("lawyer")
    if _MEDIA.search(text):
        out.append("media")
    return tuple(out)


def _pinyin_word(m: re.Match[str]) -> str:
    """The word for pinyin initials standing as a whole Latin word ("lc jcy")."""
    before = m.string[m.start() - 1] if m.start() else " "
    return m.group() if "a" <= before <= "z" else lexicon.PINYIN[m.group()]


class Rules:
    """Relevance, sentiment and severity of a normalised text, from `Terms`."""

    def __init__(
        self,
        terms: Terms | None = None,
        severity: SeverityModel | None | str = "shipped",
        sentiment: SentimentModel | None | str = "shipped",
    ) -> None:
        """`severity`, `sentiment`: the learned models ("shipped": data/severity.json,
        data/sentiment.json; None: the rules alone)."""
        self.terms = terms or Terms()
        self.severity = severity_model_shipped() if severity == "shipped" else severity
        self.sentiment_model = sentiment_model() if sentiment == "shipped" else sentiment
        place_to_office: dict[str, str] = {}
        for office, places in self.terms.offices.items():
            for place in places:
                place_to_office[place] = office
        self._place_office = place_to_office
        self._places = _alternation(place_to_office)
        # a place within a few characters before 检察 (冠县人民检察院, 冠县清水检察室, 聊城检察)
        self._office_near = re.compile(
            "(" + self._places.pattern + r")[\u4e00-\u9fff]{0,8}?(?:检察|12309)"
        )
        self._other_near = re.compile(
            "(" + _alternation(lexicon.OTHER_PLACES).pattern + r")[\u4e00-\u9fff]{0,6}?检察"
        )
        self._procuratorial = _alternation(lexicon.PROCURATORIAL)
        self._names = _alternation(self.terms.names)
        self._name_context = _alternation(lexicon.NAME_CONTEXT)
        self._namesake = _alternation(lexicon.NAMESAKE)
        self._fiction = _alternation(lexicon.FICTION)
        self._keywords = _alternation(self.terms.keywords)
        self._exclusions = _alternation(self.terms.exclusions)
        self._accusation = _alternation(lexicon.MAJOR_ACCUSATION)
        self._life = _alternation(lexicon.MAJOR_LIFE)
        self._group = _alternation(lexicon.MAJOR_GROUP)
        self._spread = _alternation(lexicon.MAJOR_SPREAD)
        self._cue_memo: dict[str, str | None] = {}
        self._negative = _alternation(lexicon.NEGATIVE_CUES)
        self._positive = _alternation(lexicon.POSITIVE_CUES)
        outposts = {
            outpost: office for office, spots in lexicon.OUTPOSTS.items() for outpost in spots
        }
        self._outpost_office = outposts
        self._outpost = re.compile("(" + _alternation(outposts).pattern + r").{0,12}?检察室")
        self._case_words = _alternation(lexicon.CASE_WORDS)
        self._other_organs = _alternation(lexicon.OTHER_ORGANS)
        self._other_places = _alternation(lexicon.OTHER_PLACES)
        self._namesake_cue = _alternation(lexicon.NAMESAKE_CUES)
        self._impostor = _alternation(lexicon.IMPOSTOR)
        self._own_media = re.compile(
            r"新媒体|工作室|普法|微电影|短剧|视频号|@聊城检察|检察官演|干警演|演员都是"
        )
        surnames: dict[str, str | None] = {}
        for name, office in lexicon.WATCH_NAMES.items():
            surnames[name[0]] = office if name[0] not in surnames else None
        self._surname_office = surnames
        self._title = re.compile("([" + "".join(surnames) + "])(?:检察长|检察官|副检察长)")
        self._short_title = re.compile("([" + "".join(surnames) + "])检(?![察查测验修举索票])")
        self._city_office = re.compile(
            r"(?:聊城|(?<![\u4e00-\u9fff])|(?<=[去到在找向给了的是和跟说个]))"
            r"市(?:检察院|院(?=介入|检察|领导|回应))"
        )
        self._spellings = _alternation(lexicon.SPELLINGS)
        self._pinyin = re.compile("(?:" + _alternation(lexicon.PINYIN).pattern + r")(?![a-z])")
        self._official = _alternation(lexicon.OFFICIAL)
        self._doubt = _alternation(lexicon.DOUBT)
        self._canonical_name = {
            **{n: n for n in lexicon.WATCH_NAMES},
            **lexicon.WATCH_VARIANTS,
        }

    # -- relevance ----------------------------------------------------------------------

    def relevance(self, text: str) -> tuple[bool, str | None, tuple[str, ...], tuple[str, ...]]:
        """(relevant, office, watch-listed names, reasons) of a normalised text."""
        if self._spellings.search(text):
            text = self._spellings.sub(lambda m: lexicon.SPELLINGS[m.group()], text)
        if self._pinyin.search(text):
            text = self._pinyin.sub(_pinyin_word, text)
        if self.terms.exclusions and (m := self._exclusions.search(text)):
            return False, None, (), (f"exclusion:{m.group()}",)
        if m := self._fiction.search(text):
            if not self._own_media.search(text):
                return False, None, (), (f"fiction:{m.group()}",)
        if m := self._namesake_cue.search(text):
            return False, None, (), (f"namesake:{m.group()}",)
        names = tuple(
            dict.fromkeys(self._canonical_name.get(n, n) for n in self._names.findall(text))
        )
        impostor = self._impostor.search(text)
        landmark = lexicon.LANDMARK.search(text) and not self._case_words.search(text)
        near = self._office_near.search(text)
        if near and not impostor and not landmark:
            return True, self._place_office[near.group(1)], names, (f"office:{near.group()}",)
        if outpost := self._outpost.search(text):
            office = self._outpost_office[outpost.group(1)]
            return True, office, names, (f"outpost:{outpost.group()}",)
        if self.terms.keywords and (m := self._keywords.search(text)):
            return True, None, names, (f"keyword:{m.group()}",)
        procuratorial = self._procuratorial.search(text)
        # a namesake: the name beside another place's office, no Liaocheng place in the post
        elsewhere = (
            bool(names) and bool(self._other_near.search(text)) and not self._places.search(text)
        )
        if names and not elsewhere and (self._name_context.search(text) or procuratorial):
            if not (self._namesake.search(text) and not procuratorial):
                named = self.terms.names.get(names[0])
                return True, named, names, (f"name:{names[0]}",)
        if m := self._title.search(text):
            if not self._other_near.search(text) and not self._other_place(text):
                titled = self._surname_office.get(m.group(1))
                return True, titled, names, (f"title:{m.group()}",)
        # round 9: surname + 检 (刘检, 赵检) with the place of that surname's office in the post
        for m in self._short_title.finditer(text):
            short = self._surname_office.get(m.group(1))
            if short and any(p in text for p in self.terms.offices.get(short, ())):
                return True, short, names, (f"title:{m.group()}",)
        compared = self._places.search(text) and lexicon.COMPARISON.search(text)
        other_office = None if compared else self._other_near.search(text)
        if lexicon.CITY in text and not (impostor or landmark or other_office):
            # the city named and "市检察院": its office, wherever else the post goes
            if m := self._city_office.search(text):
                return True, lexicon.CITY_OFFICE, names, (f"city:{m.group()}",)
        other = other_office or (not compared and self._other_place(text))
        if impostor or landmark or other:
            return False, None, names, ()
        place = self._places.search(text)
        if procuratorial and place:
            return True, self._place_office[place.group()], names, (f"place:{place.group()}",)
        if m := self._city_office.search(text):
            return True, lexicon.CITY_OFFICE, names, (f"city:{m.group()}",)
        if place and self._case_words.search(text) and not self._other_organs.search(text):
            return True, self._place_office[place.group()], names, (f"case:{place.group()}",)
        if "12309" in text:
            return True, None, names, ("hotline:12309",)
        return False, None, names, ()

    def _other_place(self, text: str) -> bool:
        """Another place is named, other than as where a petitioner will go next
        ("不行就去北京")."""
        return any(
            m.start() == 0 or text[m.start() - 1] not in "去到上跑"
            for m in self._other_places.finditer(text)
        )

    # -- sentiment and severity ---------------------------------------------------------

    def major_cue(self, text: str) -> str | None:
        """The first major cue of a text (an accusation, a group action, a threat to life,
        an accusation in people's words), remembered for the batch being assessed."""
        memo = self._cue_memo
        if text in memo:
            return memo[text]
        if len(memo) >= 4096:  # called outside a batch (training, one post at a time)
            memo.clear()
        found = memo[text] = self._major_cue(text)
        return found

    def _major_cue(self, text: str) -> str | None:
        for pattern in (self._accusation, self._group):
            if m := pattern.search(text):
                return m.group()
        if (m := self._life.search(text)) and not _LAUGH_DEATH.search(text):
            return m.group()
        if m := lexicon.MAJOR_PATTERNS.search(text):
            return m.group()
        return None

    def accused(self, text: str) -> accusation.Reading:
        """The accusation in a normalised text read as structure (`accusation.read`):
        who is accused, of what kind of wrong, in what mode."""
        named = bool(self._names.search(text) or self._title.search(text))
        return accusation.read(text, named)

    def readings(self, text: str, reading: accusation.Reading | None = None) -> dict[str, int]:
        """Who is accused of what, as the severity model reads a normalised text: the
        accusation's reading (`accused`: targets, wrongs, mode and their crossings), the
        rules' major cue, an accusation in the lexicon's words and whether it names a
        watched person or an office's leadership, a threat to life, a group action, a
        call to spread, doubt, an official statement, a question, and (round 7) an
        accusation by implication (`_implied`)."""
        accused = self._accusation.search(text) or lexicon.MAJOR_PATTERNS.search(text)
        named = bool(self._names.search(text) or self._title.search(text))
        leadership = bool(_LEADERSHIP.search(text))
        cues = self.cues(text)
        if reading is None:
            reading = accusation.read(text, named)
        speaker = _speaker(text)
        wrong = reading.accusation or reading.harm
        return {
            **reading.features(),
            **{f"s_{who}": 1 for who in speaker},
            **{f"s_{who}_wrong": int(wrong) for who in speaker},
            "decisive": int(reading.decisive() is not None),
            "cue_claimed": int(cues["major"] > 0 and reading.claimed),
            "cue": cues["major"],
            "accusation": int(accused is not None),
            "named": int(named),
            "leadership": int(leadership),
            "accuses_named": int(accused is not None and (named or leadership)),
            "life": int(self._life.search(text) is not None and _LAUGH_DEATH.search(text) is None),
            "group": int(self._group.search(text) is not None),
            "spread": cues["spread"],
            "negative": min(cues["negative"], 3),
            "doubt": int(cues["doubt"] > 0),
            "official": int(cues["official"] > 0),
            "question": int("?" in text or text.endswith(("吗", "不", "没"))),
            "address": int(_ADDRESS.search(text) is not None),
            "rhetoric": int(_RHETORIC.search(text) is not None),
            "money": int(_MONEY.search(text) is not None),
            "irony": int(cues["positive"] > 0 and _IRONY.search(text) is not None),
            "long": int(len(text) >= 80),
            **(self._implied(text, reading) if IMPLIED else {}),
            **(_structure(text) if STRUCTURE else {}),
        }

    @staticmethod
    def _implied(text: str, reading: accusation.Reading) -> dict[str, int]:
        """The readings of an accusation by implication (round 7), crossed with a person
        aimed at (a name, the leadership, the one handling the case, someone behind it)
        or with a wrong the accusation reading found; and (round 8) the office's aid or
        thanks after a harm."""
        person = bool(reading.targets & _PERSON)
        wrong = reading.accusation
        leading = _LEADING.search(text) is not None
        hearsay = _HEARSAY.search(text) is not None
        pull = _PULL.search(text) is not None
        sarcasm = _SARCASM.search(text) is not None
        hurt = _HURT.search(text) is not None and _LAUGH_DEATH.search(text) is None
        aid = _AID.search(text) is not None
        return {
            "leading": int(leading),
            "leading_person": int(leading and person),
            "hearsay_person": int(hearsay and person),
            "hearsay_wrong": int(hearsay and (wrong or pull)),
            "pull_person": int(pull and person),
            "sarcasm": int(sarcasm),
            "sarcasm_person": int(sarcasm and (person or wrong)),
            "hurt_case": int(hurt and _CASE.search(text) is not None),
            "aid": int(aid),
            "aid_harm": int(aid and (hurt or reading.harm)),
        }

    def cues(self, text: str) -> dict[str, int]:
        """How many distinct cues of each family the text has (the sentiment model's
        features besides its n-grams)."""
        official = 0 if lexicon.DISTRUST.search(text) else len(set(self._official.findall(text)))
        return {
            "negative": len(set(self._negative.findall(text))),
            "positive": len(set(self._positive.findall(text))),
            "official": official,
            "doubt": 0
            if lexicon.DOUBT_TAKEN_BACK.search(text)
            else len(set(self._doubt.findall(text))),
            "major": int(self.major_cue(text) is not None),
            "spread": int(self._spread.search(text) is not None),
            # round 9, the attitude's target: the office speaking of itself (plain news), and
            # thanks or aid told through a grim matter (the grim words are not the attitude)
            "office_voice": int(_OFFICE_VOICE.search(text) is not None),
            "grim_thanks": int(_AID.search(text) is not None and _HURT.search(text) is not None),
        }

    def sentiment(self, text: str) -> Sentiment:
        return self.sentiments([text])[0]

    def sentiments(self, texts: list[str]) -> list[Sentiment]:
        """The sentiment of each normalised text; the trained model scores the batch in
        one pass."""
        out: list[Sentiment | None] = []
        pending: list[tuple[int, str, dict[str, int]]] = []
        for i, text in enumerate(texts):
            cues = self.cues(text)
            asking = "?" in text or text.endswith(("吗", "不", "没"))
            accusing = cues["major"] and not (cues["official"] or cues["doubt"] or asking)
            if accusing or (cues["negative"] and cues["spread"]):
                out.append("negative")
            else:
                out.append(None)
                pending.append((i, text, cues))
        trained = self.sentiment_model
        if isinstance(trained, SentimentModel):
            predicted = trained.predict_many(
                [t for _i, t, _c in pending], [c for *_x, c in pending]
            )
            for (i, _t, _c), label in zip(pending, predicted, strict=True):
                out[i] = cast(Sentiment, label)
        else:
            for i, text, cues in pending:
                out[i] = self._untrained(text, cues)
        return out  # type: ignore[return-value]

    def _untrained(self, text: str, cues: dict[str, int]) -> Sentiment:
        base = engine_sentiment(text)
        if cues["negative"] > cues["positive"]:
            return "negative"
        if cues["positive"] > cues["negative"]:
            return "positive" if base != "negative" or cues["positive"] >= 2 else "negative"
        return base

    def assess(
        self, text: str, *, normalised: bool = False, judge: bool | None = True
    ) -> Assessment:
        """`judge=None`: the sentiment only when the text is relevant (else neutral)."""
        return self.assess_many([text], normalised=normalised, judge=judge)[0]

    def assess_many(
        self, texts: list[str], *, normalised: bool = False, judge: bool | None = True
    ) -> list[Assessment]:
        """`assess` of a batch. Relevance is the gate: with `judge=None` a post that is not
        about the offices skips the sentiment model."""
        norms = texts if normalised else [normalise(t) for t in texts]
        self._cue_memo = {}  # major cues are looked up once per text of this batch
        found = [self.relevance(n) for n in norms]
        judged = [i for i, f in enumerate(found) if judge or f[0]]
        moods: list[Sentiment] = ["neutral"] * len(norms)
        for i, mood in zip(judged, self.sentiments([norms[i] for i in judged]), strict=True):
            moods[i] = mood
        if isinstance(self.severity, SeverityModel) and self.severity.decides:
            return self._model_decides(norms, found, moods, self.severity)
        majors: list[bool] = []
        why: list[tuple[str, ...]] = []
        asked: list[int] = []  # posts the severity model judges
        read_of: dict[int, accusation.Reading] = {}
        for i, (norm, (relevant, _o, _n, reasons), mood) in enumerate(
            zip(norms, found, moods, strict=True)
        ):
            cue = self.major_cue(norm)
            spread = self._spread.search(norm)
            major = cue is not None or (spread is not None and mood == "negative")
            reading = None
            if cue and relevant and mood == "negative":
                # a cue in a post that asks, doubts, denies or speaks in the office's own
                # voice is not yet an accusation: the severity model weighs it
                reading = self.accused(norm)
                if not reading.claimed and isinstance(self.severity, SeverityModel):
                    cue, major = None, False
                    asked.append(i)
                    read_of[i] = reading
            if cue:
                reasons = (*reasons, f"major:{cue}")
            elif major and spread:
                reasons = (*reasons, f"major:{spread.group()}")
            elif relevant and mood == "negative" and i not in read_of:
                reading = reading or self.accused(norm)
                if decisive := reading.decisive():
                    major = True
                    reasons = (*reasons, f"major:{decisive}")
                elif isinstance(self.severity, SeverityModel):
                    asked.append(i)
                    read_of[i] = reading
            majors.append(major)
            why.append(reasons)
        if asked and isinstance(self.severity, SeverityModel):
            texts = [norms[i] for i in asked]
            chances = self.severity.probabilities(
                texts, [self.readings(norms[i], read_of[i]) for i in asked]
            )
            for i, probability in zip(asked, chances, strict=True):
                if probability >= self.severity.threshold:
                    majors[i] = True
                    why[i] = (*why[i], f"major:model {probability:.2f}")
        return [
            Assessment(norm, relevant, office, names, mood, major, reasons)
            for norm, (relevant, office, names, _r), mood, major, reasons in zip(
                norms, found, moods, majors, why, strict=True
            )
        ]

    def _model_decides(
        self,
        norms: list[str],
        found: list[tuple[bool, str | None, tuple[str, ...], tuple[str, ...]]],
        moods: list[Sentiment],
        severity: SeverityModel,
    ) -> list[Assessment]:
        """Severity as the model decides it (round 6): every relevant post that is not
        judged positive is weighed by the severity model, whatever its sentiment, on its
        n-grams and its readings (the accusation's target, wrong and mode; the lexicon's
        cues as features, not as verdicts). A post judged major is negative news (the
        policy: an accusation, a death, a group action is negative), so its sentiment
        becomes negative. An irrelevant post keeps its major cue (a repost that makes it
        relevant passes it on)."""
        majors: list[bool] = []
        why: list[tuple[str, ...]] = []
        asked: list[int] = []
        for i, (norm, (relevant, _o, _n, reasons), mood) in enumerate(
            zip(norms, found, moods, strict=True)
        ):
            majors.append(not relevant and self.major_cue(norm) is not None)
            why.append(reasons)
            if relevant and (mood != "positive" or severity.judges_positive):
                asked.append(i)
        if asked:
            chances = severity.probabilities(
                [norms[i] for i in asked], [self.readings(norms[i]) for i in asked]
            )
            for i, probability in zip(asked, chances, strict=True):
                if probability >= severity.threshold:
                    majors[i] = True
                    moods[i] = "negative"
                    why[i] = (*why[i], f"major:model {probability:.2f}")
        return [
            Assessment(norm, relevant, office, names, mood, major, reasons)
            for norm, (relevant, office, names, _r), mood, major, reasons in zip(
                norms, found, moods, majors, why, strict=True
            )
        ]
