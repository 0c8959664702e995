"""The monitoring pipeline, one post at a time and in order: the code the worker and
`eqiao opinion analyze` share. Pure Python (no Django): the worker feeds it posts from the
database and stores what it returns; the CLI feeds it JSON Lines.

    normalise → near-duplicate merge → relevance → sentiment → severity → event → burst

- normalise: the text engine's normaliser (full-width, emoji → words, OpenCC t2s) and URLs
  dropped;
- near-duplicates: the engine's MinHash index over the post's own content (a repost's
  "//@a: //@b: original" chain is reduced to the original), always pointing to the FIRST
  post of a chain; a repost takes its original's relevance and event and adds to its reach;
- relevance, sentiment, severity: `rules.Rules` built from `rules.Terms` (the lexicon plus
  the installation's watch-list rows);
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
from dataclasses import dataclass
from functools import cached_property

from eqiao.opinion import lexicon
from eqiao.opinion.dedup import Fingerprint, RepostIndex
from eqiao.opinion.normal import Sentiment, Severity, normalise, split_repost
from eqiao.opinion.rules import Assessment, Rules, Terms
from eqiao.opinion.severity import SeverityModel

_LETTERS = re.compile(r"[\w]")
_CJK = re.compile(r"[\u4e00-\u9fff]+")


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
