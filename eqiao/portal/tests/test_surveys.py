"""A citizen answers a questionnaire: the public link, an SMS invitation, and the errors."""

from __future__ import annotations

import pytest

from eqiao.surveys.models import Invitation, Response
from eqiao.surveys.services import invitation_token, invitations_send, survey_close
from eqiao.surveys.tests.factories import answers_for, make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(office_tree):
    return make_survey(office_tree.guanxian_head)


def url(survey) -> str:
    return f"/s/{survey.public_key}/"


def test_the_public_page_shows_every_question_in_large_choices(client, survey):
    page = client.get(url(survey))
    html = page.content.decode()
    assert page.status_code == 200
    assert "您通过什么方式联系我院？" in html and "很满意" in html
    assert html.count('type="radio"') == 3 + 5 and html.count('type="checkbox"') == 3
    assert "匿名填写" in html


def test_answering_thanks_the_person_and_stores_the_answer(client, survey):
    response = client.post(url(survey), answers_for(survey, scale=4, text="接待很耐心"))
    assert response.status_code == 302
    assert "提交成功" in client.get(response["Location"]).content.decode()
    stored = Response.objects.get(survey=survey)
    assert stored.satisfaction == 75.0 and stored.invitation is None
    again = client.get(url(survey)).content.decode()
    assert "已经填写过" in again


def test_missing_answers_are_named_in_chinese_and_what_was_chosen_is_kept(client, survey):
    data = answers_for(survey, improve=[1])
    q = list(survey.questions.all())
    data[f"q{q[2].pk}"] = []
    page = client.post(url(survey), data)
    html = page.content.decode()
    assert page.status_code == 400
    assert "这道题必须回答。" in html and f'href="#f-q{q[2].pk}">第3题：这道题必须回答。' in html
    chosen = data[f"q{q[1].pk}"][0]
    assert f'value="{chosen}" checked' in html
    assert not Response.objects.exists()


def test_a_garbled_choice_is_refused_in_words(client, survey):
    data = answers_for(survey)
    data[f"q{survey.questions.first().pk}"] = ["abc"]
    page = client.post(url(survey), data)
    assert page.status_code == 400
    assert "所选的选项不存在" in page.content.decode()


def test_the_public_link_is_rate_limited_per_address(client, survey):
    for _ in range(10):
        assert client.post(url(survey), answers_for(survey)).status_code == 302
    refused = client.post(url(survey), answers_for(survey))
    assert refused.status_code == 429
    assert "提交的答卷太多了" in refused.content.decode()
    assert int(refused["Retry-After"]) > 0
    assert Response.objects.count() == 10


def test_a_closed_or_unknown_survey_says_so(client, office_tree, survey):
    survey_close(actor=office_tree.guanxian_head, survey=survey)
    page = client.get(url(survey))
    assert "该问卷已结束" in page.content.decode()
    assert client.post(url(survey), answers_for(survey)).status_code == 200
    assert not Response.objects.exists()
    assert client.get("/s/nosuchsurvey/").status_code == 404


def test_a_linked_survey_is_not_open_on_the_public_link(client, office_tree):
    linked = make_survey(office_tree.guanxian_head, anonymous=False, title="实名回访问卷")
    assert "只能通过短信邀请链接填写" in client.get(url(linked)).content.decode()


def test_an_invitation_is_answered_once_and_the_second_time_says_so(client, office_tree, survey):
    invitations_send(actor=office_tree.guanxian_head, survey=survey, phones=["13800000005"])
    link = f"/s/i/{invitation_token(Invitation.objects.get())}/"
    assert client.get(link).status_code == 200
    assert client.post(link, answers_for(survey)).status_code == 302
    second = client.post(link, answers_for(survey, scale=1))
    assert "您已经提交过这份问卷" in second.content.decode()
    assert "只能填写一次" in client.get(link).content.decode()
    assert Response.objects.get().invitation.phone == "13800000005"


def test_a_tampered_invitation_link_is_not_found(client, office_tree, survey):
    invitations_send(actor=office_tree.guanxian_head, survey=survey, phones=["13800000005"])
    token = invitation_token(Invitation.objects.get())
    page = client.get(f"/s/i/{int(token.split(':')[0]) + 1}:{token.split(':')[1]}/")
    assert page.status_code == 404


def test_the_poster_carries_the_qr_code_of_the_public_link(client, survey):
    page = client.get(f"/s/{survey.public_key}/poster/")
    html = page.content.decode()
    assert page.status_code == 200
    assert '<svg class="qr"' in html and f"/s/{survey.public_key}/" in html
