"""The citizen's legal question page."""

import pytest

from eqiao.knowledge.models import UnansweredQuestion
from eqiao.knowledge.testing import kb_load


@pytest.fixture
def kb(db):
    kb_load()


def test_a_plain_question_finds_the_article_with_its_place_and_highlights(client, kb):
    response = client.get("/law/", {"q": "喝了酒开车把人撞了然后跑了会判几年"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "第一百三十三条" in page and "分则 · 危害公共安全罪" in page
    assert "<mark>逃逸</mark>" in page
    assert 'id="kb-voice"' in page  # offered where the browser can listen


def test_wage_arrears_shows_the_staff_answer_and_the_article(client, kb):
    page = client.get("/law/", {"q": "老板欠工资不给怎么办"}).content.decode()
    assert "支持起诉" in page  # the FAQ entry's answer
    assert "第二百七十六条之一" in page


def test_an_empty_or_long_question_gets_a_chinese_message(client, kb):
    response = client.get("/law/", {"q": "  "})
    assert response.status_code == 400 and "请输入您想问的问题" in response.content.decode()
    response = client.get("/law/", {"q": "问" * 300})
    assert response.status_code == 400 and "不要超过 200 个字" in response.content.decode()


def test_a_question_it_cannot_answer_is_kept_for_staff(client, kb):
    page = client.get("/law/", {"q": "今天天气怎么样"}).content.decode()
    assert "您的问题已经记下" in page
    assert UnansweredQuestion.objects.filter(text="今天天气怎么样", channel="web").exists()


def test_control_characters_are_no_500(client, kb):
    assert client.get("/law/", {"q": "盗窃\x00罪"}).status_code == 200


def test_the_page_without_a_question_offers_examples(client, kb):
    page = client.get("/law/").content.decode()
    assert "大家常问" in page
