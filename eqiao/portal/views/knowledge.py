"""The citizen's legal question page: plain questions (typed or spoken) to the articles
and the staff's answers. Questions it cannot answer with confidence are kept for staff."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _

from eqiao.core import ratelimit
from eqiao.core.ratelimit import client_ip
from eqiao.knowledge.selectors import MAX_QUERY, clean_query, knowledge_search
from eqiao.knowledge.services.answers import auto_reply_threshold
from eqiao.knowledge.services.unanswered import unanswered_record

SEARCHES_PER_MINUTE = 30
EXAMPLES = ["老板拖欠工资不给怎么办", "喝了酒开车撞了人跑了会判几年", "取保候审的保证金什么时候退"]


def knowledge_search_page(request):
    q = clean_query(request.GET.get("q", ""), cut=False)
    error, status, result = "", 200, None
    if "q" in request.GET and not q:
        error, status = _("请输入您想问的问题。"), 400
    elif len(q) > MAX_QUERY:
        error, status = _("问题太长了，请不要超过 200 个字。"), 400
    elif q:
        key = f"kb-page:{client_ip(request)}"
        if not ratelimit.hit(key, limit=SEARCHES_PER_MINUTE, window_seconds=60):
            error, status = _("您问得太快了，请一分钟后再试。"), 429
        else:
            result = knowledge_search(q, top=5)
            if result.confidence < auto_reply_threshold():
                unanswered_record(text=q, confidence=result.confidence, channel="web")
    return render(
        request,
        "portal/knowledge/search.html",
        {
            "q": q,
            "error": error,
            "result": result,
            "examples": EXAMPLES,
            "sure": bool(result and result.confidence >= auto_reply_threshold()),
        },
        status=status,
    )
