"""The monitoring pipeline, one post at a time and in order: the code the worker and
`eqiao opinion analyze` share. Pure Python (no Django): the worker feeds it posts from the
database and stores what it returns; the CLI feeds it JSON Lines.

    normalise → near-duplicate merge → relevance → sentiment → severity → event → burst

- normalise: the text engine's normaliser (full-width, emoji → words, OpenCC t2s) and URLs
  dropped;
- near-duplicates: the engine's MinHash index over the post's own content (a repost's
  "//@a: //@b: original" chain is reduced to the original), always pointing to the FIRST
  post of a chain; a repost takes its original's relevance and event and adds to its reach;
- relevance, sentiment, severity: `Rules` built from `Terms` (the lexicon plus the
  installation's watch-list rows);
- events: a relevant post joins the recent event of the same office whose distinctive words
  it shares most (idf-weighted), else opens one;
- bursts: a source's hourly volume or negative share against its own moving baseline.

`Analyzer` keeps that state; `assess` is the stateless part (what a worker process may do
in parallel).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, OrderedDict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Literal, cast

from eqiao.opinion import lexicon
from eqiao.opinion.dedup import Fingerprint, RepostIndex
from eqiao.opinion.sentiment import SentimentModel
from eqiao.opinion.sentiment import model as sentiment_model
from eqiao.opinion.severity import SeverityModel
from eqiao.opinion.severity import model as severity_model_shipped
from eqiao.text.normalize import normalize
from eqiao.text.sentiment import sentiment as engine_sentiment

Sentiment = Literal["positive", "neutral", "negative"]
Severity = Literal["major", "minor"]

_URL = re.compile(r"(?:https?://|www\.)[\w\-./?%&=#:~+]*|\b[\w-]+\.(?:cn|com|net)/[\w\-./?%&=]*")
# "//@某某:" or "//@某某：" starts the reposted text in a Weibo chain.
_CHAIN = re.compile(r"//\s*@[^:：\s]{1,30}\s*[:：]")
_REPOST_WORDS = re.compile(r"^\s*(?:转发微博|转发|repost|轉發微博|轉發|rt)\s*[:：]?\s*", re.I)
_LETTERS = re.compile(r"[\w]")
_CJK = re.compile(r"[\u4e00-\u9fff]+")


def strip_urls(text: str) -> str:
    return _URL.sub(" ", text)


def normalise(text: str) -> str:
    """The analysis form of a post: URLs out, then the engine's normaliser."""
    return normalize(strip_urls(text))


