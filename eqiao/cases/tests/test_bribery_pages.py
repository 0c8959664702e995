"""The bribery-record query through the pages: an organisation applies with a phone proved by
SMS code, staff answer, the applicant downloads the certificate, anyone checks its code."""

from __future__ import annotations

import io
import re
import time

from pypdf import PdfReader

from eqiao.cases.models import BriberyQueryStatus, BriberyRecordQuery
from eqiao.cases.services.bribery import VERIFY_MISSES_PER_HOUR
from eqiao.cases.tests.test_never_publish import login_as

PHONE = "13906358888"
FORM = {
    "applicant_unit": "聊城市建设工程有限公司",
    "applicant_credit_code": "91350100M000100Y43",
    "contact_name": "王经理",
    "purpose": "bidding",
    "purpose_note": "冠县道路工程",
    "subject_kind": "company",
    "subject_name": "冠县路桥有限公司",
    "subject_credit_code": "91110000100010433L",
}


def _verified(client, phone=PHONE):
    # What the portal's SMS-code login leaves in the session.
    session = client.session
    session["portal_phone"] = phone
    session["portal_phone_at"] = time.time()
    session.save()


def test_application_needs_a_phone_proved_by_sms_code(client, db):
    response = client.get("/bribery/apply/")
    assert response.status_code == 302 and response["Location"].startswith("/login/?next=")


def test_bad_credit_code_keeps_what_was_typed(client, office_tree):
    _verified(client)
    form = FORM | {"office": office_tree.guanxian.pk, "applicant_credit_code": "91350100M000100Y44"}
    response = client.post("/bribery/apply/", form)
    page = response.content.decode()
    assert response.status_code == 400 and "校验位不对" in page
    assert "聊城市建设工程有限公司" in page
    assert not BriberyRecordQuery.objects.exists()


def test_apply_answer_download_and_verify(client, office_tree):
    _verified(client)
    response = client.post("/bribery/apply/", FORM | {"office": office_tree.guanxian.pk})
    assert response.status_code == 302
    query = BriberyRecordQuery.objects.get()
    assert query.phone == PHONE and query.status == BriberyQueryStatus.PENDING
    assert "待答复" in client.get("/bribery/mine/").content.decode()

    staff = client.__class__()
    login_as(staff, office_tree.guanxian_receptionist)
    staff.post(f"/staff/bribery/{query.pk}/answer/", {"result": "none"})
    query.refresh_from_db()
    assert query.status == BriberyQueryStatus.ANSWERED

    pdf = client.get(f"/bribery/{query.number}/certificate.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text().split())
    assert "冠县路桥有限公司" in text and "未发现行贿犯罪记录" in text
    # Another phone cannot download it.
    other = client.__class__()
    _verified(other, "13906350000")
    assert other.get(f"/bribery/{query.number}/certificate.pdf").status_code == 404

    anyone = client.__class__()
    code = re.sub(r"(.{4})", r"\1-", query.verification_code).strip("-").lower()
    page = anyone.post("/bribery/verify/", {"code": code}).content.decode()
    assert "告知函真实有效" in page and "冠县路桥有限公司" in page
    # The QR code's address checks the code at once.
    page = anyone.get(f"/bribery/verify/?code={query.verification_code}").content.decode()
    assert "告知函真实有效" in page
    page = anyone.post("/bribery/verify/", {"code": "Z" * 16}).content.decode()
    assert "查无此验证码" in page


def test_verification_is_rate_limited(client, db):
    for _i in range(VERIFY_MISSES_PER_HOUR):
        client.post("/bribery/verify/", {"code": "Y" * 16})
    response = client.post("/bribery/verify/", {"code": "Y" * 16})
    assert response.status_code == 429 and "查询次数太多" in response.content.decode()


def test_staff_of_a_sibling_county_cannot_answer(client, office_tree):
    _verified(client)
    client.post("/bribery/apply/", FORM | {"office": office_tree.guanxian.pk})
    query = BriberyRecordQuery.objects.get()
    staff = client.__class__()
    login_as(staff, office_tree.linqing_head)
    assert staff.post(f"/staff/bribery/{query.pk}/answer/", {"result": "none"}).status_code == 404
