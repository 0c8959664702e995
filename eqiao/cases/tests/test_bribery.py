"""Bribery-record queries: the credit code's check character, the application, the answer
with a certificate PDF rendered for real, and the rate-limited public check of its code."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from eqiao.cases.models import BriberyQueryStatus, BriberyResult
from eqiao.cases.services.bribery import (
    CODE_LENGTH,
    VERIFY_MISSES_PER_HOUR,
    bribery_certificate_pdf,
    bribery_certificate_verify,
    bribery_query_answer,
    bribery_query_apply,
    credit_code_clean,
    credit_code_valid,
    verification_code_display,
)
from eqiao.core.errors import ApplicationError, PermissionDeniedError, RateLimitedError

APPLICANT = "91350100M000100Y43"
SUBJECT = "91110000100010433L"


@pytest.mark.parametrize("code", [APPLICANT, SUBJECT, "914403001922038216"])
def test_real_credit_codes_pass_their_check(code):
    assert credit_code_valid(code)


@pytest.mark.parametrize(
    "code, message",
    [
        ("91350100M000100Y44", "校验位"),
        ("91350100M000100Y4", "18位"),
        ("91350100M0001O0Y43", "不能有“O”"),
        ("", "请填写"),
    ],
)
def test_bad_credit_codes_are_explained(code, message):
    with pytest.raises(ApplicationError, match=message):
        credit_code_clean(code, field="applicant_credit_code")


def test_full_width_and_lower_case_codes_are_accepted():
    assert credit_code_clean("９１３５０１００m０００１００y４３", field="x") == APPLICANT


def apply(tree, **overrides):
    data = dict(
        phone="13906358888",
        office=tree.guanxian,
        applicant_unit="聊城市建设工程有限公司",
        applicant_credit_code=APPLICANT,
        contact_name="王经理",
        purpose="bidding",
        purpose_note="冠县道路工程招投标",
        subject_kind="company",
        subject_name="冠县路桥有限公司",
        subject_credit_code=SUBJECT,
    )
    data.update(overrides)
    return bribery_query_apply(**data)


def test_application_gets_a_number_and_an_sms(
    office_tree, sms_outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        query = apply(office_tree)
    assert query.status == BriberyQueryStatus.PENDING and query.number.startswith("XH")
    assert query.number in sms_outbox[-1].text


def test_a_person_is_queried_by_a_valid_id_number(office_tree):
    with pytest.raises(ApplicationError) as exc:
        apply(office_tree, subject_kind="person", subject_name="王五", subject_id_number="123")
    assert exc.value.field == "subject_id_number"
    query = apply(
        office_tree,
        subject_kind="person",
        subject_name="王五",
        subject_id_number="11010519491231002X",
    )
    assert query.subject_id_number == "11010519491231002X"


def test_other_purpose_needs_a_note(office_tree):
    with pytest.raises(ApplicationError, match="具体用途"):
        apply(office_tree, purpose="other", purpose_note="")


def test_answer_needs_the_capability_in_scope(office_tree):
    query = apply(office_tree)
    with pytest.raises(PermissionDeniedError):
        bribery_query_answer(actor=office_tree.linqing_head, query=query, result="none")
    with pytest.raises(ApplicationError, match="记录摘要"):
        bribery_query_answer(actor=office_tree.guanxian_receptionist, query=query, result="found")


def test_certificate_pdf_carries_the_result_and_its_code(
    office_tree, sms_outbox, django_capture_on_commit_callbacks
):
    query = apply(office_tree)
    with django_capture_on_commit_callbacks(execute=True):
        answered = bribery_query_answer(
            actor=office_tree.guanxian_receptionist, query=query, result=BriberyResult.NONE
        )
    assert len(answered.verification_code) == CODE_LENGTH
    assert "已办结" in sms_outbox[-1].text
    pdf = bribery_certificate_pdf(
        query=answered, verify_url="https://eqiao.example.cn/bribery/verify/"
    )
    assert pdf.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    text = "".join(text.split())
    assert "行贿犯罪档案查询结果告知函" in text
    assert "冠县路桥有限公司" in text
    assert "未发现行贿犯罪记录" in text
    assert verification_code_display(answered.verification_code).replace("-", "") in text.replace(
        "-", ""
    )


def test_codes_differ_and_verify(office_tree):
    first = bribery_query_answer(
        actor=office_tree.guanxian_receptionist, query=apply(office_tree), result="none"
    )
    second = bribery_query_answer(
        actor=office_tree.guanxian_receptionist,
        query=apply(office_tree, subject_name="冠县另一公司"),
        result="found",
        detail="2019年冠县人民法院（2019）鲁1525刑初88号，单位行贿罪",
    )
    assert first.verification_code != second.verification_code
    shown = verification_code_display(first.verification_code).lower()
    assert bribery_certificate_verify(code=shown, ip="127.0.0.9").pk == first.pk
    assert bribery_certificate_verify(code="A" * CODE_LENGTH, ip="127.0.0.9") is None


def test_wrong_codes_are_rate_limited(office_tree):
    for _i in range(VERIFY_MISSES_PER_HOUR):
        assert bribery_certificate_verify(code="B" * CODE_LENGTH, ip="127.0.0.7") is None
    with pytest.raises(RateLimitedError, match="查询次数太多"):
        bribery_certificate_verify(code="B" * CODE_LENGTH, ip="127.0.0.7")
    # Another address is not affected.
    assert bribery_certificate_verify(code="B" * CODE_LENGTH, ip="127.0.0.8") is None
