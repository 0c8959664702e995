"""Cases for staff (scoped list and page, masked parties, petition links, import pages with
progress) and for the connector (v1 upsert with a scope)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from eqiao.cases.models import Case, CaseImportRun, CasePetitionLink
from eqiao.cases.services.cases import case_petition_link
from eqiao.cases.services.imports import case_import_mapping_save
from eqiao.cases.tests.factories import (
    COLUMNS,
    SUSPECT_ID,
    csv_bytes,
    login_as,
    make_case,
    row,
    upload,
)
from eqiao.core.errors import NotFoundError, PermissionDeniedError
from eqiao.core.models import AuditEntry
from eqiao.intake.tests.factories import make_petition

pytestmark = pytest.mark.django_db


def test_case_list_is_scoped_to_the_subtree(client, office_tree):
    make_case(office_tree.guanxian, "冠检刑诉受〔2026〕1号")
    make_case(office_tree.qingshui, "冠检刑诉受〔2026〕2号")
    make_case(office_tree.linqing, "临检刑诉受〔2026〕1号")
    login_as(client, office_tree.guanxian_prosecutor)
    page = client.get(reverse("workbench:cases")).content.decode()
    assert "冠检刑诉受〔2026〕1号" in page and "冠检刑诉受〔2026〕2号" in page
    assert "临检刑诉受〔2026〕1号" not in page
    sibling = Case.objects.get(number="临检刑诉受〔2026〕1号")
    assert client.get(reverse("workbench:case_detail", args=[sibling.pk])).status_code == 404


def test_case_list_query_count_does_not_grow(client, office_tree):
    login_as(client, office_tree.guanxian_prosecutor)
    make_case(office_tree.guanxian, "冠检刑诉受〔2026〕1号")
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("workbench:cases"))
    for n in range(2, 12):
        make_case(office_tree.guanxian, f"冠检刑诉受〔2026〕{n}号")
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("workbench:cases"))
    assert len(many) == len(one)


def test_case_page_masks_parties_and_shows_stages(client, office_tree):
    case = make_case(office_tree.guanxian)
    login_as(client, office_tree.guanxian_prosecutor)
    page = client.get(reverse("workbench:case_detail", args=[case.pk])).content.decode()
    assert "审查起诉" in page and "2026-09-10" in page
    assert "张*" in page and SUSPECT_ID not in page and "13800000001" not in page
    assert "138****0001" in page


def test_link_petition_by_tracking_number(client, office_tree):
    case = make_case(office_tree.guanxian)
    petition = make_petition(office_tree.qingshui)
    foreign = make_petition(office_tree.linqing)
    login_as(client, office_tree.guanxian_receptionist)
    response = client.post(
        reverse("workbench:case_link_petition", args=[case.pk]),
        {"tracking_number": petition.tracking_number},
    )
    assert response.status_code == 302
    assert CasePetitionLink.objects.filter(case=case, petition=petition).exists()
    assert AuditEntry.objects.filter(action="case.petition_link").exists()
    response = client.post(
        reverse("workbench:case_link_petition", args=[case.pk]),
        {"tracking_number": foreign.tracking_number},
    )
    assert response.status_code == 400 and "没有找到受理编号" in response.content.decode()
    with pytest.raises(NotFoundError):
        case_petition_link(actor=office_tree.guanxian_head, case=case, tracking_number="不是编号")


def test_linking_needs_the_capability(office_tree):
    case = make_case(office_tree.guanxian)
    petition = make_petition(office_tree.guanxian)
    with pytest.raises(PermissionDeniedError):
        case_petition_link(
            actor=office_tree.linqing_prosecutor,
            case=case,
            tracking_number=petition.tracking_number,
        )


def test_import_pages_map_upload_and_poll(client, office_tree, django_capture_on_commit_callbacks):
    login_as(client, office_tree.guanxian_admin)
    page = client.post(
        reverse("workbench:case_import_mapping"),
        {"step": "header", "sample": upload(csv_bytes([row()]))},
    ).content.decode()
    assert "犯罪嫌疑人身份证号" in page
    form = {f"col:{code}": header for code, header in COLUMNS.items()}
    assert client.post(reverse("workbench:case_import_mapping"), form).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("workbench:case_imports"),
            {"file": upload(csv_bytes([row(), row("冠检刑诉受〔2026〕2号", 受理日期="昨天")]))},
        )
    run = CaseImportRun.objects.get()
    assert response.url == reverse("workbench:case_import_run", args=[run.pk])
    fragment = client.get(response.url, HTTP_HX_REQUEST="true").content.decode()
    assert "已完成" in fragment and "hx-trigger" not in fragment
    assert "受理日期“昨天”不是有效日期" in fragment


def test_import_page_refuses_wrong_files_without_500(client, office_tree):
    case_import_mapping_save(
        actor=office_tree.guanxian_admin, office=office_tree.guanxian, columns=COLUMNS
    )
    login_as(client, office_tree.guanxian_admin)
    response = client.post(reverse("workbench:case_imports"), {"file": upload(b"%PDF", "a.pdf")})
    assert response.status_code == 400 and "只能导入" in response.content.decode()
    response = client.post(reverse("workbench:case_imports"), {})
    assert response.status_code == 400
    response = client.post(
        reverse("workbench:case_import_mapping"),
        {"step": "header", "sample": upload(b"", "a.xlsx")},
    )
    assert response.status_code == 400
    login_as(client, office_tree.guanxian_prosecutor)
    assert client.get(reverse("workbench:case_imports")).status_code == 403


def test_ten_megabytes_of_junk_through_the_page_is_reported(
    client, office_tree, django_capture_on_commit_callbacks
):
    import random

    case_import_mapping_save(
        actor=office_tree.guanxian_admin, office=office_tree.guanxian, columns=COLUMNS
    )
    login_as(client, office_tree.guanxian_admin)
    # Fixed junk whose first bytes pass the page's quick look (a NUL there is refused at
    # once, a case of its own), so that the worker reads it and reports.
    junk = b"\xff\xfe\x81junk" + random.Random(10).randbytes(10 * 1024 * 1024 - 8)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("workbench:case_imports"), {"file": upload(junk, "导出.csv")}
        )
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "未能导入" in page and "不是文字表格" in page


def test_mapping_page_switches_to_one_row_per_party(client, office_tree):
    login_as(client, office_tree.guanxian_admin)
    page = client.get(
        reverse("workbench:case_import_mapping"),
        {"layout": "party_row", "header": ["案件编号", "诉讼地位", "姓名"]},
    ).content.decode()
    assert 'name="col:party.role"' in page and 'name="col:suspect.name"' not in page
    form = {"layout": "party_row", "col:number": "案件编号", "col:party.role": "诉讼地位"}
    response = client.post(reverse("workbench:case_import_mapping"), form)
    assert response.status_code == 400 and "必填项" in response.content.decode()
