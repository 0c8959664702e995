"""The knowledge base's endpoint for bots (WeChat, group bots, the kiosk): the best answer
to a question with a confidence, and whether it may be sent without a person."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from eqiao.api import schemas
from eqiao.core import ratelimit
from eqiao.core.errors import ApplicationError, RateLimitedError
from eqiao.core.ratelimit import client_ip
from eqiao.knowledge.selectors import MAX_QUERY, clean_query
from eqiao.knowledge.services import auto_reply

router = Router(tags=["Knowledge"])
LIMIT_PER_MINUTE = 60


class AnswerQuery(Schema):
    q: str
    channel: str = ""


class ArticleOut(Schema):
    law: str
    article: str  # "264", "133-1" for 第一百三十三条之一
    label: str
    crime_names: list[str]
    place: str
    score: float


class AnswerOut(Schema):
    question: str
    answer: str  # empty when nothing was found
    confidence: float  # in [0, 1]
    auto_reply: bool  # confidence at or above EQIAO_KB_AUTO_REPLY_THRESHOLD
    citations: list[str]
    faq_id: int | None = None
    articles: list[ArticleOut]


@router.get(
    "/answer",
    response={200: AnswerOut, 400: schemas.ErrorOut, 429: schemas.ErrorOut},
    summary="Best answer to a question, with confidence",
)
def knowledge_answer(request: HttpRequest, params: Query[AnswerQuery]):
    """`GET /api/v1/knowledge/answer?q=喝了酒开车撞了人跑了` → the best FAQ answer or
    article, `confidence` in [0, 1] and `auto_reply` (send it without a person). A question
    below the threshold is kept for staff to answer with a new FAQ entry."""
    q = clean_query(params.q, cut=False)
    if not q:
        raise ApplicationError(_("请输入要问的问题。"), field="q")
    if len(q) > MAX_QUERY:
        raise ApplicationError(_("问题太长，请不要超过 200 字。"), field="q")
    key = f"kb-answer:{client_ip(request)}"
    if not ratelimit.hit(key, limit=LIMIT_PER_MINUTE, window_seconds=60):
        raise RateLimitedError(
            _("请求太频繁，请稍后再试。"),
            extra={"retry_after": ratelimit.seconds_left(key, window_seconds=60)},
        )
    answer = auto_reply(q, channel=params.channel[:24] or "api")
    articles = answer.result.articles if answer.result else []
    return Status(
        200,
        {
            "question": answer.question,
            "answer": answer.text,
            "confidence": answer.confidence,
            "auto_reply": answer.auto_reply,
            "citations": answer.citations,
            "faq_id": answer.faq.pk if answer.faq else None,
            "articles": [
                {
                    "law": r.article.law.title,
                    "article": r.article.key,
                    "label": r.article.label,
                    "crime_names": r.article.crime_names,
                    "place": r.article.place,
                    "score": round(r.score, 3),
                }
                for r in articles
            ],
        },
    )
