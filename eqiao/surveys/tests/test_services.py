"""Building, publishing, inviting and answering questionnaires through the services."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from eqiao.channels.services.optout import optout_record
from eqiao.core.errors import ApplicationError, PermissionDeniedError
from eqiao.surveys.models import Answer, Invitation, QuestionKind, Response, SurveyStatus
from eqiao.surveys.services import (
    AlreadyAnsweredError,
    invitation_from_token,
    invitation_link,
    invitations_send,
    question_move,
    question_save,
    response_submit,
    survey_close,
    survey_publish,
    survey_save,
)
from eqiao.surveys.tests.factories import answers_for, at, make_survey, record_of

pytestmark = pytest.mark.django_db


def test_a_choice_question_needs_two_distinct_options(office_tree):
    survey = make_survey(office_tree.city_head, publish=False)
    with pytest.raises(ApplicationError, match="至少要有两个选项"):
        question_save(
            actor=office_tree.city_head,
            survey=survey,
            kind=QuestionKind.SINGLE,
            text="?",
            choices=["是", " "],
        )
    with pytest.raises(ApplicationError, match="重复"):
        question_save(
            actor=office_tree.city_head,
            survey=survey,
            kind=QuestionKind.MULTIPLE,
            text="?",
            choices=["是", "是"],
        )
    with pytest.raises(ApplicationError, match="只有1–5分评分题"):
        question_save(
            actor=office_tree.city_head,
            survey=survey,
            kind=QuestionKind.TEXT,
            text="?",
            counts_toward_satisfaction=True,
        )


def test_questions_keep_their_order_and_move(office_tree):
    head = office_tree.city_head
    survey = make_survey(head, publish=False)
    first, second = list(survey.questions.all())[:2]
    question_move(actor=head, question=second, up=True)
    assert list(survey.questions.all())[:2] == [second, first]


def test_a_published_survey_is_frozen_and_closes(office_tree):
    head = office_tree.city_head
    survey = make_survey(head)
    assert survey.status == SurveyStatus.PUBLISHED
    with pytest.raises(ApplicationError, match="已发布"):
        question_save(actor=head, survey=survey, kind=QuestionKind.TEXT, text="新题")
    survey_close(actor=head, survey=survey)
    with pytest.raises(ApplicationError, match="已结束"):
        response_submit(survey=survey, data=answers_for(survey))


def test_an_empty_survey_cannot_be_published(office_tree):
    survey = survey_save(actor=office_tree.city_head, office=office_tree.city, title="空问卷")
    with pytest.raises(ApplicationError, match="还没有题目"):
        survey_publish(actor=office_tree.city_head, survey=survey)


def test_a_prosecutor_cannot_build_and_a_county_cannot_build_for_the_city(office_tree):
    with pytest.raises(PermissionDeniedError):
        survey_save(actor=office_tree.guanxian_prosecutor, office=office_tree.guanxian, title="x")
    with pytest.raises(PermissionDeniedError):
        survey_save(actor=office_tree.guanxian_head, office=office_tree.city, title="x")


def test_dates_must_be_in_order_and_the_survey_opens_and_closes_on_them(office_tree):
    head = office_tree.city_head
    with pytest.raises(ApplicationError, match="截止时间应晚于开始时间"):
        survey_save(
            actor=head,
            office=office_tree.city,
            title="x",
            opens_at=at(2026, 11, 2),
            closes_at=at(2026, 11, 1),
        )
    survey = make_survey(head, opens_at=at(2026, 11, 1), closes_at=at(2026, 11, 30))
    with pytest.raises(ApplicationError, match="开始填写"):
        response_submit(survey=survey, data=answers_for(survey), now=at(2026, 10, 31))
    with pytest.raises(ApplicationError, match="已结束"):
        response_submit(survey=survey, data=answers_for(survey), now=at(2026, 12, 1))
    assert response_submit(survey=survey, data=answers_for(survey), now=at(2026, 11, 10)).pk


def test_answers_are_stored_and_bad_ones_all_reported(office_tree):
    survey = make_survey(office_tree.city_head)
    response = response_submit(
        survey=survey, data=answers_for(survey, improve=[0, 2], scale=4, text="很好")
    )
    assert response.satisfaction == 75.0
    assert Answer.objects.filter(response=response).count() == 5  # 1 + 2 + 1 + 1
    q = list(survey.questions.all())
    bad = answers_for(survey)
    bad[f"q{q[0].pk}"] = []  # required, missing
    bad[f"q{q[2].pk}"] = ["6"]  # out of the scale
    with pytest.raises(ApplicationError) as caught:
        response_submit(survey=survey, data=bad)
    assert caught.value.extra["errors"] == {
        f"q{q[0].pk}": "这道题必须回答。",
        f"q{q[2].pk}": "请在1到5分中选一个。",
    }
    other = make_survey(office_tree.city_head, title="另一份")
    foreign = answers_for(survey)
    foreign[f"q{q[0].pk}"] = [str(list(other.questions.first().choices.all())[0].pk)]
    with pytest.raises(ApplicationError):
        response_submit(survey=survey, data=foreign)
    assert Response.objects.filter(survey=survey).count() == 1


def test_invitations_go_by_sms_skip_opt_outs_and_are_answered_once(
    office_tree, sms_outbox, django_capture_on_commit_callbacks
):
    head = office_tree.guanxian_head
    survey = make_survey(head, anonymous=False)
    case = record_of(office_tree.qingshui)  # parties 13800000001 and 13900000002
    optout_record(address="13900000002")  # replied 退订 to an earlier message
    with django_capture_on_commit_callbacks(execute=True):
        result = invitations_send(
            actor=head, survey=survey, phones=["138 0000 0003", "12345"], case=case
        )
    assert (result.sent, result.skipped_opted_out, result.skipped_invalid) == (2, 1, ["12345"])
    assert sorted(m.phone for m in sms_outbox) == ["13800000001", "13800000003"]
    assert all("问卷调查" in m.text and "/s/i/" in m.text for m in sms_outbox)
    again = invitations_send(actor=head, survey=survey, phones=["13800000003"])
    assert (again.sent, again.skipped_already) == (0, 1)

    invitation = Invitation.objects.get(phone="13800000001")
    token = invitation_link(invitation).rsplit("/s/i/", 1)[1].strip("/")
    assert invitation_from_token(token) == invitation
    response = response_submit(survey=survey, data=answers_for(survey), invitation=invitation)
    assert response.office == office_tree.qingshui  # the record's office is the one evaluated
    with pytest.raises(AlreadyAnsweredError, match="只能填写一次"):
        response_submit(survey=survey, data=answers_for(survey), invitation=invitation)
    with pytest.raises(ApplicationError, match="只能通过短信邀请"):
        response_submit(survey=survey, data=answers_for(survey))


def test_the_database_refuses_a_second_answer_to_one_invitation(office_tree):
    head = office_tree.city_head
    survey = make_survey(head)
    invitations_send(actor=head, survey=survey, phones=["13800000009"])
    invitation = Invitation.objects.get()
    Response.objects.create(survey=survey, invitation=invitation, office=survey.office)
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(survey=survey, invitation=invitation, office=survey.office)


@pytest.mark.parametrize("token", ["", "1", "1:forged", "abc:def:ghi"])
def test_a_forged_token_opens_nothing(office_tree, token):
    with pytest.raises(ApplicationError, match="邀请链接无效"):
        invitation_from_token(token)


def test_invitations_need_a_published_survey(office_tree):
    survey = make_survey(office_tree.city_head, publish=False)
    with pytest.raises(ApplicationError, match="发布后才能"):
        invitations_send(actor=office_tree.city_head, survey=survey, phones=["13800000001"])


def test_a_petitioner_is_invited_and_the_answer_is_linked_to_the_petition(
    office_tree, sms_outbox, django_capture_on_commit_callbacks
):
    from eqiao.intake.models import Channel, Kind
    from eqiao.intake.services.submission import petition_submit

    petition = petition_submit(
        content="村里的土地补偿款被村干部截留，请求检察院调查处理。",
        office=office_tree.qingshui,
        kind=Kind.COMPLAINT,
        channel=Channel.WEB,
        name="王建国",
        phone="13812345678",
    ).petition
    survey = make_survey(office_tree.guanxian_head, anonymous=False)
    with django_capture_on_commit_callbacks(execute=True):
        invitations_send(actor=office_tree.guanxian_head, survey=survey, petition=petition)
    invitation = Invitation.objects.get()
    assert (invitation.petition, invitation.phone) == (petition, "13812345678")
    assert [m.phone for m in sms_outbox if "问卷" in m.text] == ["13812345678"]
    response = response_submit(survey=survey, data=answers_for(survey), invitation=invitation)
    assert response.office == petition.office
