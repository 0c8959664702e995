"""The knowledge base of the demo: the Criminal Law, the starter vocabulary and FAQ set,
two entries waiting for review, and questions people asked that it could not answer."""

from __future__ import annotations

import datetime as dt

from eqiao.knowledge.models import Faq, FaqStatus, UnansweredQuestion
from eqiao.knowledge.services.faqs import starter_load
from eqiao.knowledge.services.laws import criminal_law_load
from eqiao.knowledge.services.unanswered import question_fingerprint

DRAFTS = [
    (
        "检察室周末能来反映问题吗？",
        "派驻检察室周末不办公。周末可以拨打12309热线或在本网站提交，下一个工作日会处理。",
        ["办事指南", "检察室"],
    ),
    (
        "土地承包合同纠纷找检察院管用吗？",
        "土地承包合同纠纷是民事纠纷，可以申请农村土地承包仲裁或向法院起诉；对法院生效判决不服、"
        "申请再审被驳回的，可以向检察院申请民事监督。",
        ["土地承包", "民事监督"],
    ),
]
# (question, times asked, channel, days before the demo's present)
UNANSWERED = [
    ("宅基地被邻居占了怎么办", 7, "wechat", 1),
    ("儿子在外地被抓了怎么知道关在哪", 5, "web", 2),
    ("村里修路占了我家地没给钱", 4, "sms", 3),
    ("网上借钱利息太高还不上怎么办", 3, "wechat", 4),
    ("离婚后孩子抚养费不给怎么办", 2, "kiosk", 6),
]


def knowledge_demo_load(*, now: dt.datetime) -> int:
    """Load the knowledge part of the demo; returns the number of FAQ entries."""
    criminal_law_load()
    starter_load()
    for question, answer, tags in DRAFTS:
        Faq.objects.get_or_create(
            question=question,
            defaults={"answer": answer, "tags": tags, "status": FaqStatus.DRAFT},
        )
    for text, times, channel, days in UNANSWERED:
        asked = now - dt.timedelta(days=days, hours=times)
        UnansweredQuestion.objects.update_or_create(
            fingerprint=question_fingerprint(text),
            defaults={
                "text": text,
                "times": times,
                "channel": channel,
                "best_confidence": 0.2,
                "last_asked_at": asked,
            },
        )
    UnansweredQuestion.objects.update(first_asked_at=now - dt.timedelta(days=10))
    return Faq.objects.count()
