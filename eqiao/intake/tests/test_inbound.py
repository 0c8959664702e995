"""Intake's inbound handler, registered in IntakeConfig.ready(): an SMS is a follow-up on
the sender's newest open petition, or a new petition — unless a more specific handler (a
follow-up survey) claims it first. (The webhook end to end: api/tests/test_sms_inbound.py.)"""

from __future__ import annotations

import pytest

from eqiao.channels.models import OutboundMessage
from eqiao.channels.services import (
    HandlerResult,
    Inbound,
    inbound_dispatch,
    inbound_handler_register,
    inbound_handler_unregister,
    sms_queue,
)
from eqiao.channels.services.inbound import inbound_handlers
from eqiao.intake.models import EventKind, Petition
from eqiao.intake.tests.factories import make_petition

pytestmark = pytest.mark.django_db
PHONE = "13906350077"
SURVEY = "对我们的办理满意请回复1或满意"
SURVEY_SHORT = "对我们的办理满意请回复1"
SURVEY_ANSWERS = {"1": 100, "满意": 100, "2": 60, "不满意": 0}


def receive(text: str, message_id: str):
    return inbound_dispatch(
        channel="sms", provider="sms_http", provider_message_id=message_id, sender=PHONE, text=text
    )


@pytest.fixture
def survey_handler():
    """A follow-up campaign's handler, registered as the followups app will: it takes the
    answers to a survey SMS from the numbers that got one."""
    scores = []

    def claims(message: Inbound) -> bool:
        got_survey = OutboundMessage.objects.filter(
            recipient=message.sender, purpose="survey"
        ).exists()
        return got_survey and message.text.strip() in SURVEY_ANSWERS

    def handle(message: Inbound) -> HandlerResult:
        scores.append(SURVEY_ANSWERS[message.text.strip()])
        return HandlerResult(outcome="survey_reply")

    inbound_handler_register(
        name="followups.survey", claims=claims, handle=handle, channels=("sms",), priority=100
    )
    yield scores
    inbound_handler_unregister(name="followups.survey")


def test_intake_registers_itself_as_the_last_sms_handler():
    assert inbound_handlers("sms")[-1].name == "intake.petition"


def test_a_survey_answer_is_never_filed_as_a_petition_message(
    office_tree, survey_handler, sms_test_templates
):
    petition = make_petition(office_tree.qingshui, phone=PHONE)
    sms_queue(phone=PHONE, template="test.notice", params={"text": SURVEY}, purpose="survey")

    record = receive("满意", "s1")

    assert (record.handler, record.outcome) == ("followups.survey", "survey_reply")
    assert survey_handler == [100]
    assert not petition.events.filter(kind=EventKind.CITIZEN_MESSAGE).exists()
    assert Petition.objects.count() == 1


def test_without_a_survey_the_same_words_are_a_petition_follow_up(office_tree, survey_handler):
    petition = make_petition(office_tree.qingshui, phone=PHONE)

    record = receive("满意", "s2")

    assert (record.handler, record.outcome) == ("intake.petition", "message")
    assert record.ref == petition.tracking_number
    assert survey_handler == []
    assert petition.events.filter(kind=EventKind.CITIZEN_MESSAGE, text="满意").exists()


def test_a_longer_reply_after_a_survey_still_reaches_the_petition(
    office_tree, survey_handler, sms_test_templates
):
    petition = make_petition(office_tree.qingshui, phone=PHONE)
    sms_queue(phone=PHONE, template="test.notice", params={"text": SURVEY_SHORT}, purpose="survey")

    record = receive("我的工资到现在还没发，请再查一查。", "s3")

    assert record.outcome == "message" and survey_handler == []
    assert petition.events.filter(kind=EventKind.CITIZEN_MESSAGE).exists()


def test_stop_from_a_petitioner_opts_out_and_is_not_filed(office_tree, sms_outbox):
    petition = make_petition(office_tree.qingshui, phone=PHONE)

    record = receive("STOP", "s4")

    assert record.outcome == "opted_out"
    assert not petition.events.filter(kind=EventKind.CITIZEN_MESSAGE).exists()
