"""Lawyer accounts: registration after phone verification, staff approval (capability
`lawyer.verify`), linking to cases as counsel, and the lawyer's view of their cases only."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from eqiao.cases.models import CaseParty, Lawyer, LawyerStatus
from eqiao.cases.services.lawyers import lawyer_register, lawyer_review, party_lawyer_link
from eqiao.cases.tests.factories import LICENCE, login_as, make_case
from eqiao.core.errors import ApplicationError, PermissionDeniedError
from eqiao.core.models import AuditEntry

pytestmark = pytest.mark.django_db
PHONE = "13700000003"


def phone_login(client, outbox, phone: str, captured, next_url: str = "") -> None:
    with captured(execute=True):
        client.post(reverse("portal:login"), {"phone": phone})
    code = re.search(r"验证码是(\d{6})", outbox[-1].text).group(1)
    client.post(reverse("portal:login_code"), {"code": code})


def test_register_validates_licence_and_needs_a_unique_phone(db):
    with pytest.raises(ApplicationError, match="17位数字"):
        lawyer_register(phone=PHONE, name="王律师", licence_number="1234", firm="聊城律所")
    lawyer = lawyer_register(
        phone=PHONE,
        name="王律师",
        licence_number="１３７１５２０１８１０１２３４５６",
        firm="聊城律所",
    )
    assert lawyer.licence_number == LICENCE and lawyer.status == LawyerStatus.PENDING
    assert not lawyer.user.has_usable_password()
    with pytest.raises(ApplicationError, match="已经注册过"):
        lawyer_register(phone=PHONE, name="王律师", licence_number=LICENCE, firm="聊城律所")


def test_approval_needs_the_capability_and_links_counsel_by_licence(
    office_tree, sms_outbox, django_capture_on_commit_callbacks
):
    case = make_case(office_tree.guanxian)
    lawyer = lawyer_register(phone=PHONE, name="王律师", licence_number=LICENCE, firm="聊城律所")
    assert CaseParty.objects.get(case=case, role="defender").lawyer is None
    with pytest.raises(PermissionDeniedError):
        lawyer_review(actor=office_tree.guanxian_prosecutor, lawyer=lawyer, approve=True)
    with pytest.raises(ApplicationError, match="原因"):
        lawyer_review(actor=office_tree.guanxian_head, lawyer=lawyer, approve=False)
    with django_capture_on_commit_callbacks(execute=True):
        lawyer_review(actor=office_tree.guanxian_head, lawyer=lawyer, approve=True)
    assert CaseParty.objects.get(case=case, role="defender").lawyer == lawyer
    assert AuditEntry.objects.filter(action="lawyer.approve").exists()
    assert [m.phone for m in sms_outbox] == [PHONE] and "已通过认证" in sms_outbox[0].text


def test_staff_link_counsel_to_a_verified_lawyer(office_tree):
    case = make_case(office_tree.guanxian, **{"defender.licence": ""})
    party = CaseParty.objects.get(case=case, role="defender")
    with pytest.raises(ApplicationError, match="已认证律师"):
        party_lawyer_link(
            actor=office_tree.guanxian_prosecutor, party=party, licence_number=LICENCE
        )
    lawyer = lawyer_register(phone=PHONE, name="王律师", licence_number=LICENCE, firm="聊城律所")
    lawyer_review(actor=office_tree.guanxian_head, lawyer=lawyer, approve=True)
    party_lawyer_link(actor=office_tree.guanxian_prosecutor, party=party, licence_number=LICENCE)
    party.refresh_from_db()
    assert party.lawyer == lawyer
    victim = CaseParty.objects.get(case=case, role="victim")
    with pytest.raises(ApplicationError, match="辩护人或诉讼代理人"):
        party_lawyer_link(
            actor=office_tree.guanxian_prosecutor, party=victim, licence_number=LICENCE
        )
    with pytest.raises(PermissionDeniedError):
        party_lawyer_link(actor=office_tree.linqing_prosecutor, party=party, licence_number=LICENCE)


def test_lawyer_journey_register_wait_approve_see_only_own_cases(
    client, office_tree, sms_outbox, django_capture_on_commit_callbacks
):
    own = make_case(office_tree.guanxian)
    other = make_case(office_tree.linqing, "临检刑诉受〔2026〕3号", **{"defender.licence": ""})
    phone_login(client, sms_outbox, PHONE, django_capture_on_commit_callbacks)
    response = client.get(reverse("portal:lawyer_home"))
    assert response.status_code == 302 and response.url == reverse("portal:lawyer_register")
    response = client.post(
        reverse("portal:lawyer_register"),
        {"name": "王律师", "licence_number": "123", "firm": "聊城律所"},
    )
    assert response.status_code == 400 and "17位数字" in response.content.decode()
    client.post(
        reverse("portal:lawyer_register"),
        {"name": "王律师", "licence_number": LICENCE, "firm": "聊城律所"},
    )
    page = client.get(reverse("portal:lawyer_home")).content.decode()
    assert "待审核" in page and own.number not in page
    assert client.get(reverse("portal:lawyer_case", args=[own.pk])).status_code == 404

    lawyer_review(actor=office_tree.city_head, lawyer=Lawyer.objects.get(), approve=True)
    page = client.get(reverse("portal:lawyer_home")).content.decode()
    assert own.number in page and other.number not in page
    page = client.get(reverse("portal:lawyer_case", args=[own.pk])).content.decode()
    assert "审查起诉" in page and "张三" not in page and "13800000001" not in page
    assert client.get(reverse("portal:lawyer_case", args=[other.pk])).status_code == 404
    assert AuditEntry.objects.filter(action="case.query", detail__via="lawyer").count() == 1


def test_workbench_review_page(client, office_tree):
    lawyer_register(phone=PHONE, name="王律师", licence_number=LICENCE, firm="聊城律所")
    login_as(client, office_tree.guanxian_prosecutor)
    assert client.get(reverse("workbench:lawyers")).status_code == 403
    login_as(client, office_tree.guanxian_head)
    page = client.get(reverse("workbench:lawyers")).content.decode()
    assert LICENCE in page
    lawyer = Lawyer.objects.get()
    client.post(reverse("workbench:lawyer_decide", args=[lawyer.pk]), {"decision": "approve"})
    lawyer.refresh_from_db()
    assert (
        lawyer.status == LawyerStatus.APPROVED
        and lawyer.reviewed_by == office_tree.guanxian_head.user
    )
