"""The demo's cases: 40 across the Liaocheng offices at every stage, flags, lawyers; the
documented party and lawyer can use the progress query."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command

from eqiao.cases.models import Case, CaseParty, Lawyer, LawyerStatus
from eqiao.cases.selectors import lawyer_cases
from eqiao.cases.services.progress import case_query_code_send, case_query_verify
from eqiao.demo.cases import (
    CASES,
    DEMO_LAWYER_PHONE,
    DEMO_PARTY_ID,
    DEMO_PARTY_PHONE,
)
from eqiao.demo.loader import DEMO_TODAY

pytestmark = pytest.mark.django_db
DEMO_PARTY_CASE = "冠检刑诉受〔2026〕100号"


@pytest.fixture
def demo(db):
    call_command("load_demo", petitions=3, today=DEMO_TODAY.isoformat(), stdout=None)


def test_cases_cover_the_offices_stages_and_flags(demo):
    # The follow-ups demo adds closed October cases of its own (聊检回访…) to follow up.
    cases = Case.objects.exclude(number__startswith="聊检回访")
    assert cases.count() == CASES
    assert cases.values("office").distinct().count() == 9
    assert cases.values("stage").distinct().count() >= 8
    assert cases.filter(juvenile=True).exists()
    assert cases.filter(privacy=True).exists()
    assert not Case.objects.filter(accepted_on__gt=DEMO_TODAY).exists()
    statuses = set(Lawyer.objects.values_list("status", flat=True))
    assert statuses == {LawyerStatus.APPROVED, LawyerStatus.PENDING}


def test_the_documented_party_and_lawyer_work(demo, sms_outbox, django_capture_on_commit_callbacks):
    party = CaseParty.objects.get(case__number=DEMO_PARTY_CASE, phone=DEMO_PARTY_PHONE)
    assert party.id_number == DEMO_PARTY_ID and party.case.office.name == "冠县人民检察院"
    with django_capture_on_commit_callbacks(execute=True):
        case_query_code_send(number=DEMO_PARTY_CASE, id_number=DEMO_PARTY_ID, address="10.1.1.1")
    code = re.search(r"验证码是(\d{6})", sms_outbox[-1].text).group(1)
    assert (
        case_query_verify(
            number=DEMO_PARTY_CASE, id_number=DEMO_PARTY_ID, code=code, address="10.1.1.1"
        )
        == party
    )
    lawyer = Lawyer.objects.get(phone=DEMO_LAWYER_PHONE)
    assert lawyer.is_verified and lawyer_cases(lawyer=lawyer).count() >= 5
