"""The knowledge base's search engine: BM25 over articles and FAQ entries, in process.

Pure Python and numpy, no Django: `eqiao.knowledge.selectors` builds an `Index` from the
database rows and keeps it until the content changes. Being in process, the ranking is the
same on SQLite and PostgreSQL (the database only stores the rows; the test
`test_same_on_every_database` holds both to one recording).

A query goes through, in order:
1. an article reference (第264条, 刑法264, 刑法第二百六十四条, 133条之一) → that article
   first, confidence 1;
2. a crime name written out (盗窃罪, or its stem alone: 盗窃) → the article defining it;
3. the colloquial vocabulary (staff extend it): each phrase people say (撞人逃逸, 欠薪;
   "撞+跑" when both parts occur anywhere) adds the legal words it stands for to the query
   and points at the article those words name (a crime name → its article; a heading of the
   general part such as 正当防卫 → that article; "刑法第七十七条" → that one). An article's
   evidence is the summed length of the phrases pointing at it (a general-part concept
   counts CONCEPT_BONUS more: a question naming 自首 asks about 自首, not about the crime it
   mentions); the best-evidenced article gets CRIME_BONUS × the best BM25 score on top,
   the others in proportion. Phrases whose legal side is "-" (偷偷 "secretly") are blanked
   out first, so their parts (偷) do not fire;
4. BM25 over words from the text engine's segmenter (search mode, so 拒不支付劳动报酬 also
   gives 劳动, 报酬) and, at a lower weight, character bigrams: an article's heading and
   crime names count three times, an FAQ's question and tags twice; each article also
   holds the colloquial words of the phrases pointing at it (document expansion), so a
   question sharing only part of a phrase still reaches it; an FAQ's score lifts the
   articles it cites.

The weights below were tuned on `data/questions_dev.jsonl` (see ../NOTES.md).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np

from eqiao.knowledge.numerals import find_reference
from eqiao.text.normalize import normalize
from eqiao.text.segment import segment_for_search

K1 = 1.2
B = 0.75
TITLE_WEIGHT = 3
FAQ_QUESTION_WEIGHT = 2
VOCAB_WEIGHT = 1.5  # a legal word the vocabulary adds weighs more than a word typed
CRIME_BONUS = 0.6  # × the best BM25 score, for the article the vocabulary points at most
CRIME_WORD_WEIGHT = 0.3  # BM25 weight of the words of a crime name the vocabulary adds
FAQ_LIFT = 0.5  # share of an FAQ's score its cited articles receive

BIGRAM_WEIGHT = 0.5  # BM25 weight of a query's character bigram (a typed word: 1)
CONCEPT_BONUS = 2  # extra phrase length of a phrase naming a general-part concept
EXPANSION_WEIGHT = 2  # how often an article holds each colloquial word pointing at it
_STOP_CHARS = frozenset("的了吗呢啊吧呀么哦嘛我你他她它是在有要把被给让")
_CJK_OR_WORD = re.compile(r"[\u3400-\u9fff]+|[a-z0-9]+")
_TOKEN = re.compile(r"[\u3400-\u9fff]+|[a-z0-9]+")
STOP = frozenset(
    "的 了 吗 呢 啊 吧 呀 么 哦 嘛 之 和 与 及 或 是 在 我 你 他 她 它 有 要 想 请问 就 都 也 还 又 "
    "被 把 给 让 对 从 向 到 说 个 这 那 会 能 该 去 来 上 下 里 后 前 时 多少 几 什么 怎么办 怎么 "
    "怎样 如何 为什么 为啥 请 问 咨询 一下 可以 可不可以 能不能 能否 是否 应该 哪里 哪儿 哪个 "
    "哪些 我们 你们 他们 这个 那个 有没有 还是 需要 知道 谢谢 犯法 违法 犯罪 罪 算 不算 属于 "
    "判 几年 判几年 坐牢 会不会 吗 呢 啥 咋 咋办 一个 人家 别人 自己 已经 结果 然后 如果 因为 "
    "所以 但是 可是 就是 这样 那样 现在 当时 怎么样 情况 问题 事情 关系 负责 追究 责任 法律 "
    "处理 处罚 刑事 判刑 定罪 规定 条".split()
)


def words(text: str) -> list[str]:
    """Search words of `text`: normalised, segmented in search mode, stop words dropped."""
    return [
        w
        for w in segment_for_search(normalize(text).lower())
        if w not in STOP and _TOKEN.fullmatch(w)
    ]


def bigrams(text: str) -> list[str]:
    """Character bigrams of each CJK run (marked with "~" so they never meet a word): the
    fallback that matches a phrasing the segmenter cut differently (寄存 / 存放)."""
    out: list[str] = []
    for run in _CJK_OR_WORD.findall(normalize(text).lower()):
        if not run.isascii():
            out.extend("~" + run[i : i + 2] for i in range(len(run) - 1))
    return out


_DOC_WORDS: dict[tuple[str, str, str], list[str]] = {}
_DOC_WORDS_MAX = 100_000


@dataclass
class Entry:
    """Something to find: an article (kind "article") or an FAQ entry (kind "faq")."""

    kind: str
    pk: int
    title: str  # article: heading and crime names; FAQ: question and tags
    body: str  # article: text and place; FAQ: answer
    key: str = ""  # article key ("133-1") and its law's code
    law: str = ""
    number: int = 0
    sub: int = 0
    crime_names: Sequence[str] = ()
    heading: str = ""  # article: the text in 【】
    cites: Sequence[int] = ()  # FAQ: pks of the articles it cites


@dataclass
class Hit:
    kind: str
    pk: int
    score: float
    terms: list[str] = field(default_factory=list)  # the query words it matched
    how: str = "bm25"  # "reference", "crime_name" or "bm25"


@dataclass
class Result:
    articles: list[Hit]
    faqs: list[Hit]
    terms: list[str]  # every word searched for (typed and added by the vocabulary)
    confidence: float
    expansions: list[str] = field(default_factory=list)  # the colloquial phrases recognised


@dataclass
class _Postings:
    ids: np.ndarray
    weights: np.ndarray  # BM25 tf part, per document
    idf: float


def _parse_vocabulary(vocabulary: Iterable[tuple[str, str]]) -> list[tuple[list[str], list[str]]]:
    """(colloquial parts, legal words): "撞+跑" needs both parts; legal words are split on
    spaces, commas or 、."""
    parsed = []
    for colloquial, legal in vocabulary:
        parts = [normalize(p).lower() for p in colloquial.split("+") if p.strip()]
        terms = [t for t in re.split(r"[\s,，、;；]+", legal) if t]
        if terms == [NEUTRAL]:
            continue  # see _neutral_phrases
        if parts and terms:
            parsed.append((parts, terms))
    # Longer phrases first, so the more specific reading is listed first.
    # Ties in code-point order, so the result never depends on the database's collation.
    parsed.sort(key=lambda item: (-sum(len(p) for p in item[0]), item[0]))
    return parsed


NEUTRAL = "-"


def _neutral_phrases(vocabulary: Iterable[tuple[str, str]]) -> list[str]:
    """Phrases whose parts mislead ("偷偷" is "secretly", not 偷 "steal"): a vocabulary
    entry whose legal side is "-". They are blanked out before the vocabulary is matched."""
    out = [normalize(c).lower() for c, legal in vocabulary if legal.strip() == NEUTRAL]
    return sorted({p for p in out if p}, key=lambda p: (-len(p), p))


def article_entry(
    *,
    pk: int,
    law: str,
    number: int,
    sub: int,
    key: str,
    heading: str,
    crime_names: Sequence[str],
    text: str,
    chapter: str = "",
    section: str = "",
) -> Entry:
    """The searchable form of an article (the one place that decides what counts)."""
    title = " ".join([heading, *crime_names])
    return Entry(
        "article",
        pk,
        title,
        "\n".join([text, chapter, section]),
        key=key,
        law=law,
        number=number,
        sub=sub,
        crime_names=tuple(crime_names),
        heading=heading,
    )


def faq_entry(
    *, pk: int, question: str, answer: str, tags: Sequence[str], cites: Sequence[int]
) -> Entry:
    return Entry("faq", pk, " ".join([question, *tags]), answer, cites=tuple(cites))


class Index:
    """An immutable BM25 index over `entries` with the vocabulary and crime names."""

    def __init__(
        self,
        entries: Sequence[Entry],
        *,
        vocabulary: Iterable[tuple[str, str]] = (),
        primary: dict[str, str] | None = None,
        default_law: str = "criminal_law",
    ) -> None:
        self.entries = list(entries)
        vocabulary = list(vocabulary)
        self.vocabulary = _parse_vocabulary(vocabulary)
        self.neutral = _neutral_phrases(vocabulary)
        self.part_entries: dict[str, list[int]] = defaultdict(list)
        for k, (parts, _terms) in enumerate(self.vocabulary):
            for p in parts:
                self.part_entries[p].append(k)
        self.longest_part = max((len(p) for p in self.part_entries), default=0)
        self.default_law = default_law
        self.by_ref: dict[tuple[str, int, int], int] = {}
        self.by_pk: dict[tuple[str, int], int] = {}
        self.crime: dict[str, int] = {}  # crime name → entry index of its article
        article_at: dict[tuple[str, str], int] = {}
        for i, e in enumerate(self.entries):
            self.by_pk[(e.kind, e.pk)] = i
            if e.kind == "article":
                self.by_ref[(e.law, e.number, e.sub)] = i
                article_at[(e.law, e.key)] = i
                for name in e.crime_names:
                    self.crime.setdefault(normalize(name), i)
        for name, key in (primary or {}).items():
            if (default_law, key) in article_at:
                self.crime[normalize(name)] = article_at[(default_law, key)]
        # Headings that name one article only and are no crime (正当防卫, 自首, 累犯).
        counts = Counter(normalize(e.heading) for e in self.entries if e.kind == "article")
        self.headings = {
            normalize(e.heading): i
            for i, e in enumerate(self.entries)
            if e.kind == "article"
            and e.heading
            and not e.crime_names
            and counts[normalize(e.heading)] == 1
        }
        # Crime names by length, longest first, for "which crime does the query name".
        self.crime_names = sorted(self.crime, key=len, reverse=True)
        self.stems = {n[:-1]: n for n in self.crime_names if len(n) >= 3}
        self.is_article = np.array([e.kind == "article" for e in self.entries], dtype=bool)
        # FAQ → cited article, as two parallel arrays, so lifting is one bincount.
        pairs = [
            (i, self.by_pk[("article", pk)])
            for i, e in enumerate(self.entries)
            for pk in e.cites
            if ("article", pk) in self.by_pk
        ]
        self.cite_from = np.array([f for f, _ in pairs], dtype=np.int64)
        self.cite_to = np.array([a for _, a in pairs], dtype=np.int64)
        # Document expansion: an article also holds the words people use for it (the
        # colloquial side of the vocabulary entries pointing at it), so a question that
        # shares only part of a phrase ("偷走" for "偷东西") still reaches it.
        self.expansion: dict[int, list[str]] = defaultdict(list)
        for parts, terms in self.vocabulary:
            target = next((t for t in map(self._target_of, terms) if t is not None), None)
            if target is not None:
                for part in parts:
                    self.expansion[target] += words(part) + bigrams(part)
        self._build_postings()

    def _doc_words(self, e: Entry) -> list[str]:
        """An entry's words, titles counted several times; kept across rebuilds (an FAQ edit
        re-reads one entry, not ten thousand)."""
        key = (e.kind, e.title, e.body)
        cached = _DOC_WORDS.get(key)
        if cached is None:
            weight = TITLE_WEIGHT if e.kind == "article" else FAQ_QUESTION_WEIGHT
            cached = (words(e.title) + bigrams(e.title)) * weight + words(e.body) + bigrams(e.body)
            if len(_DOC_WORDS) > _DOC_WORDS_MAX:
                _DOC_WORDS.clear()
            _DOC_WORDS[key] = cached
        return cached

    def _build_postings(self) -> None:
        """Postings per word: the entries holding it (ascending) and their BM25 tf part."""
        ids: dict[str, int] = {}
        term_of: list[int] = []
        doc_of: list[int] = []
        tf_of: list[int] = []
        lengths = np.zeros(len(self.entries), dtype=np.float64)
        for i, e in enumerate(self.entries):
            counts = Counter(self._doc_words(e))
            counts.update(self.expansion.get(i, ()) * EXPANSION_WEIGHT)
            lengths[i] = sum(counts.values())
            for word, tf in counts.items():
                term_of.append(ids.setdefault(word, len(ids)))
                doc_of.append(i)
                tf_of.append(tf)
        n = max(len(self.entries), 1)
        avg = float(lengths.mean()) if len(self.entries) else 1.0
        norm = K1 * (1 - B + B * lengths / max(avg, 1.0))
        terms = np.array(term_of, dtype=np.int64)
        order = np.argsort(terms, kind="stable")  # stable: entries stay ascending
        docs = np.array(doc_of, dtype=np.int32)[order]
        freq = np.array(tf_of, dtype=np.float64)[order]
        bounds = np.searchsorted(terms[order], np.arange(len(ids) + 1))
        weight = freq * (K1 + 1) / (freq + norm[docs])
        df = np.diff(bounds)
        idf = np.log(1 + (n - df + 0.5) / (df + 0.5))
        self.postings: dict[str, _Postings] = {
            word: _Postings(
                docs[bounds[k] : bounds[k + 1]], weight[bounds[k] : bounds[k + 1]], float(idf[k])
            )
            for word, k in ids.items()
        }

    # -- the query -----------------------------------------------------------------------

    def expand(self, query: str) -> tuple[list[str], list[str], list[str]]:
        """(typed words, legal words the vocabulary adds, colloquial phrases recognised)."""
        typed, added, phrases, _targets = self._expand(query)
        return typed, added, phrases

    def _expand(
        self, query: str
    ) -> tuple[list[str], list[str], list[str], list[tuple[int, float]]]:
        """expand() and the articles the phrases point at, most specific first."""
        folded = normalize(query).lower()
        for phrase in self.neutral:
            folded = folded.replace(phrase, " ")
        present = {
            folded[i:j]
            for i in range(len(folded))
            for j in range(i + 1, min(len(folded), i + self.longest_part) + 1)
            if folded[i:j] in self.part_entries
        }
        candidates = sorted({k for p in present for k in self.part_entries[p]})
        added: list[str] = []
        phrases: list[str] = []
        pointers: list[tuple[float, int, int]] = []  # (-priority, order, article)
        for k in candidates:
            parts, terms = self.vocabulary[k]
            if all(p in present for p in parts):
                length = sum(len(p) for p in parts)
                phrases.append("+".join(parts))
                added.extend(t for t in terms if t not in added)
                for n, term in enumerate(terms):
                    concept = self._concept_of(term)
                    target = concept if concept is not None else self._target_of(term)
                    if target is not None:
                        bonus = CONCEPT_BONUS if concept is not None else 0
                        pointers.append((-(length + bonus - 0.1 * n), len(pointers), target))
        # Evidence per article: every phrase pointing at it adds its length (a concept
        # more), its later legal words less; the articles in order of evidence.
        evidence: dict[int, float] = {}
        for priority, _order, target in sorted(pointers):
            evidence[target] = evidence.get(target, 0.0) - priority
        targets = sorted(evidence, key=lambda t: -evidence[t])
        return words(query), added, phrases, [(t, evidence[t]) for t in targets]

    def _target_of(self, term: str) -> int | None:
        """The article a legal word of the vocabulary points at, if any."""
        concept = self._concept_of(term)
        if concept is not None:
            return concept
        crime = self._crime_of(term)
        return self.crime[crime] if crime else None

    def _concept_of(self, term: str) -> int | None:
        """The article a non-crime legal word names: its heading (正当防卫), or an article
        reference written into the vocabulary (刑法第七十二条)."""
        term = normalize(term)
        if term in self.headings:
            return self.headings[term]
        if term.startswith(("刑法", "第")):
            ref = find_reference(term)
            if ref is not None:
                return self.by_ref.get((self.default_law, *ref))
        return None

    def _crime_of(self, term: str) -> str | None:
        """The crime a legal word names: 盗窃罪, or 盗窃 (its stem)."""
        term = normalize(term)
        if term in self.crime:
            return term
        return self.stems.get(term) or (term + "罪" if term + "罪" in self.crime else None)

    def _named_crime(self, query: str) -> str | None:
        folded = normalize(query)
        for name in self.crime_names:
            if name in folded:
                return name
        bare = "".join(w for w in words(query))
        return self.stems.get(bare)

    def search(self, query: str, *, top: int = 5) -> Result:
        typed, added, phrases, targets = self._expand(query)
        # The articles the vocabulary's phrases point at, the longest phrase first; a
        # general-part concept (自首, 正当防卫) counts as longer, since a question naming one
        # usually asks about it rather than about the crime it mentions.
        scores = np.zeros(len(self.entries), dtype=np.float64)
        weights: dict[str, float] = {}
        for w in typed:
            weights[w] = weights.get(w, 0.0) + 1.0
        for w in bigrams(query):
            if w[1:] not in STOP and w[1] not in _STOP_CHARS and w[2] not in _STOP_CHARS:
                weights[w] = BIGRAM_WEIGHT
        for term in added:
            # A crime name points at its article (below); its words would match every
            # article that mentions the crime, so they weigh little in BM25.
            if self._concept_of(term) is not None and find_reference(term):
                continue  # 刑法第七十二条 is a pointer, not words to look for
            qw = CRIME_WORD_WEIGHT if self._crime_of(term) else VOCAB_WEIGHT
            for w in words(term) or [term]:
                weights[w] = max(weights.get(w, 0.0), qw)
        matched: dict[str, float] = {}
        for w, qw in weights.items():
            p = self.postings.get(w)
            if p is None:
                continue
            scores[p.ids] += qw * p.idf * p.weights
            matched[w] = qw * p.idf
        best = float(scores.max()) if len(scores) else 0.0
        strongest = targets[0][1] if targets else 1.0
        for i, strength in targets:
            scores[i] += (best + 1.0) * CRIME_BONUS * strength / strongest
        # An FAQ lifts the articles it cites.
        if len(self.cite_from):
            lift = scores[self.cite_from] * FAQ_LIFT
            scores += np.bincount(self.cite_to, weights=lift, minlength=len(scores))
        direct = self._direct(query)
        articles = self._ranked(scores, self.is_article, top, matched, direct)
        faqs = self._ranked(scores, ~self.is_article, top, matched, None)
        confidence = self._confidence(scores, articles, faqs, matched, weights, direct)
        if targets and articles and articles[0].pk == self.entries[targets[0][0]].pk:
            # The vocabulary recognised what the question is about and the article agrees.
            runner = articles[1].score if len(articles) > 1 else 0.0
            margin = (articles[0].score - runner) / articles[0].score if articles[0].score else 0
            confidence = max(confidence, round(min(1.0, 0.6 + 0.4 * margin), 3))
        terms = list(dict.fromkeys([*typed, *added]))
        return Result(articles, faqs, terms, confidence, phrases)

    def _direct(self, query: str) -> Hit | None:
        ref = find_reference(query)
        if ref is not None:
            i = self.by_ref.get((self.default_law, *ref))
            if i is not None:
                return Hit("article", self.entries[i].pk, 100.0, [], "reference")
        name = self._named_crime(query)
        if name is not None:
            return Hit("article", self.entries[self.crime[name]].pk, 100.0, [name], "crime_name")
        return None

    def _ranked(
        self,
        scores: np.ndarray,
        mask: np.ndarray,
        top: int,
        matched: dict[str, float],
        direct: Hit | None,
    ) -> list[Hit]:
        masked = np.where(mask, scores, 0.0)
        hits: list[Hit] = [direct] if direct else []
        k = min(top + 1, len(masked))
        if k == 0:
            return hits
        idx = np.argpartition(-masked, k - 1)[:k]
        for i in sorted(idx, key=lambda j: (-masked[j], j)):
            if masked[i] <= 0 or len(hits) >= top:
                break
            e = self.entries[i]
            if direct and e.pk == direct.pk and e.kind == direct.kind:
                continue
            hits.append(Hit(e.kind, e.pk, float(masked[i]), self._terms_of(i, matched)))
        return hits[:top]

    def _terms_of(self, i: int, matched: dict[str, float], *, grams: bool = False) -> list[str]:
        """The matched words entry `i` holds (postings are sorted by entry); bigrams only
        when `grams` (they count for the confidence, they are not shown)."""
        out = []
        for w in matched:
            if not grams and w.startswith("~"):
                continue
            ids = self.postings[w].ids
            j = int(np.searchsorted(ids, i))
            if j < len(ids) and ids[j] == i:
                out.append(w)
        return out

    def _confidence(
        self,
        scores: np.ndarray,
        articles: list[Hit],
        faqs: list[Hit],
        matched: dict[str, float],
        weights: dict[str, float],
        direct: Hit | None,
    ) -> float:
        """How sure the best answer is, in [0, 1]: 1 for a named article or crime; else the
        share of the query's weight (idf) that the best entry matches, times how far it
        stands above the runner-up."""
        if direct is not None:
            return 1.0
        candidates = [h for h in (faqs[:1] + articles[:1])]
        if not candidates or not weights:
            return 0.0
        best = max(candidates, key=lambda h: h.score)
        total = sum(
            qw * (self.postings[w].idf if w in self.postings else 3.0) for w, qw in weights.items()
        )
        held = self._terms_of(self.by_pk[(best.kind, best.pk)], matched, grams=True)
        coverage = sum(matched[w] for w in held) / total if total else 0.0
        same_kind = articles if best.kind == "article" else faqs
        runner = same_kind[1].score if len(same_kind) > 1 else 0.0
        margin = (best.score - runner) / best.score if best.score > 0 else 0.0
        return round(max(0.0, min(1.0, coverage * (0.7 + 0.3 * margin))), 3)
