"""GET /api/v1/knowledge/answer: the best answer with a confidence, for bots."""

import pytest
from django.test import override_settings

from eqiao.knowledge.models import UnansweredQuestion
from eqiao.knowledge.testing import kb_load


@pytest.fixture
def kb(db):
    kb_load()


def test_a_crime_name_is_answered_with_confidence_one(client, kb):
    body = client.get("/api/v1/knowledge/answer", {"q": "盗窃罪"}).json()
    assert body["confidence"] == 1.0 and body["auto_reply"] is True
    assert body["articles"][0]["article"] == "264"
    assert body["citations"] == ["《中华人民共和国刑法》第二百六十四条"]
    assert body["answer"].startswith("《中华人民共和国刑法》第二百六十四条【盗窃罪】")


def test_a_faq_answer_for_a_practical_question(client, kb):
    body = client.get("/api/v1/knowledge/answer", {"q": "取保候审的保证金什么时候退"}).json()
    assert body["faq_id"] is not None
    assert "保证金" in body["answer"]
    assert 0 <= body["confidence"] <= 1


def test_below_the_threshold_no_auto_reply_and_the_question_is_kept(client, kb):
    with override_settings(EQIAO_KB_AUTO_REPLY_THRESHOLD=0.99):
        body = client.get(
            "/api/v1/knowledge/answer", {"q": "老板欠薪不给", "channel": "wechat"}
        ).json()
    assert body["auto_reply"] is False
    assert UnansweredQuestion.objects.filter(channel="wechat").count() == 1


def test_bad_questions_get_a_400_in_chinese(client, kb):
    response = client.get("/api/v1/knowledge/answer", {"q": " "})
    assert response.status_code == 400 and "请输入" in response.json()["detail"]
    response = client.get("/api/v1/knowledge/answer", {"q": "问" * 201})
    assert response.status_code == 400
    assert client.get("/api/v1/knowledge/answer").status_code in (400, 422)


def test_auto_reply_service_for_inbound_handlers(kb):
    from eqiao.knowledge.services import auto_reply

    answer = auto_reply("第264条", channel="wechat")
    assert answer.auto_reply and answer.article.key == "264"
