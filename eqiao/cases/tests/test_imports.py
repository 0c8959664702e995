"""Importing the case management system's spreadsheets: good rows load, bad rows are
reported with their number and a Chinese reason, nothing loads half a row."""

from __future__ import annotations

import os

import pytest

from eqiao.cases.models import (
    Case,
    CaseImportRun,
    CaseParty,
    CaseStage,
    ImportStatus,
    Lawyer,
    LawyerStatus,
)
from eqiao.cases.services.imports import (
    ImportFileError,
    case_import_mapping_save,
    case_import_run_create,
    case_import_run_process,
    header_read,
)
from eqiao.cases.tests.factories import (
    COLUMNS,
    HEADER,
    LICENCE,
    csv_bytes,
    id_number,
    row,
    upload,
    xlsx_bytes,
)
from eqiao.core.errors import ApplicationError, PermissionDeniedError

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(office_tree):
    case_import_mapping_save(
        actor=office_tree.guanxian_admin, office=office_tree.guanxian, columns=COLUMNS
    )
    return office_tree.guanxian_admin


def run_import(admin, data: bytes, name: str = "cases.csv") -> CaseImportRun:
    run = case_import_run_create(actor=admin, office=admin.office, upload=upload(data, name))
    return case_import_run_process(run_id=run.pk)


def errors(run) -> list[tuple[int, str]]:
    return [(e.row_number, e.message) for e in run.errors.all()]


def test_csv_import_creates_cases_with_stages_and_parties(admin):
    run = run_import(admin, csv_bytes([row(), row("冠检刑诉受〔2026〕13号", 当前阶段="受理")]))
    assert run.status == ImportStatus.DONE
    assert (run.created_count, run.error_count, run.rows_done) == (2, 0, 2)
    case = Case.objects.get(number="冠检刑诉受〔2026〕12号")
    assert case.office == admin.office
    assert [(s.stage, s.on.isoformat()) for s in case.stages.all()] == [
        ("accepted", "2026-09-01"),
        ("prosecution_review", "2026-09-10"),
    ]
    roles = sorted(case.parties.values_list("role", "name"))
    assert roles == [("defender", "王律师"), ("suspect", "张三"), ("victim", "李四")]
    suspect = case.parties.get(role="suspect")
    assert suspect.id_number == "370522198507150012" and suspect.phone == "13800000001"


def test_reimport_updates_and_never_duplicates(
    admin, sms_outbox, django_capture_on_commit_callbacks
):
    run_import(admin, csv_bytes([row()]))
    with django_capture_on_commit_callbacks(execute=True):
        run = run_import(admin, csv_bytes([row(当前阶段="提起公诉", 案由="故意伤害罪（重伤）")]))
    assert (run.created_count, run.updated_count, run.stage_changes) == (0, 1, 1)
    assert Case.objects.count() == 1 and CaseParty.objects.count() == 3
    case = Case.objects.get()
    assert case.stage == "prosecuted" and case.charge == "故意伤害罪（重伤）"
    assert case.stages.filter(stage="prosecuted").exists()
    # The same file again: nothing changes, nobody is texted twice.
    with django_capture_on_commit_callbacks(execute=True):
        again = run_import(admin, csv_bytes([row(当前阶段="提起公诉", 案由="故意伤害罪（重伤）")]))
    assert (again.unchanged_count, again.stage_changes) == (1, 0)
    assert CaseStage.objects.filter(stage="prosecuted").count() == 1
    phones = sorted(m.phone for m in sms_outbox)
    assert phones == ["13800000001", "13900000002"]
    assert "提起公诉" in sms_outbox[0].text and "冠检刑诉受〔2026〕12号" in sms_outbox[0].text


