"""Case disclosure in a real browser: a reviewer uploads a legal document, reads the
side-by-side redaction, corrects it and publishes, and the public sees only the redacted
text; a citizen checks a bribery-record certificate's code on a phone."""

from __future__ import annotations

import docx
import pytest

from eqiao.cases.services.bribery import (
    bribery_query_answer,
    bribery_query_apply,
    verification_code_display,
)
from eqiao.cases.tests.disclosure_factories import INDICTMENT, case_make
from tests.e2e.conftest import screenshot
from tests.e2e.test_citizen_journey import _staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reviewer_uploads_corrects_and_publishes_a_redacted_document(
    live_server, office_tree, desk, phone, tmp_path
):
    base = live_server.url
    case = case_make(office_tree.guanxian)
    upload = tmp_path / "起诉书.docx"
    document = docx.Document()
    for line in INDICTMENT.splitlines():
        document.add_paragraph(line)
    document.save(upload)

    page = desk()
    _staff_login(page, base, office_tree.guanxian_prosecutor, office_tree.password)
    page.goto(f"{base}/staff/documents/new/")
    page.select_option("#id_case", str(case.pk))
    page.select_option("#id_kind", "indictment")
    page.fill("#id_title", "张某某盗窃案起诉书")
    page.set_input_files("#id_file", str(upload))
    page.get_by_role("button", name="上传并脱敏").click()
    page.get_by_test_id("redacted").wait_for()
    original = page.get_by_test_id("original").inner_text()
    redacted = page.get_by_test_id("redacted").inner_text()
    assert "张小明" in original and "张小明" not in redacted and "张某某" in redacted
    assert "检察官白云" in redacted
    changes = page.get_by_test_id("changes").inner_text()
    assert "身份证号" in changes and "电话号码" in changes
    screenshot(page, "disclosure-01-diff")

    # The victim agreed to be named: un-mask; the birth date was missed: mask it.
    page.get_by_role("button", name="取消脱敏：李大海").click()
    page.get_by_test_id("redacted").wait_for()
    assert "李大海" in page.get_by_test_id("redacted").inner_text()
    page.fill("#id_text", "1980年5月3日")
    page.select_option("#id_kind", "other")
    page.get_by_role("button", name="遮盖", exact=True).click()
    page.get_by_test_id("redacted").wait_for()
    assert "1980年5月3日" not in page.get_by_test_id("redacted").inner_text()
    page.get_by_role("button", name="核对无误，公开").click()
    page.get_by_text("文书已公开").first.wait_for()
    screenshot(page, "disclosure-02-published")

    phone.goto(f"{base}/cases/documents/")
    phone.get_by_role("link", name="张某某盗窃案起诉书").click()
    public = phone.get_by_test_id("document-text").inner_text()
    assert "张某某" in public and "李大海" in public
    for secret in ("张小明", "372526198005031234", "13906351234", "1980年5月3日"):
        assert secret not in public
    screenshot(phone, "disclosure-03-public-document")


def test_citizen_checks_a_certificate_code(live_server, office_tree, phone):
    query = bribery_query_apply(
        phone="13906358888",
        office=office_tree.guanxian,
        applicant_unit="聊城市建设工程有限公司",
        applicant_credit_code="91350100M000100Y43",
        contact_name="王经理",
        purpose="bidding",
        subject_kind="company",
        subject_name="冠县路桥有限公司",
        subject_credit_code="91110000100010433L",
    )
    query = bribery_query_answer(
        actor=office_tree.guanxian_receptionist, query=query, result="none"
    )
    phone.goto(f"{live_server.url}/bribery/verify/")
    phone.fill("#f-code", "ZZZZ-ZZZZ-ZZZZ-ZZZZ")
    phone.get_by_role("button", name="核验").click()
    assert "查无此验证码" in phone.get_by_test_id("verify-result").inner_text()
    phone.fill("#f-code", verification_code_display(query.verification_code).lower())
    phone.get_by_role("button", name="核验").click()
    result = phone.get_by_test_id("verify-result").inner_text()
    assert "告知函真实有效" in result
    assert "冠县路桥有限公司" in result and "未发现行贿犯罪记录" in result
    screenshot(phone, "disclosure-04-certificate-verified")