def split_repost(text: str) -> tuple[str, str]:
    """(the poster's own comment, the reposted content) of a post; ("", text) for a post
    that only says 转发微博, (text, "") for a post that reposts nothing."""
    parts = _CHAIN.split(text)
    if len(parts) > 1:
        content = parts[-1].strip()
        comment = _REPOST_WORDS.sub("", parts[0]).strip()
        return comment, content
    stripped = _REPOST_WORDS.sub("", text)
    if stripped != text:
        return "", stripped.strip()
    return text, ""


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
    major: bool  # a major cue, whatever the sentiment
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
        if names and (self._name_context.search(text) or procuratorial):
            if not (self._namesake.search(text) and not procuratorial):
                named = self.terms.names.get(names[0])
                return True, named, names, (f"name:{names[0]}",)
        if m := self._title.search(text):
            if not self._other_near.search(text) and not self._other_place(text):
                titled = self._surname_office.get(m.group(1))
                return True, titled, names, (f"title:{m.group()}",)
        other = self._other_near.search(text) or self._other_place(text)
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

    def readings(self, text: str) -> dict[str, int]:
        """Who is accused of what, as the severity model reads a normalised text: the
        rules' major cue, an accusation and whether it names a watched person or an
        office's leadership, a threat to life, a group action, a call to spread, doubt,
        an official statement, a question."""
        accusation = self._accusation.search(text) or lexicon.MAJOR_PATTERNS.search(text)
        named = bool(self._names.search(text) or self._title.search(text))
        leadership = bool(_LEADERSHIP.search(text))
        cues = self.cues(text)
        return {
            "cue": cues["major"],
            "accusation": int(accusation is not None),
            "named": int(named),
            "leadership": int(leadership),
            "accuses_named": int(accusation is not None and (named or leadership)),
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
        }

    def cues(self, text: str) -> dict[str, int]:
        """How many distinct cues of each family the text has (the sentiment model's
        features besides its n-grams)."""
        official = 0 if lexicon.DISTRUST.search(text) else len(set(self._official.findall(text)))
        return {
            "negative": len(set(self._negative.findall(text))),
            "positive": len(set(self._positive.findall(text))),
            "official": official,
            "doubt": len(set(self._doubt.findall(text))),
            "major": int(self.major_cue(text) is not None),
            "spread": int(self._spread.search(text) is not None),
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
        majors: list[bool] = []
        why: list[tuple[str, ...]] = []
        asked: list[int] = []  # posts the severity model judges
        for i, (norm, (relevant, _o, _n, reasons), mood) in enumerate(
            zip(norms, found, moods, strict=True)
        ):
            cue = self.major_cue(norm)
            spread = self._spread.search(norm)
            major = cue is not None or (spread is not None and mood == "negative")
            if cue:
                reasons = (*reasons, f"major:{cue}")
            elif major and spread:
                reasons = (*reasons, f"major:{spread.group()}")
            elif relevant and mood == "negative" and isinstance(self.severity, SeverityModel):
                asked.append(i)
            majors.append(major)
            why.append(reasons)
        if asked and isinstance(self.severity, SeverityModel):
            texts = [norms[i] for i in asked]
            chances = self.severity.probabilities(texts, [self.readings(t) for t in texts])
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


# -- events -----------------------------------------------------------------------------

_STOP_BIGRAMS = frozenset(
    "检察 察院 人民 民检 我们 你们 他们 这个 那个 什么 怎么 没有 就是 还是 一个 已经 现在 "
    "今天 昨天 大家 真的 微博 转发 可以 自己 这样 知道 因为 所以 但是 如果 不是".split()
)


def key_bigrams(text: str) -> frozenset[str]:
    """The distinctive two-character words of a text (CJK only, stop pairs out)."""
    grams: set[str] = set()
    for run in _CJK.findall(text):
        grams.update(run[i : i + 2] for i in range(len(run) - 1))
    return frozenset(grams - _STOP_BIGRAMS)


COMMON_SHARE = 0.02


@dataclass
class _Event:
    id: Hashable
    office: str | None
    terms: Counter
    posts: int
    last_at: dt.datetime | None


class EventClusterer:
    """Assigns relevant posts to events: the recent event (of the same office, or any when
    the post names none) sharing the largest idf-weighted part of the post's words. An
    inverted index (word → recent events) keeps the comparison to the events that share a
    word with the post."""

    def __init__(self, threshold: float = 0.3, window: int = 200, max_age_days: int = 14) -> None:
        self.threshold = threshold
        self.window = window
        self.max_age = dt.timedelta(days=max_age_days)
        self._events: OrderedDict[Hashable, _Event] = OrderedDict()
        self._by_gram: dict[str, set[Hashable]] = {}
        self._df: Counter = Counter()
        self._docs = 0

    def _idf(self, gram: str) -> float:
        return math.log((self._docs + 1) / (self._df[gram] + 1)) + 1.0

    def _index(self, event_id: Hashable, grams: Iterable[str]) -> None:
        by_gram = self._by_gram
        for g in grams:
            ids = by_gram.get(g)
            if ids is None:
                by_gram[g] = {event_id}
            else:
                ids.add(event_id)

    def _open(self, event_id: Hashable, office: str | None, grams: frozenset[str], at) -> None:
        self._events[event_id] = _Event(event_id, office, Counter(grams), 1, at)
        self._index(event_id, grams)
        while len(self._events) > self.window:
            _old_id, old = self._events.popitem(last=False)
            for g in old.terms:
                ids = self._by_gram.get(g)
                if ids is not None:
                    ids.discard(_old_id)
                    if not ids:
                        del self._by_gram[g]

    def assign(
        self,
        post_id: Hashable,
        text: str,
        office: str | None,
        at: dt.datetime | None = None,
        new_id: Callable[[], Hashable] | None = None,
    ) -> Hashable:
        grams = key_bigrams(text)
        self._docs += 1
        df = self._df
        df.update(grams)
        # idf = log((docs + 1) / (df + 1)) + 1, as `_idf`, without a call per word
        log, base = math.log, math.log(self._docs + 1) + 1.0
        idf = {g: base - log(df[g] + 1) for g in grams}
        total = sum(idf.values()) or 1.0
        shared: dict[Hashable, float] = {}
        # Words in more than COMMON_SHARE of the posts say nothing about the matter (and
        # would make every event a candidate).
        common = max(20.0, COMMON_SHARE * self._docs)
        by_gram = self._by_gram
        for g in grams:
            if df[g] > common:
                continue
            events = by_gram.get(g)
            if events:
                weight = idf[g]
                for event_id in events:
                    shared[event_id] = shared.get(event_id, 0.0) + weight
        best, best_score = None, 0.0
        for event_id, weight in shared.items():
            event = self._events[event_id]
            if office and event.office and office != event.office:
                continue
            if at and event.last_at and at - event.last_at > self.max_age:
                continue
            score = weight / total
            if score > best_score or (
                score == best_score and best is not None and event.posts > best.posts
            ):
                best, best_score = event, score
        if best is not None and best_score >= self.threshold:
            best.terms.update(grams)
            self._index(best.id, grams)
            best.posts += 1
            best.office = best.office or office
            best.last_at = at or best.last_at
            self._events.move_to_end(best.id)
            return best.id
        event_id = new_id() if new_id is not None else post_id
        self._open(event_id, office, grams, at)
        return event_id

    def known(
        self, event_id: Hashable, text: str, office: str | None, at: dt.datetime | None
    ) -> None:
        """Replay a stored post of a stored event (a worker warming up)."""
        grams = key_bigrams(text)
        self._docs += 1
        self._df.update(grams)
        event = self._events.get(event_id)
        if event is None:
            self._open(event_id, office, grams, at)
            return
        event.terms.update(grams)
        self._index(event_id, grams)
        event.posts += 1
        event.last_at = at or event.last_at
        self._events.move_to_end(event_id)

    def join(self, event_id: Hashable, text: str) -> None:
        """A repost's words strengthen the event it belongs to."""
        event = self._events.get(event_id)
        if event is not None:
            grams = key_bigrams(text)
            event.terms.update(grams)
            self._index(event_id, grams)
            event.posts += 1


# -- bursts -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Burst:
    source: str
    hour: dt.datetime
    volume: int
    baseline: float
    negative_share: float
    reason: str  # "volume" or "negative"


class BurstDetector:
    """A source's posts per hour against its own baseline (a moving average of earlier
    hours): a burst when the hour's volume reaches `factor` × baseline (and at least
    `min_volume`), or when its negative share exceeds the baseline share by `share_jump`
    (with at least `min_volume` posts). At most one burst per source and hour."""

    def __init__(
        self,
        factor: float = 3.0,
        min_volume: int = 10,
        share_jump: float = 0.3,
        alpha: float = 0.2,
    ) -> None:
        self.factor, self.min_volume, self.share_jump, self.alpha = (
            factor,
            min_volume,
            share_jump,
            alpha,
        )
        self._hour: dict[str, dt.datetime] = {}
        self._count: dict[str, int] = {}
        self._negative: dict[str, int] = {}
        self._baseline: dict[str, float] = {}
        self._share: dict[str, float] = {}
        self._fired: set[tuple[str, dt.datetime]] = set()

    def seed(self, source: str, baseline: float, negative_share: float = 0.2) -> None:
        self._baseline[source] = baseline
        self._share[source] = negative_share

    def add(self, source: str, at: dt.datetime, negative: bool) -> Burst | None:
        hour = at.replace(minute=0, second=0, microsecond=0)
        current = self._hour.get(source)
        if current is None or hour > current:
            if current is not None:
                self._roll(source, current, hour)
            self._hour[source], self._count[source], self._negative[source] = hour, 0, 0
        elif hour < current:
            return None  # a late post counts in no closed hour
        self._count[source] += 1
        self._negative[source] += int(negative)
        count, baseline = self._count[source], self._baseline.get(source)
        if baseline is None or (source, hour) in self._fired or count < self.min_volume:
            return None
        share = self._negative[source] / count
        reason = None
        if count >= self.factor * max(baseline, 1.0):
            reason = "volume"
        elif share >= self._share.get(source, 0.0) + self.share_jump:
            reason = "negative"
        if reason is None:
            return None
        self._fired.add((source, hour))
        return Burst(source, hour, count, baseline, share, reason)

    def _roll(self, source: str, closed: dt.datetime, new: dt.datetime) -> None:
        hours = max(1, int((new - closed).total_seconds() // 3600))
        count, negative = self._count[source], self._negative[source]
        volumes = [count] + [0] * (hours - 1)
        for volume in volumes:
            previous = self._baseline.get(source)
            self._baseline[source] = (
                float(volume)
                if previous is None
                else (1 - self.alpha) * previous + self.alpha * volume
            )
        if count:
            share = negative / count
            previous_share = self._share.get(source)
            self._share[source] = (
                share
                if previous_share is None
                else (1 - self.alpha) * previous_share + self.alpha * share
            )


# -- the whole pipeline -----------------------------------------------------------------


@dataclass(frozen=True)
class Post:
    id: Hashable
    source: str
    text: str
    posted_at: dt.datetime | None = None


@dataclass(frozen=True)
class Result:
    id: Hashable
    relevant: bool
    sentiment: Sentiment
    severity: Severity | None
    dup_of: Hashable | None
    event: Hashable | None
    office: str | None = None
    names: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()
    text: str = ""
    burst: Burst | None = None

    def line(self) -> dict:
        """The `eqiao opinion analyze` output line."""
        return {
            "id": self.id,
            "relevant": self.relevant,
            "sentiment": self.sentiment,
            "severity": self.severity,
            "dup_of": self.dup_of,
            "event": self.event,
        }


@dataclass(frozen=True)
class Prepared:
    """What `prepare` computes without state (parallelisable)."""

    post: Post
    whole: Assessment
    comment: Assessment | None  # the repost's own comment, when it has one
    content: str  # the text the near-duplicate index sees
    fingerprint: Fingerprint  # its shingles and band keys

    def stored(self) -> dict:
        """The judgements as JSON (the fingerprint is stored on its own)."""

        def flat(a: Assessment | None) -> list | None:
            if a is None:
                return None
            return [
                a.text,
                a.relevant,
                a.office,
                list(a.names),
                a.sentiment,
                a.major,
                list(a.reasons),
            ]

        return {"whole": flat(self.whole), "comment": flat(self.comment)}

    @classmethod
    def from_stored(cls, post: Post, data: dict, fingerprint: Fingerprint) -> Prepared:
        def assessment(row: list | None) -> Assessment | None:
            if row is None:
                return None
            text, relevant, office, names, mood, major, reasons = row
            return Assessment(text, relevant, office, tuple(names), mood, major, tuple(reasons))

        whole = assessment(data["whole"])
        assert whole is not None
        content = split_repost(post.text)[1] or post.text
        return cls(post, whole, assessment(data["comment"]), content, fingerprint)


class Analyzer:
    """The stateful pipeline: near-duplicate index, roots of repost chains, events, bursts.

    `analyze(post)` must see posts in order (a repost after its original)."""

    def __init__(
        self,
        terms: Terms | None = None,
        dedup_threshold: float = 0.6,
        *,
        judge_irrelevant: bool = True,
        severity: SeverityModel | None | str = "shipped",
    ) -> None:
        # The CLI labels every post; the worker skips the sentiment model for posts that
        # are not about the offices (they are only counted), which halves its work.
        self.judge_irrelevant = judge_irrelevant
        # Called with (post, office) when a post opens an event; returns the event's id
        # (the worker's OpinionEvent pk). None: the event is named by its first post's id.
        self.event_id_factory: Callable[[Post, str | None], Hashable] | None = None
        self.rules = Rules(terms, severity)
        self.index = RepostIndex(threshold=dedup_threshold)
        self.events = EventClusterer()
        self.bursts = BurstDetector()
        # a repost's chain root, and what each post was found to be: for the posts the
        # index keeps (forgotten with them, so the state stays bounded)
        self._root: dict[Hashable, Hashable] = {}
        self._known: dict[Hashable, tuple[bool, str | None, Hashable | None, Sentiment, bool]] = {}
        self.index.on_evict = self._forget

    def _forget(self, ids: list[Hashable]) -> None:
        root, known = self._root, self._known
        for post_id in ids:
            root.pop(post_id, None)
            known.pop(post_id, None)

    @cached_property
    def _empty(self) -> Assessment:
        return Assessment("", False, None, (), "neutral", False, ())

    def prepare(self, post: Post) -> Prepared:
        return self.prepare_many([post])[0]

    def prepare_many(self, posts: list[Post]) -> list[Prepared]:
        """The stateless part of a batch of posts (a worker process may do it in parallel):
        normalising, relevance, sentiment, severity cues, near-duplicate fingerprints."""
        splits = [split_repost(p.text) for p in posts]
        wholes = self.rules.assess_many(
            [p.text for p in posts], judge=self.judge_irrelevant or None
        )
        commented = [
            i
            for i, (comment, content) in enumerate(splits)
            if content and _LETTERS.search(normalise(comment))
        ]
        comments: list[Assessment | None] = [None] * len(posts)
        for i, own in zip(
            commented, self.rules.assess_many([splits[i][0] for i in commented]), strict=True
        ):
            comments[i] = own
        contents = [content or p.text for p, (_c, content) in zip(posts, splits, strict=True)]
        prints = self.index.fingerprints(contents)
        return [
            Prepared(p, w, c, t, f)
            for p, w, c, t, f in zip(posts, wholes, comments, contents, prints, strict=True)
        ]

    def remember(
        self,
        post: Post,
        *,
        relevant: bool,
        office: str | None,
        event: Hashable | None,
        sentiment: Sentiment,
        major: bool,
        dup_of: Hashable | None,
        fingerprint: Fingerprint | None = None,
        normalised: str | None = None,
        burst: bool = False,
    ) -> None:
        """Replay a post analysed earlier (by another process) without judging it again:
        its fingerprint (as stored, else made again), its chain, its event's words and,
        with `burst`, its count in the hourly volumes."""
        if fingerprint is None:
            _comment, content = split_repost(post.text)
            fingerprint = self.index.fingerprint(content or post.text)
        self.index.insert(post.id, fingerprint)
        if dup_of is not None:
            self._root[post.id] = self._root.get(dup_of, dup_of)
        self._known[post.id] = (relevant, office, event, sentiment, major)
        if relevant and event is not None:
            text = normalised if normalised is not None else normalise(post.text)
            self.events.known(event, text, office, post.posted_at)
        if burst and relevant and post.posted_at is not None:
            self.bursts.add(post.source, post.posted_at, sentiment == "negative")

    def _assign(self, post: Post, text: str, office: str | None) -> Hashable:
        factory = self.event_id_factory
        new_id = (lambda: factory(post, office)) if factory is not None else None
        return self.events.assign(post.id, text, office, post.posted_at, new_id)

    def analyze(self, post: Post) -> Result:
        return self.merge(self.prepare(post))

    def analyze_many(self, posts: Iterable[Post]) -> list[Result]:
        return [self.merge(p) for p in self.prepare_many(list(posts))]

    def merge(self, prepared: Prepared) -> Result:
        """The ordered part: duplicates, events and bursts of a prepared post."""
        post, whole = prepared.post, prepared.whole
        match = self.index.add(post.id, prepared.fingerprint)
        dup_of = self._root.get(match, match) if match is not None else None
        reasons = whole.reasons
        if dup_of is not None:
            self._root[post.id] = dup_of
            # the root's own record, or (the root forgotten) the match's, which took it
            known = self._known.get(dup_of) or self._known[match]
            relevant, office, event, mood, major = known
            if whole.relevant and not relevant:
                relevant, office = True, whole.office
            own = prepared.comment
            # A reposter's own words decide, except that a short reaction to a major
            # original ("细思极恐", "俺也去") passes the accusation on: only doubt or
            # discouragement takes its weight away.
            passes_major = major and mood == "negative"
            if own is not None and lexicon.COMMENT_DOUBT.search(own.text):
                mood, major = "neutral", False
            elif own is not None and own.sentiment == "negative":
                mood, major = "negative", major or whole.major
            elif own is not None and own.sentiment == "positive" and not passes_major:
                mood = "positive"
            elif own is None and prepared.content == post.text:  # an edited copy
                mood, major = whole.sentiment, whole.major
            if relevant and event is None:
                event = self._assign(post, whole.text, office)
            elif event is not None:
                self.events.join(event, whole.text)
            reasons = (*reasons, f"dup_of:{dup_of}")
        else:
            relevant, office, mood, major = (
                whole.relevant,
                whole.office,
                whole.sentiment,
                whole.major,
            )
            event = self._assign(post, whole.text, office) if relevant else None
        if not relevant:
            event = None
        self._known[post.id] = (relevant, office, event, mood, major)
        severity: Severity | None = None
        if relevant and mood == "negative":
            severity = "major" if major else "minor"
        burst = None
        if post.posted_at is not None and relevant:
            burst = self.bursts.add(post.source, post.posted_at, mood == "negative")
        return Result(
            id=post.id,
            relevant=relevant,
            sentiment=mood,
            severity=severity,
            dup_of=dup_of,
            event=event,
            office=office,
            names=whole.names,
            reasons=reasons,
            text=whole.text,
            burst=burst,
        )
