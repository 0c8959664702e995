"""Reads of the knowledge base: the search (an in-process index rebuilt when the content
changes), lists for the workbench.

The index is built from the rows in one pass (about a second for the Criminal Law and ten
thousand FAQ entries) and kept per process; every search first reads `IndexState.version`
(one indexed row) and rebuilds when another process or request changed the content.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import QuerySet

from eqiao.knowledge import lawdata
from eqiao.knowledge.engine import Hit, Index, article_entry, faq_entry
from eqiao.knowledge.models import (
    Article,
    Faq,
    FaqStatus,
    IndexState,
    Law,
    UnansweredQuestion,
    UnansweredStatus,
    VocabularyTerm,
)

MAX_QUERY = 200
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_query(text: str, *, cut: bool = True) -> str:
    """A question as searched and stored: control characters (NUL from a fuzzer, a
    pasted form feed) dropped, trimmed, at most MAX_QUERY characters (unless `cut` is
    False, for pages that refuse a longer one)."""
    text = _CONTROL.sub("", text or "").strip()
    return text[:MAX_QUERY] if cut else text


@dataclass
class Loaded:
    version: int
    index: Index
    articles: dict[int, Article]
    faqs: dict[int, Faq]
    faqs_of: dict[int, list[Faq]]  # article pk → published FAQ entries citing it


@dataclass
class ArticleResult:
    article: Article
    score: float
    terms: list[str]
    how: str
    faqs: list[Faq] = field(default_factory=list)


@dataclass
class FaqResult:
    faq: Faq
    score: float
    terms: list[str]


@dataclass
class SearchResult:
    query: str
    articles: list[ArticleResult]
    faqs: list[FaqResult]
    confidence: float
    terms: list[str]
    expansions: list[str]


_CACHE: dict[str, Loaded] = {}
_LOCK = threading.Lock()


def index_version(using: str = "default") -> int:
    return (
        IndexState.objects.using(using).filter(pk=1).values_list("version", flat=True).first() or 0
    )


def _build(version: int, using: str) -> Loaded:
    articles = {a.pk: a for a in Article.objects.using(using).select_related("law")}
    faqs = {
        f.pk: f
        for f in Faq.objects.using(using)
        .filter(status=FaqStatus.PUBLISHED)
        .prefetch_related("articles")
        .order_by("pk")
    }
    entries = [
        article_entry(
            pk=a.pk,
            law=a.law.code,
            number=a.number,
            sub=a.sub,
            key=a.key,
            heading=a.heading,
            crime_names=a.crime_names,
            text=a.text,
            chapter=a.chapter,
            section=a.section,
        )
        for a in sorted(articles.values(), key=lambda a: (a.law_id, a.number, a.sub))
    ]
    entries += [
        faq_entry(
            pk=f.pk,
            question=f.question,
            answer=f.answer,
            tags=f.tags,
            cites=sorted(a.pk for a in f.articles.all()),
        )
        for f in faqs.values()
    ]
    criminal = [a for a in articles.values() if a.law.code == lawdata.CRIMINAL_LAW_CODE]
    criminal.sort(key=lambda a: (a.number, a.sub))
    # Sorted here, not by the database: SQLite and PostgreSQL collate Chinese differently.
    vocabulary = sorted(VocabularyTerm.objects.using(using).values_list("colloquial", "legal"))
    faqs_of: dict[int, list[Faq]] = {}
    for f in faqs.values():
        for a in f.articles.all():
            faqs_of.setdefault(a.pk, []).append(f)
    index = Index(
        entries,
        vocabulary=vocabulary,
        primary=lawdata.primary_articles(criminal),  # type: ignore[arg-type]
        default_law=lawdata.CRIMINAL_LAW_CODE,
    )
    return Loaded(version, index, articles, faqs, faqs_of)


def knowledge_index(using: str = "default") -> Loaded:
    """The current index, rebuilt if the content changed since it was built."""
    version = index_version(using)
    key = f"{using}:{connections[using].settings_dict.get('NAME')}"
    loaded = _CACHE.get(key)
    if loaded is not None and loaded.version == version:
        return loaded
    with _LOCK:
        loaded = _CACHE.get(key)
        if loaded is None or loaded.version != version:
            loaded = _build(version, using)
            _CACHE[key] = loaded
    return loaded


def knowledge_search(query: str, *, top: int = 5, using: str = "default") -> SearchResult:
    """Ranked articles (each with the published FAQ entries citing it) and FAQ entries."""
    query = clean_query(query)
    loaded = knowledge_index(using)
    result = loaded.index.search(query, top=top)
    articles = [_article_result(loaded, h) for h in result.articles if h.pk in loaded.articles]
    faqs = [
        FaqResult(loaded.faqs[h.pk], h.score, h.terms) for h in result.faqs if h.pk in loaded.faqs
    ]
    return SearchResult(query, articles, faqs, result.confidence, result.terms, result.expansions)


def _article_result(loaded: Loaded, hit: Hit) -> ArticleResult:
    article = loaded.articles[hit.pk]
    return ArticleResult(
        article, hit.score, hit.terms, hit.how, loaded.faqs_of.get(article.pk, [])[:3]
    )


def article_get(*, law_code: str, key: str) -> Article | None:
    from eqiao.knowledge.numerals import parse_key

    try:
        number, sub = parse_key(key)
    except ValueError:
        return None
    return (
        Article.objects.select_related("law")
        .filter(law__code=law_code, number=number, sub=sub)
        .first()
    )


def law_list() -> QuerySet[Law]:
    return Law.objects.order_by("pk")


def faq_list(*, status: str | None = None, q: str = "") -> QuerySet[Faq]:
    qs = Faq.objects.prefetch_related("articles").order_by("-updated_at", "-pk")
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(question__icontains=q)
    return qs


def vocabulary_list() -> QuerySet[VocabularyTerm]:
    return VocabularyTerm.objects.order_by("colloquial")


def unanswered_list(*, status: str = UnansweredStatus.OPEN) -> QuerySet[UnansweredQuestion]:
    return UnansweredQuestion.objects.filter(status=status).order_by(
        "-times", "-last_asked_at", "pk"
    )
