"""The case disclosure journeys in a real browser: a party looks up the progress of their own
case (case number + ID number + SMS code to the phone on the case); a lawyer registers with
a verified phone, staff approve the account, and the lawyer sees the case where they are
counsel — and only that."""

from __future__ import annotations

import re

import pyotp
import pytest
from django.utils import timezone

from eqiao.cases.models import Lawyer, LawyerStatus
from eqiao.cases.tests.factories import LICENCE, VICTIM_ID, make_case
from tests.e2e.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NUMBER = "冠检刑诉受〔2026〕12号"


def _code(outbox, phone: str) -> str:
    texts = [m.text for m in outbox if m.phone == phone]
    assert texts, f"no SMS to {phone}"
    return re.search(r"验证码是(\d{6})", texts[-1]).group(1)


def _staff_login(page, base_url, staff):
    secret = pyotp.random_base32()
    staff.user.totp_secret = secret
    staff.user.totp_confirmed_at = timezone.now()
    staff.user.save(update_fields=["totp_secret", "totp_confirmed_at"])
    page.goto(f"{base_url}/staff/login/")
    page.fill("#id_username", staff.user.username)
    page.fill("#id_password", "pass-1234")
    page.locator("#id_password").press("Enter")
    page.fill("#id_code", pyotp.TOTP(secret).now())
    page.locator("#id_code").press("Enter")
    page.wait_for_url(f"{base_url}/staff/")


def test_party_sees_own_case_progress_after_sms_code(live_server, office_tree, phone, sms_outbox):
    make_case(office_tree.guanxian, juvenile="是")
    base = live_server.url
    phone.goto(f"{base}/")
    phone.get_by_role("link", name="案件查询").click()
    phone.fill("#f-number", "冠检刑诉受〔２０２６〕１２号")  # typed with full-width digits
    phone.fill("#f-id_number", VICTIM_ID)
    screenshot(phone, "cases-01-party-query")
    phone.get_by_role("button", name="获取验证码").click()
    phone.wait_for_url(f"{base}/cases/query/code/")
    assert "如果案件编号和身份证号与案件记录相符" in phone.content()

    phone.fill("#f-code", "000000")
    phone.get_by_role("button", name="查询").click()
    assert "验证不通过" in phone.content()

    phone.fill("#f-code", _code(sms_outbox, "13900000002"))
    phone.get_by_role("button", name="查询").click()
    phone.wait_for_url(f"{base}/cases/progress/")
    screenshot(phone, "cases-02-party-progress")
    page = phone.content()
    assert NUMBER in page and "审查起诉" in page and "冠县人民检察院" in page
    assert "张三" not in page and "王律师" not in page  # no other party's data
    phone.get_by_role("button", name="结束查询").click()
    phone.goto(f"{base}/cases/progress/")
    assert phone.url.endswith("/cases/query/")


def test_lawyer_registers_is_approved_and_sees_only_their_case(
    live_server, office_tree, phone, desk, sms_outbox
):
    own = make_case(office_tree.guanxian)
    make_case(office_tree.linqing, "临检刑诉受〔2026〕3号", **{"defender.licence": ""})
    base = live_server.url

    phone.goto(f"{base}/lawyer/")
    phone.get_by_role("link", name="还没有律师账户？验证手机号后注册").click()
    phone.fill("#f-phone", "13700000003")
    phone.get_by_role("button", name="获取验证码").click()
    phone.fill("#f-code", _code(sms_outbox, "13700000003"))
    phone.get_by_role("button", name="登录").click()
    phone.wait_for_url(f"{base}/lawyer/register/")
    phone.fill("#f-name", "王律师")
    phone.fill("#f-licence_number", LICENCE)
    phone.fill("#f-firm", "山东聊城正义律师事务所")
    screenshot(phone, "cases-03-lawyer-register")
    phone.get_by_role("button", name="提交注册").click()
    phone.wait_for_url(f"{base}/lawyer/")
    assert "待审核" in phone.content() and own.number not in phone.content()

    staff = desk()
    _staff_login(staff, base, office_tree.guanxian_head)
    staff.get_by_role("link", name="律师认证").click()
    screenshot(staff, "cases-04-staff-approves-lawyer")
    staff.get_by_role("button", name="认证通过").click()
    staff.wait_for_load_state()
    assert Lawyer.objects.get().status == LawyerStatus.APPROVED

    phone.reload()
    page = phone.content()
    assert own.number in page and "临检刑诉受〔2026〕3号" not in page
    phone.get_by_role("link", name=own.number).click()
    screenshot(phone, "cases-05-lawyer-case")
    assert "审查起诉" in phone.content() and "张三" not in phone.content()
