"""The journey the intake issue promises, in a real browser: a citizen submits on a phone,
the county's receptionist routes it down to a township outpost, the outpost replies, and the
citizen sees the reply by tracking number and password."""

from __future__ import annotations

import pyotp
import pytest
from django.utils import timezone

from eqiao.intake.models import Petition
from tests.e2e.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CONTENT = (
    "我是冠县清水镇的，在庆海轴承厂干了一年，老板拖欠我们十几个人三个月工资，"
    "找了好几次都说没钱。快过年了，请检察院帮我们问问。"
)
REPLY = "您反映的欠薪问题已收到，清水检察室已联系县劳动监察大队，五个工作日内给您答复。"


def _enrol_totp(staff) -> pyotp.TOTP:
    secret = pyotp.random_base32()
    staff.user.totp_secret = secret
    staff.user.totp_confirmed_at = timezone.now()
    staff.user.save(update_fields=["totp_secret", "totp_confirmed_at"])
    return pyotp.TOTP(secret)


def _staff_login(page, base_url, staff, password):
    totp = _enrol_totp(staff)
    page.goto(f"{base_url}/staff/login/")
    page.fill("#id_username", staff.user.username)
    page.fill("#id_password", password)
    page.locator("#id_password").press("Enter")
    page.fill("#id_code", totp.now())
    page.locator("#id_code").press("Enter")
    page.wait_for_url(f"{base_url}/staff/")


def test_citizen_submits_outpost_replies_citizen_sees_reply(
    live_server, office_tree, phone, desk, sms_outbox
):
    base = live_server.url

    # 1. A citizen files a complaint on the phone-sized portal.
    phone.goto(f"{base}/")
    phone.get_by_role("link", name="我要控告").first.click()
    phone.fill("#f-content", CONTENT)
    phone.fill("#f-name", "李桂兰")
    phone.fill("#f-phone", "13906358888")
    screenshot(phone, "01-citizen-submit")
    phone.get_by_role("button", name="提交", exact=True).click()
    number = phone.get_by_test_id("tracking-number").inner_text().strip()
    password = phone.get_by_test_id("query-password").inner_text().strip()
    screenshot(phone, "02-citizen-receipt")
    petition = Petition.objects.get(tracking_number=number)
    assert petition.office == office_tree.guanxian, "the text names 冠县, so 冠县院 handles it"
    assert any(number in sms.text for sms in sms_outbox), "the receipt SMS names the number"

    # 2. The county receptionist routes it down to the 清水 outpost.
    staff_page = desk()
    _staff_login(staff_page, base, office_tree.guanxian_receptionist, office_tree.password)
    staff_page.get_by_role("link", name=number).first.click()
    route = staff_page.locator("#action-route")
    route.locator("summary").click()
    route.locator("select[name=to_office]").select_option(str(office_tree.qingshui.pk))
    route.locator("textarea[name=reason]").fill("属清水镇辖区，请清水检察室就近办理。")
    route.locator("button[type=submit]").click()
    staff_page.get_by_text("清水检察室").first.wait_for()
    screenshot(staff_page, "03-county-routed")
    petition.refresh_from_db()
    assert petition.office == office_tree.qingshui

    # 3. The outpost's prosecutor replies.
    outpost_page = desk()
    _staff_login(outpost_page, base, office_tree.qingshui_prosecutor, office_tree.password)
    outpost_page.get_by_role("link", name=number).first.click()
    reply = outpost_page.locator("#action-reply_procedural")
    reply.locator("summary").click()
    reply.locator("textarea[name=text]").fill(REPLY)
    reply.locator("button[type=submit]").click()
    outpost_page.get_by_text(REPLY).first.wait_for()
    screenshot(outpost_page, "04-outpost-replied")

    # 4. The citizen looks it up by tracking number and password and reads the reply.
    phone.goto(f"{base}/track/")
    phone.fill("#f-tracking_number", number)
    phone.fill("#f-password", password)
    phone.locator("#f-password").press("Enter")
    phone.get_by_text(REPLY).wait_for()
    screenshot(phone, "05-citizen-sees-reply")
