"""The channels admin: staff record an opt-out through the service (audit-logged), and the
lists show masked numbers."""

from __future__ import annotations

import pytest

from eqiao.channels.models import OptOut
from eqiao.channels.services import sms_queue
from eqiao.core.models import AuditEntry

pytestmark = pytest.mark.django_db
PHONE = "13906350077"


@pytest.fixture
def admin(admin_client, settings):
    settings.EQIAO_STAFF_TOTP_REQUIRED = False  # the admin's TOTP guard is tested in workbench
    return admin_client


def test_staff_record_an_opt_out_and_back_in(admin):
    response = admin.post(
        "/admin/channels/optout/add/", {"address": f" {PHONE} ", "active": "on", "note": "来电要求"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = OptOut.objects.get(address=PHONE)
    assert entry.active and entry.method == "staff" and entry.note == "来电要求"
    assert AuditEntry.objects.filter(action="channels.optout").exists()

    admin.post(f"/admin/channels/optout/{entry.pk}/change/", {"active": "", "note": "本人恢复"})
    entry.refresh_from_db()
    assert not entry.active
    assert AuditEntry.objects.filter(action="channels.optin").exists()


def test_a_wrong_number_is_refused_with_a_reason(admin):
    response = admin.post("/admin/channels/optout/add/", {"address": "12345", "active": "on"})
    assert response.status_code == 200 and "手机号" in response.content.decode()
    assert not OptOut.objects.exists()


def test_the_lists_mask_numbers(admin, sms_test_templates):
    sms_queue(phone=PHONE, template="test.notice", params={"text": "测试"})
    page = admin.get("/admin/channels/outboundmessage/").content.decode()
    assert "139****0077" in page and PHONE not in page


def test_a_login_codes_text_and_number_stay_out_of_the_admin(admin, sms_test_templates):
    code = sms_queue(
        phone=PHONE, template="test.requested", params={"text": "您的登录验证码是314159"}
    )
    page = admin.get(f"/admin/channels/outboundmessage/{code.pk}/change/").content.decode()
    assert "314159" not in page and PHONE not in page and "139****0077" in page