def test_bad_rows_are_reported_and_good_rows_load(admin):
    rows = [
        row("冠检刑诉受〔2026〕1号"),
        row("冠检刑诉受〔2026〕2号", 受理日期="2026-02-30"),
        row("冠检刑诉受〔2026〕3号", 犯罪嫌疑人身份证号="370522198507150013"),
        row("冠检刑诉受〔2026〕4号", 当前阶段="喝茶"),
        row("冠检刑诉受〔2026〕1号"),
        row("冠检刑诉受〔2026〕6号", 案件名称='=HYPERLINK("http://evil","点我")'),
        row("冠检刑诉受〔2026〕7号", 承办单位="临清市人民检察院"),
        row("", 案件名称="没有编号"),
    ]
    run = run_import(admin, csv_bytes(rows))
    assert run.status == ImportStatus.DONE
    assert run.created_count == 1 and run.error_count == 7
    found = dict(errors(run))
    assert "2026-02-30" in found[3] and "不是有效日期" in found[3]
    assert "身份证号不正确" in found[4]
    assert "当前阶段“喝茶”无法识别" in found[5]
    assert "与第2行重复" in found[6]
    assert "公式" in found[7]
    assert "不是冠县人民检察院或其下级单位" in found[8]
    assert "缺少案件编号" in found[9]
    # Nothing of a bad row was written: no case, no party, no stage.
    assert list(Case.objects.values_list("number", flat=True)) == ["冠检刑诉受〔2026〕1号"]
    assert CaseParty.objects.count() == 3
    assert not Case.objects.filter(title__startswith="=").exists()


def test_full_width_digits_and_chinese_dates_are_read(admin):
    data = csv_bytes(
        [
            row(
                "冠检刑诉受〔２０２６〕１２号",
                受理日期="２０２６年９月１日",
                犯罪嫌疑人联系电话="１３８０００００００１",
            )
        ]
    )
    run = run_import(admin, data)
    assert run.created_count == 1, errors(run)
    case = Case.objects.get(number="冠检刑诉受〔2026〕12号")
    assert case.accepted_on.isoformat() == "2026-09-01"
    assert case.parties.get(role="suspect").phone == "13800000001"


def test_gbk_csv_is_read(admin):
    run = run_import(admin, csv_bytes([row()], encoding="gb18030"))
    assert run.created_count == 1, errors(run)


def test_several_people_in_one_cell_are_matched_by_position(admin):
    other = id_number(7)
    data = csv_bytes(
        [
            row(
                犯罪嫌疑人="张三、赵五",
                犯罪嫌疑人身份证号=f"370522198507150012、{other}",
                犯罪嫌疑人联系电话="",
            )
        ]
    )
    run_import(admin, data)
    suspects = dict(CaseParty.objects.filter(role="suspect").values_list("name", "id_number"))
    assert suspects == {"张三": "370522198507150012", "赵五": other}


def test_xlsx_import_with_real_dates_and_formula_and_merged_cells(admin):
    import datetime as dt

    rows = [
        row("冠检刑诉受〔2026〕1号", 受理日期=dt.datetime(2026, 9, 1)),
        row("冠检刑诉受〔2026〕2号", 案件名称='=HYPERLINK("http://x","y")'),
        row("冠检刑诉受〔2026〕3号"),
        row("冠检刑诉受〔2026〕4号"),
    ]
    run = run_import(admin, xlsx_bytes(rows, merge="K4:K5"), name="导出.xlsx")
    assert run.status == ImportStatus.DONE
    found = dict(errors(run))
    assert "公式" in found[3]
    assert "合并单元格K4:K5" in found[4] and "合并单元格K4:K5" in found[5]
    assert list(Case.objects.values_list("number", flat=True)) == ["冠检刑诉受〔2026〕1号"]
    assert run.rows_total == 4


def test_missing_columns_fail_the_run_with_their_names(admin):
    header = [h for h in HEADER if h != "受理日期"]
    data = csv_bytes([[v for h, v in zip(HEADER, row(), strict=True) if h != "受理日期"]], header)
    run = run_import(admin, data)
    assert run.status == ImportStatus.FAILED
    assert "缺少这些列：受理日期" in run.failure
    assert Case.objects.count() == 0


@pytest.mark.parametrize(
    ("data", "name", "reason"),
    [
        (os.urandom(10 * 1024 * 1024), "junk.csv", "不是文字表格"),
        (os.urandom(100_000), "junk.xlsx", "不是Excel表格"),
        (b"PK\x03\x04" + os.urandom(100_000), "junk.xlsx", "已损坏"),
        (b"\xd0\xcf\x11\xe0old", "old.xls", "另存为 .xlsx"),
        (b"%PDF-1.4", "scan.pdf", "只能导入 .xlsx 或 .csv"),
    ],
)
def test_junk_and_wrong_types_get_a_clear_report(admin, data, name, reason):
    try:
        run = run_import(admin, data, name)
    except ImportFileError as exc:
        assert reason in exc.message
    else:
        assert run.status == ImportStatus.FAILED and reason in run.failure


