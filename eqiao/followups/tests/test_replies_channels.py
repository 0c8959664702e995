"""Which follow-up a reply answers: by the gateway's reply id when it sends one (through the
real HTTP provider and the loopback gateway), by number and recency otherwise; and a party
bound on WeChat who answers there is read the same way as by SMS."""

import datetime as dt

import pytest
from django.utils import timezone

from eqiao.channels.models import WeChatFollower
from eqiao.channels.providers.sms_http.fake_server import FakeSmsProvider
from eqiao.channels.providers.sms_http.inbound import sms_inbound_parse
from eqiao.channels.services import inbound_dispatch
from eqiao.followups.models import (
    EvaluationDetail,
    EvaluationLevel,
    EvaluationSource,
    FollowUp,
)
from eqiao.followups.services.runs import run_start
from eqiao.followups.tests.factories import make_campaign, make_closed_case

pytestmark = pytest.mark.django_db
PHONE = "13800000001"


@pytest.fixture
def gateway(settings):
    with FakeSmsProvider() as provider:
        settings.EQIAO_SMS_PROVIDER = "sms_http"
        settings.EQIAO_SMS_HTTP_URL = provider.url
        settings.EQIAO_SMS_HTTP_BATCH_URL = provider.batch_url
        settings.EQIAO_SMS_HTTP_KEY = provider.key
        yield provider


@pytest.fixture
def two_followups(office_tree, at_run_time, commit, gateway):
    """Two campaigns (the county's and the outpost's) each wrote to the same person."""
    t = office_tree
    make_closed_case(t.qingshui, parties=[("李四", PHONE)], prosecutor=t.qingshui_prosecutor)
    make_closed_case(t.guanxian, parties=[("李四", PHONE)], prosecutor=t.guanxian_prosecutor)
    for office in (t.guanxian, t.qingshui):
        with commit(execute=True):
            run_start(campaign=make_campaign(office, source="cases"))
    at_run_time.shift(dt.timedelta(hours=2))
    older, newer = FollowUp.objects.order_by("pk")
    assert [m.phone for m in gateway.messages] == [PHONE, PHONE]
    return older, newer


def webhook(payload: dict):
    """What the SMS webhook does with the gateway's post."""
    sms = sms_inbound_parse(payload)
    return inbound_dispatch(
        channel="sms",
        provider="sms_http",
        provider_message_id=sms.provider_id,
        sender=sms.phone,
        text=sms.text,
        reply_to=sms.reply_to,
    )


def answered(followup: FollowUp) -> list[str]:
    """The levels the follow-up's evaluations give (one per record it named)."""
    details = EvaluationDetail.objects.filter(followup=followup).select_related("evaluation")
    return sorted({d.evaluation.level for d in details})


def test_a_reply_with_the_gateways_reply_id_answers_the_message_it_names(two_followups, gateway):
    older, newer = two_followups
    payload = gateway.reply_payload(PHONE, "3", reply_to=gateway.messages[0].provider_id)

    record = webhook(payload)

    assert record.reply_to == gateway.messages[0].provider_id
    assert record.handler == "followups.reply"
    assert answered(older) == [EvaluationLevel.DISSATISFIED]
    assert answered(newer) == []


def test_without_a_reply_id_the_newest_follow_up_is_answered(two_followups, gateway):
    older, newer = two_followups

    webhook(gateway.reply_payload(PHONE, "1", reply_to=""))

    assert answered(newer) == [EvaluationLevel.SATISFIED]
    assert answered(older) == []


def test_a_reply_id_naming_an_answered_follow_up_is_not_a_second_evaluation(two_followups, gateway):
    older, newer = two_followups
    first_id = gateway.messages[0].provider_id
    webhook(gateway.reply_payload(PHONE, "1", reply_to=first_id))

    record = webhook(gateway.reply_payload(PHONE, "2", reply_to=first_id))

    assert record.handler != "followups.reply"
    assert answered(older) == [EvaluationLevel.SATISFIED]
    assert answered(newer) == []


def test_a_reply_id_we_do_not_know_falls_back_to_the_number(two_followups, gateway):
    older, newer = two_followups

    webhook(gateway.reply_payload(PHONE, "满意", reply_to="other-99"))

    assert answered(newer) == [EvaluationLevel.SATISFIED]


def test_a_bad_reply_id_is_refused_with_a_clear_error():
    from eqiao.channels.providers.sms_http.inbound import InboundSmsError

    with pytest.raises(InboundSmsError) as error:
        sms_inbound_parse({"from": PHONE, "text": "1", "id": "a1", "reply_to": "有 空格"})
    assert error.value.field == "reply_to"


# --- WeChat ---------------------------------------------------------------------------------


@pytest.fixture
def sent(office_tree, at_run_time, commit):
    t = office_tree
    make_closed_case(t.qingshui, parties=[("李四", PHONE)], prosecutor=t.qingshui_prosecutor)
    with commit(execute=True):
        run_start(campaign=make_campaign(t.guanxian, source="cases"))
    at_run_time.shift(dt.timedelta(hours=2))
    return FollowUp.objects.get()


def wechat(openid: str, text: str, n: int = 1):
    return inbound_dispatch(
        channel="wechat", provider="wechat", provider_message_id=f"wx{n}", sender=openid, text=text
    )


@pytest.mark.parametrize(
    ("text", "level"),
    [("1", EvaluationLevel.SATISFIED), ("满意", EvaluationLevel.SATISFIED),
     ("３ 不满意", EvaluationLevel.DISSATISFIED)],
)  # fmt: skip
def test_a_bound_party_can_answer_the_follow_up_on_wechat(sent, text, level):
    WeChatFollower.objects.create(openid="o-li", phone=PHONE, bound_at=timezone.now())

    record = wechat("o-li", text)

    assert record.handler == "followups.wechat_reply"
    assert answered(sent) == [level]
    sent.refresh_from_db()
    assert sent.replied_at is not None
    details = EvaluationDetail.objects.filter(followup=sent).select_related("evaluation")
    assert {d.evaluation.source for d in details} == {EvaluationSource.WECHAT}


def test_a_follower_not_bound_to_the_phone_is_not_taken_for_the_party(sent):
    WeChatFollower.objects.create(openid="o-stranger")

    record = wechat("o-stranger", "1")

    assert record.handler != "followups.wechat_reply"
    assert answered(sent) == []
