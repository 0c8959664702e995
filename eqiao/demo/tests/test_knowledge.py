import datetime as dt

from django.utils import timezone

from eqiao.demo.knowledge import knowledge_demo_load
from eqiao.knowledge.models import Faq, FaqStatus, UnansweredQuestion


def test_demo_knowledge_is_loaded_once_and_the_same(db):
    now = timezone.make_aware(dt.datetime(2026, 11, 30, 16, 30))
    first = knowledge_demo_load(now=now)
    assert knowledge_demo_load(now=now) == first  # a second run adds nothing
    assert Faq.objects.filter(status=FaqStatus.PUBLISHED).count() >= 80
    assert Faq.objects.filter(status=FaqStatus.DRAFT).count() == 2
    top = UnansweredQuestion.objects.order_by("-times").first()
    assert top.text == "宅基地被邻居占了怎么办" and top.times == 7