def test_text_junk_with_wrong_encoding_is_reported(admin):
    data = "案件编号\n".encode() + bytes(range(0x80, 0xFF)) * 40000
    run = run_import(admin, data, "junk.csv")
    assert run.status == ImportStatus.FAILED
    assert "编码" in run.failure or "缺少这些列" in run.failure


def test_counsel_is_linked_to_the_verified_lawyer_by_licence(admin, office_tree):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username="lawyer-x")
    lawyer = Lawyer.objects.create(
        user=user,
        name="王律师",
        licence_number=LICENCE,
        firm="聊城律所",
        phone="13700000003",
        status=LawyerStatus.APPROVED,
    )
    run_import(admin, csv_bytes([row()]))
    assert CaseParty.objects.get(role="defender").lawyer == lawyer


def test_only_importers_may_import_and_map(office_tree):
    with pytest.raises(PermissionDeniedError):
        case_import_mapping_save(
            actor=office_tree.guanxian_prosecutor, office=office_tree.guanxian, columns=COLUMNS
        )
    with pytest.raises(ApplicationError, match="受理日期"):
        case_import_mapping_save(
            actor=office_tree.guanxian_admin,
            office=office_tree.guanxian,
            columns={k: v for k, v in COLUMNS.items() if k != "accepted_on"},
        )


def test_header_is_read_for_the_mapping_page():
    import io

    assert header_read(handle=io.BytesIO(xlsx_bytes([row()])), name="a.xlsx") == HEADER
    assert header_read(handle=io.BytesIO(csv_bytes([row()])), name="a.csv") == HEADER


PARTY_HEADER = [
    "案件编号",
    "案件类别",
    "案件名称",
    "当前阶段",
    "受理日期",
    "诉讼地位",
    "姓名",
    "身份证号",
    "联系电话",
]
PARTY_COLUMNS = {
    "number": "案件编号",
    "kind": "案件类别",
    "title": "案件名称",
    "stage": "当前阶段",
    "accepted_on": "受理日期",
    "party.role": "诉讼地位",
    "party.name": "姓名",
    "party.id_number": "身份证号",
    "party.phone": "联系电话",
}


def test_one_row_per_party_layout_groups_a_cases_rows(office_tree):
    from eqiao.cases.tests.factories import SUSPECT_ID, VICTIM_ID

    admin = office_tree.guanxian_admin
    case_import_mapping_save(
        actor=admin, office=admin.office, columns=PARTY_COLUMNS, layout="party_row"
    )
    case = ["冠检刑诉受〔2026〕1号", "刑事", "张某某盗窃案", "审查起诉", "2026-09-01"]
    bad = ["冠检刑诉受〔2026〕2号", "刑事", "李某某诈骗案", "受理", "2026-09-02"]
    rows = [
        case + ["犯罪嫌疑人", "张三", SUSPECT_ID, "13800000001"],
        case + ["被害人", "李四", VICTIM_ID, ""],
        case + ["辩护人", "王律师", "", "13700000009"],
        bad + ["犯罪嫌疑人", "赵五", "", ""],
        bad + ["路人", "钱六", "", ""],
        case[:1] + ["刑事", "张某某盗窃案", "审查起诉", "2026-09-01", "被害人", "孙七", "", ""],
    ]
    run = run_import(admin, csv_bytes(rows, header=PARTY_HEADER))
    assert run.created_count == 1, errors(run)
    parties = dict(Case.objects.get().parties.values_list("name", "role"))
    assert parties == {"张三": "suspect", "李四": "victim", "王律师": "defender"}
    assert CaseParty.objects.get(name="李四").id_number == VICTIM_ID
    assert CaseParty.objects.get(name="李四").phone == ""
    found = dict(errors(run))
    assert "第6行的诉讼地位“路人”无法识别" in found[5]
    assert "与第5行同属一个案件" in found[6]
    assert "与第2行重复" in found[7]
    assert not Case.objects.filter(number="冠检刑诉受〔2026〕2号").exists()


def test_party_layout_mapping_needs_role_and_name(office_tree):
    columns = {k: v for k, v in PARTY_COLUMNS.items() if k != "party.role"}
    with pytest.raises(ApplicationError, match="诉讼地位"):
        case_import_mapping_save(
            actor=office_tree.guanxian_admin,
            office=office_tree.guanxian,
            columns=columns,
            layout="party_row",
        )
