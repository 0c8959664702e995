"""The procedural-progress query: a party sees their own case after case number + ID number
+ the SMS code sent to the phone on the case; nothing tells a stranger whether a case
exists; guesses slow down; every query is audited."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from eqiao.cases.services.progress import case_query_code_send, case_query_verify
from eqiao.cases.tests.factories import SUSPECT_ID, VICTIM_ID, make_case
from eqiao.channels.services import optout_record
from eqiao.core.errors import ApplicationError, RateLimitedError
from eqiao.core.models import AuditEntry

pytestmark = pytest.mark.django_db
NUMBER = "冠检刑诉受〔2026〕12号"


@pytest.fixture
def case(office_tree):
    return make_case(office_tree.guanxian, juvenile="是")


def code_in(outbox, phone: str) -> str:
    texts = [m.text for m in outbox if m.phone == phone]
    assert texts, f"no SMS to {phone}"
    return re.search(r"验证码是(\d{6})", texts[-1]).group(1)


def test_code_goes_only_to_the_phone_on_the_case(
    case, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case_query_code_send(number=NUMBER, id_number=VICTIM_ID, address="10.0.0.1")
    assert [m.phone for m in sms_outbox] == ["13900000002"]


def test_unknown_case_or_wrong_id_sends_nothing_and_answers_the_same(
    case, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert (
            case_query_code_send(
                number="冠检刑诉受〔2026〕99号", id_number=VICTIM_ID, address="10.0.0.2"
            )
            is None
        )
        assert (
            case_query_code_send(number=NUMBER, id_number="11010519491231002X", address="10.0.0.3")
            is None
        )
    assert sms_outbox == []
    with pytest.raises(ApplicationError) as unknown:
        case_query_verify(
            number="冠检刑诉受〔2026〕99号", id_number=VICTIM_ID, code="123456", address="10.0.0.2"
        )
    with pytest.raises(ApplicationError) as wrong:
        case_query_verify(number=NUMBER, id_number=VICTIM_ID, code="123456", address="10.0.0.3")
    assert unknown.value.message == wrong.value.message


def test_right_code_opens_the_case_once_and_is_audited(
    case, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case_query_code_send(number=NUMBER, id_number=SUSPECT_ID, address="10.0.0.1")
    code = code_in(sms_outbox, "13800000001")
    party = case_query_verify(number=NUMBER, id_number=SUSPECT_ID, code=code, address="10.0.0.1")
    assert party.name == "张三"
    assert AuditEntry.objects.filter(action="case.query", target_id=str(case.pk)).count() == 1
    with pytest.raises(ApplicationError):  # used up
        case_query_verify(number=NUMBER, id_number=SUSPECT_ID, code=code, address="10.0.0.1")


def test_failed_verifications_slow_down(case, throttle_clock):
    for _ in range(3):
        with pytest.raises(ApplicationError) as exc:
            case_query_verify(
                number=NUMBER, id_number=SUSPECT_ID, code="000000", address="10.0.0.9"
            )
        assert not isinstance(exc.value, RateLimitedError)
    with pytest.raises(RateLimitedError) as limited:
        case_query_verify(number=NUMBER, id_number=SUSPECT_ID, code="000000", address="10.0.0.9")
    assert "请" in limited.value.message and limited.value.extra["retry_after"] >= 1
    assert AuditEntry.objects.filter(action="case.query_failed").count() == 3


def test_asking_for_codes_slows_down(case):
    for _ in range(3):
        case_query_code_send(number=NUMBER, id_number=SUSPECT_ID, address="10.0.0.8")
    with pytest.raises(RateLimitedError):
        case_query_code_send(number=NUMBER, id_number=SUSPECT_ID, address="10.0.0.8")


def test_party_page_journey_shows_own_case_but_no_other_party(
    client, case, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("portal:case_query"), {"number": NUMBER, "id_number": VICTIM_ID}
        )
    assert response.status_code == 302
    assert VICTIM_ID not in str(dict(client.session))  # the session row holds it sealed
    page = client.get(response.url).content.decode()
    assert "如果案件编号和身份证号与案件记录相符" in page
    code = code_in(sms_outbox, "13900000002")
    response = client.post(reverse("portal:case_query_code"), {"code": code})
    assert response.status_code == 302
    page = client.get(reverse("portal:case_progress")).content.decode()
    # Juvenile: nothing may be published, but the party sees their own progress.
    assert NUMBER in page and "审查起诉" in page and "冠县人民检察院" in page
    assert "李四" in page  # their own name
    for secret in ("张三", SUSPECT_ID, "13800000001", "王律师", "张某某故意伤害案", VICTIM_ID):
        assert secret not in page
    client.post(reverse("portal:case_end"))
    assert client.get(reverse("portal:case_progress")).status_code == 302


def test_pages_never_500_on_bad_input(client, case):
    for data in (
        {},
        {"number": "x" * 500, "id_number": "1"},
        {"number": NUMBER, "id_number": "\x00"},
    ):
        response = client.post(reverse("portal:case_query"), data)
        assert response.status_code == 400
    response = client.post(reverse("portal:case_query"), {"number": NUMBER, "id_number": VICTIM_ID})
    response = client.post(reverse("portal:case_query_code"), {"code": "abc"})
    assert response.status_code == 400 and "6位数字" in response.content.decode()


def test_stage_sms_respects_opt_out(office_tree, sms_outbox, django_capture_on_commit_callbacks):
    from eqiao.cases.models import Case

    make_case(office_tree.guanxian)
    optout_record(address="13900000002", channel="sms")
    with django_capture_on_commit_callbacks(execute=True):
        make_case(office_tree.guanxian, stage="提起公诉")
    assert Case.objects.get().stage == "prosecuted"
    assert sorted(m.phone for m in sms_outbox) == ["13800000001"]
