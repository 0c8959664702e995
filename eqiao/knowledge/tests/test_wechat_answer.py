# ruff: noqa: F811 - the fixtures imported from eqiao.channels.tests.wechat
"""Legal questions on WeChat, end to end: a signed and encrypted push to the callback, the
worker's hand-off to the inbound dispatcher, the knowledge base's handler, and the answer
through the WeChat provider to the loopback fake of WeChat's API. A complaint or a question
the base cannot answer well still becomes a petition."""

from __future__ import annotations

import itertools

import pytest

from eqiao.channels.tests.wechat import (  # noqa: F401 - fixtures
    WeChatServer,
    text_xml,
    wechat_account,
    wechat_api_fake,
)
from eqiao.intake.models import Petition
from eqiao.knowledge.models import UnansweredQuestion

pytestmark = pytest.mark.django_db
OPENID = "oAsker00000000000000000001"
_ids = itertools.count(7000)


@pytest.fixture
def ask(client, wechat_account, wechat_api_fake, django_capture_on_commit_callbacks):
    server = WeChatServer(client, encrypted=True)

    def push(content: str) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            server.reply(server.push(text_xml(OPENID, content, next(_ids))))

    return push


def answers(fake) -> list[str]:
    return [m["text"]["content"] for m in fake.sent if m["touser"] == OPENID]


def test_a_plain_legal_question_is_answered_with_the_article(kb, office_tree, ask, wechat_api_fake):
    ask("喝了酒开车把人撞了然后跑了会判几年")

    (answer,) = answers(wechat_api_fake)
    assert "第一百三十三条" in answer
    assert "自动答复" in answer
    assert not Petition.objects.exists()


def test_the_same_push_retried_by_wechat_is_answered_once(
    kb, office_tree, client, wechat_account, wechat_api_fake, django_capture_on_commit_callbacks
):
    server = WeChatServer(client, encrypted=True)
    xml = text_xml(OPENID, "偷了别人的电动车会判几年", 7999)
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            server.reply(server.push(xml))

    assert len(answers(wechat_api_fake)) == 1
    assert "第二百六十四条" in answers(wechat_api_fake)[0]


def test_a_complaint_is_not_answered_by_the_base_but_taken_in(
    kb, office_tree, ask, wechat_api_fake
):
    ask("冠县清水镇派出所民警打人，我要控告他们，电话13906350011")

    petition = Petition.objects.get()
    assert any(petition.tracking_number in text for text in answers(wechat_api_fake))
    assert not any("自动答复" in text for text in answers(wechat_api_fake))


def test_an_unclear_question_goes_to_a_person_and_is_not_kept_as_unanswered_twice(
    kb, office_tree, ask, wechat_api_fake
):
    ask("请问你们那里周六上班吗，电话13906350012")

    assert not any("自动答复" in text for text in answers(wechat_api_fake))
    assert Petition.objects.count() == 1
    assert UnansweredQuestion.objects.count() <= 1
