"""The best answer to a question, with a confidence, for auto-replies (WeChat, group bots,
the kiosk) and the API. Below the threshold a person answers, and the question is kept
for staff to write an FAQ entry."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from eqiao.knowledge.models import Article, Faq
from eqiao.knowledge.selectors import SearchResult, knowledge_search
from eqiao.knowledge.services.unanswered import unanswered_record

DEFAULT_THRESHOLD = 0.6
MAX_ARTICLE_CHARS = 400


def auto_reply_threshold() -> float:
    return float(getattr(settings, "EQIAO_KB_AUTO_REPLY_THRESHOLD", DEFAULT_THRESHOLD))


@dataclass
class Answer:
    question: str
    text: str  # what a bot may send; empty when nothing was found
    confidence: float
    auto_reply: bool
    article: Article | None = None
    faq: Faq | None = None
    citations: list[str] = field(default_factory=list)  # 《中华人民共和国刑法》第二百六十四条
    result: SearchResult | None = None


def citation(article: Article) -> str:
    return f"《{article.law.title}》{article.label}"


def _article_text(article: Article) -> str:
    text = (
        article.text
        if len(article.text) <= MAX_ARTICLE_CHARS
        else article.text[:MAX_ARTICLE_CHARS] + "……"
    )
    heading = f"【{article.heading}】" if article.heading else ""
    return f"{citation(article)}{heading}{text}"


def answer_for(result: SearchResult, threshold: float | None = None) -> Answer:
    """Choose the best answer of a search: a named article, else the higher-scoring of
    the best FAQ entry and the best article."""
    threshold = auto_reply_threshold() if threshold is None else threshold
    best_article = result.articles[0] if result.articles else None
    best_faq = result.faqs[0] if result.faqs else None
    use_faq = best_faq is not None and (
        best_article is None
        or (best_article.how == "bm25" and best_faq.score >= best_article.score * 0.8)
    )
    confident = result.confidence >= threshold
    if use_faq and best_faq is not None:
        faq = best_faq.faq
        cites = [citation(a) for a in faq.articles.all()]
        if faq.references:
            cites.append(faq.references)
        text = faq.answer + ("\n" + _("依据：") + "；".join(cites) if cites else "")
        return Answer(result.query, text, result.confidence, confident, None, faq, cites, result)
    if best_article is not None:
        a = best_article.article
        return Answer(
            result.query,
            _article_text(a),
            result.confidence,
            confident,
            a,
            None,
            [citation(a)],
            result,
        )
    return Answer(result.query, "", 0.0, False, result=result)


def auto_reply(text: str, *, channel: str = "") -> Answer:
    """The answer for an inbound message. `auto_reply` is True when it may be sent without
    a person; otherwise the question is recorded for staff."""
    answer = answer_for(knowledge_search(text, top=3))
    if not answer.auto_reply and answer.question:
        unanswered_record(text=answer.question, confidence=answer.confidence, channel=channel)
    return answer
