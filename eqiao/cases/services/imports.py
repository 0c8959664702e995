"""Importing the case management system's spreadsheets (CSV or .xlsx).

The administrator saves, once per office, which column holds which field
(`case_import_mapping_save`); each upload becomes a `CaseImportRun` that the background
worker processes (`case_import_run_process`), streaming the file row by row (openpyxl in
read-only mode, the csv module on a text stream), so memory stays flat however long the file.

Layout: one row per case, parties in a group of columns per role (see `services.records`).
Every row is checked in full before anything is written, then written in its own savepoint:
a bad row is reported with its row number and reason and loads nothing; good rows load.
A case number seen twice in one file loads the first row and reports the second.
Formulas are never evaluated (read-only, not data-only: a formula arrives as its text and
the row is refused). Merged cells are found in the sheet's XML and the rows they cover are
refused with the range named.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eqiao.cases.models import (
    CaseImportError,
    CaseImportMapping,
    CaseImportRun,
    CaseSource,
    ImportLayout,
    ImportStatus,
)
from eqiao.cases.services.cases import BUSY, BatchLookups, OfficeResolver, case_upsert
from eqiao.cases.services.records import (
    REQUIRED_FIELDS,
    CaseRecord,
    RecordError,
    case_record_parse,
    field_catalogue,
    party_role_parse,
    party_rows_merge,
    text_clean,
)
from eqiao.core.audit import audit_log
from eqiao.core.errors import ApplicationError
from eqiao.offices.capabilities import require
from eqiao.offices.models import Procuratorate, Staff

MAX_UPLOAD_BYTES = 60 * 1024 * 1024
MAX_COLUMNS = 200
MAX_HEADER_CELL = 60
BATCH_ROWS = 200
# Errors kept per run: enough to fix a file; the count goes on beyond it.
MAX_STORED_ERRORS = 2000
XLSX_MAGIC = b"PK\x03\x04"


class ImportFileError(ApplicationError):
    """The file as a whole cannot be read; the message says why, in Chinese."""


# --- Reading files ----------------------------------------------------------------------


def file_kind_detect(*, name: str, head: bytes) -> str:
    """'csv' or 'xlsx' from the name and the first bytes; ImportFileError otherwise."""
    lower = name.lower()
    if lower.endswith(".xls"):
        raise ImportFileError(_("不支持旧版 .xls 文件，请在Excel中另存为 .xlsx 或 CSV 后再上传。"))
    if lower.endswith(".xlsx"):
        if not head.startswith(XLSX_MAGIC):
            raise ImportFileError(_("文件扩展名是 .xlsx，但内容不是Excel表格，可能已损坏。"))
        return "xlsx"
    if lower.endswith(".csv") or lower.endswith(".txt"):
        if b"\x00" in head:
            raise ImportFileError(_("文件内容不是文字表格（CSV），请检查是否选错了文件。"))
        return "csv"
    raise ImportFileError(_("只能导入 .xlsx 或 .csv 文件。"))


def _csv_encoding(path_or_file: IO[bytes]) -> str:
    """UTF-8 (with or without BOM) or GB18030, the two an export from a Chinese system
    comes in; decided on the first 64 KB."""
    head = path_or_file.read(65536)
    path_or_file.seek(0)
    if b"\x00" in head:
        raise ImportFileError(_("文件内容不是文字表格（CSV），请检查是否选错了文件。"))
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    for encoding in ("utf-8", "gb18030"):
        try:
            # Cut at a line end so a character split by the 64 KB boundary does not fail.
            cut = head.rfind(b"\n")
            (head[: cut + 1] if cut > 0 and len(head) == 65536 else head).decode(encoding)
            return encoding
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_("无法识别文件的文字编码，请另存为UTF-8编码的CSV或.xlsx。"))


def _csv_rows(handle: IO[bytes]) -> Iterator[list[Any]]:
    encoding = _csv_encoding(handle)
    text = io.TextIOWrapper(handle, encoding=encoding, errors="strict", newline="")
    reader = csv.reader(text)
    try:
        for row in reader:
            if "\x00" in "".join(row):
                raise ImportFileError(_("文件内容不是文字表格（CSV），请检查是否选错了文件。"))
            yield row
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _("文件第%(line)d行附近有无法识别的字符，请另存为UTF-8编码后再导入。")
            % {"line": reader.line_num + 1}
        ) from exc
    except csv.Error as exc:
        raise ImportFileError(
            _("CSV格式有误（第%(line)d行）：引号不成对或一行过长。") % {"line": reader.line_num}
        ) from exc


_CELL_RE = re.compile(r"^([A-Z]+)(\d+)$")


def _col_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + (ord(ch) - 64)
    return index


def _merged_ranges(archive: zipfile.ZipFile, sheet_path: str) -> list[tuple[str, int, int]]:
    """The merged ranges of a sheet as (A1:B3 text, first row, last row), read by streaming
    the sheet's XML (read-only worksheets do not expose them)."""
    ranges: list[tuple[str, int, int]] = []
    pattern = re.compile(rb'<(?:\w+:)?mergeCell ref="([A-Z]+\d+):([A-Z]+\d+)"')
    tail = b""
    with archive.open(sheet_path) as sheet:
        while chunk := sheet.read(1 << 20):
            data = tail + chunk
            for match in pattern.finditer(data):
                first, last = match.group(1).decode(), match.group(2).decode()
                a, b = _CELL_RE.match(first), _CELL_RE.match(last)
                if a and b:
                    ranges.append((f"{first}:{last}", int(a.group(2)), int(b.group(2))))
            tail = data[-200:]
    return sorted(set(ranges), key=lambda r: r[1])


def _first_sheet_path(archive: zipfile.ZipFile) -> str:
    names = [n for n in archive.namelist() if re.match(r"xl/worksheets/sheet\d+\.xml$", n)]
    if not names:
        raise ImportFileError(_("Excel文件里没有工作表。"))
    return sorted(names, key=lambda n: int(re.findall(r"\d+", n)[-1]))[0]


@dataclass
class SheetRows:
    """A file's rows as lists of raw cell values, numbered from 1 as a person sees them,
    and the merged ranges (empty for CSV)."""

    rows: Iterator[tuple[int, list[Any]]]
    merged: list[tuple[str, int, int]]
    close: Any


def _xlsx_rows(handle: IO[bytes]) -> SheetRows:
    from openpyxl import load_workbook  # heavy; only the worker and the mapping page need it

    try:
        archive = zipfile.ZipFile(handle)
        merged = _merged_ranges(archive, _first_sheet_path(archive))
        handle.seek(0)
        workbook = load_workbook(handle, read_only=True, data_only=False, keep_links=False)
    except ImportFileError:
        raise
    except Exception as exc:  # zipfile.BadZipFile, KeyError, XML errors: a broken file
        raise ImportFileError(_("Excel文件已损坏或不是有效的.xlsx文件，无法读取。")) from exc
    sheet = workbook.worksheets[0]

    def rows() -> Iterator[tuple[int, list[Any]]]:
        try:
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                yield number, list(row)
        except ImportFileError:
            raise
        except Exception as exc:
            raise ImportFileError(_("Excel文件内容有误，读到中途无法继续。")) from exc

    return SheetRows(rows=rows(), merged=merged, close=workbook.close)


def sheet_rows_open(handle: IO[bytes], *, kind: str) -> SheetRows:
    if kind == "xlsx":
        return _xlsx_rows(handle)
    return SheetRows(rows=enumerate(_csv_rows(handle), start=1), merged=[], close=lambda: None)


def header_clean(row: list[Any]) -> list[str]:
    """The header row's names; refuses a row that cannot be a header."""
    names = [text_clean(cell)[:MAX_HEADER_CELL] for cell in row[:MAX_COLUMNS]]
    while names and not names[-1]:
        names.pop()
    if not names:
        raise ImportFileError(_("第1行是空的：第1行应是列名（案件编号、案件名称……）。"))
    return names


def header_read(*, handle: IO[bytes], name: str) -> list[str]:
    """The first row of an uploaded file, for the mapping page."""
    kind = file_kind_detect(name=name, head=handle.read(8))
    handle.seek(0)
    sheet = sheet_rows_open(handle, kind=kind)
    try:
        first = next(sheet.rows, None)
    finally:
        sheet.close()
    if first is None:
        raise ImportFileError(_("文件是空的。"))
    return header_clean(first[1])


# --- The mapping ------------------------------------------------------------------------


def mapping_clean(columns: dict[str, str], layout: str = ImportLayout.CASE_ROW) -> dict[str, str]:
    """{field code: header} without empty entries; ApplicationError when a required field
    has no column or one column is given two fields."""
    known = field_catalogue(layout)
    cleaned = {
        code: text_clean(header)[:MAX_HEADER_CELL]
        for code, header in columns.items()
        if code in known and text_clean(header)
    }
    required = list(REQUIRED_FIELDS)
    if layout == ImportLayout.PARTY_ROW:
        required += ["party.role", "party.name"]
    missing = [str(known[code]) for code in required if code not in cleaned]
    if missing:
        raise ApplicationError(
            _("请为这些必填项选择对应的列：%(fields)s。") % {"fields": "、".join(missing)}
        )
    headers = list(cleaned.values())
    twice = sorted({h for h in headers if headers.count(h) > 1})
    if twice:
        raise ApplicationError(
            _("同一列不能对应两项：%(headers)s。") % {"headers": "、".join(twice)}
        )
    return cleaned


def case_import_mapping_save(
    *,
    actor: Staff,
    office: Procuratorate,
    columns: dict[str, str],
    layout: str = ImportLayout.CASE_ROW,
) -> CaseImportMapping:
    """Save the office's mapping. `layout`: one row per case (parties in role columns) or
    one row per party (the case's columns repeated on each of its rows, rows of one case
    next to each other)."""
    require(actor, "case.import", office)
    if layout not in ImportLayout.values:
        raise ApplicationError(_("请选择表格格式。"), field="layout")
    cleaned = mapping_clean(columns, layout)
    mapping, _created = CaseImportMapping.objects.update_or_create(
        office=office,
        defaults={
            "columns": cleaned,
            "layout": layout,
            "updated_by": actor.user,
            "updated_at": timezone.now(),
        },
    )
    audit_log(
        actor=actor.user,
        action="case.import_mapping",
        target=mapping,
        detail={"fields": sorted(cleaned)},
    )
    return mapping


def mapping_suggest(headers: list[str], layout: str = ImportLayout.CASE_ROW) -> dict[str, str]:
    """A first guess: a header equal to a field's Chinese label (or to its code)."""
    by_label = {label: code for code, label in field_catalogue(layout).items()}
    suggestion = {}
    for header in headers:
        code = by_label.get(header) or (header if header in by_label.values() else None)
        if code and code not in suggestion:
            suggestion[code] = header
    return suggestion


# --- Runs -------------------------------------------------------------------------------


def case_import_run_create(
    *, actor: Staff, office: Procuratorate, upload: UploadedFile
) -> CaseImportRun:
    """Store the upload and queue its import. The file's type is checked here (name and
    first bytes); its content by the worker, which reports what it finds on the run."""
    require(actor, "case.import", office)
    mapping = CaseImportMapping.objects.filter(office=office).first()
    if mapping is None:
        raise ApplicationError(_("请先设置本单位导入表格的列对应关系。"))
    if upload.size and upload.size > MAX_UPLOAD_BYTES:
        raise ImportFileError(
            _("文件太大（%(size)d MB），一次最多导入60 MB，请分成几个文件。")
            % {"size": upload.size // (1024 * 1024)}
        )
    if not upload.size:
        raise ImportFileError(_("文件是空的。"))
    head = upload.read(8)
    upload.seek(0)
    name = (upload.name or "cases")[-200:]
    kind = file_kind_detect(name=name, head=head)
    run = CaseImportRun.objects.create(
        office=office,
        layout=mapping.layout,
        columns=mapping.columns,
        file=upload,
        file_name=name,
        file_kind=kind,
        created_by=actor.user,
    )
    audit_log(actor=actor.user, action="case.import", target=run, detail={"file": name})
    from eqiao.cases.tasks import case_import_run_task

    transaction.on_commit(lambda: case_import_run_task.enqueue(run_id=run.pk))
    return run


class _Batch:
    """Counts and errors of a run, written to the run record every batch."""

    def __init__(self, run: CaseImportRun):
        self.run = run
        self.errors: list[CaseImportError] = []

    def error(self, row: int, message: str, number: str = "") -> None:
        self.run.error_count += 1
        if self.run.error_count <= MAX_STORED_ERRORS:
            self.errors.append(
                CaseImportError(
                    run=self.run, row_number=row, case_number=number[:64], message=message[:500]
                )
            )

    def flush(self, rows_done: int) -> None:
        self.run.rows_done = rows_done
        CaseImportError.objects.bulk_create(self.errors)
        self.errors = []
        CaseImportRun.objects.filter(pk=self.run.pk).update(
            rows_done=rows_done,
            created_count=self.run.created_count,
            updated_count=self.run.updated_count,
            unchanged_count=self.run.unchanged_count,
            error_count=self.run.error_count,
            stage_changes=self.run.stage_changes,
        )


def _positions(header: list[str], columns: dict[str, str]) -> dict[str, int]:
    """Field code → column index; ImportFileError naming the missing columns."""
    index: dict[str, int] = {}
    for position, name in enumerate(header):
        index.setdefault(name, position)
    missing = [name for name in columns.values() if name not in index]
    if missing:
        raise ImportFileError(
            _("表格缺少这些列：%(columns)s。请检查第1行的列名，或修改列对应关系。")
            % {"columns": "、".join(missing[:20])}
        )
    return {code: index[name] for code, name in columns.items()}


def _merged_reason(row: int, merged: list[tuple[str, int, int]]) -> str:
    for ref, first, last in merged:
        if first <= row <= last and first != last:
            return _("这一行处在合并单元格%(ref)s中：请取消合并，并在每一行填写完整。") % {
                "ref": ref
            }
        if first > row:
            break
    return ""


def _row_values(row: list[Any], positions: dict[str, int]) -> dict[str, Any]:
    return {code: (row[i] if i < len(row) else None) for code, i in positions.items()}


def _process_rows(run: CaseImportRun, sheet: SheetRows) -> None:
    first = next(sheet.rows, None)
    if first is None:
        raise ImportFileError(_("文件是空的。"))
    header = header_clean(first[1])
    if _merged_reason(1, sheet.merged):
        raise ImportFileError(_("第1行（列名）有合并单元格，请取消合并后再导入。"))
    positions = _positions(header, run.columns)
    resolver = OfficeResolver(run.office)
    seen: dict[str, int] = {}
    batch = _Batch(run)
    done = 0
    pending: list[tuple[int, CaseRecord, Procuratorate]] = []

    def write() -> None:
        with transaction.atomic():
            lookups = BatchLookups.load([record for _n, record, _o in pending])
            for number, record, office in pending:
                _row_write(run, batch, number, record, office, lookups)
        pending.clear()

    units = (
        _party_groups(sheet.rows, positions)
        if run.layout == ImportLayout.PARTY_ROW
        else _single_rows(sheet.rows, positions)
    )
    for rows in units:
        number = rows[0][0]
        checked = _row_check(batch, resolver, seen, rows, sheet.merged)
        if checked is not None:
            pending.append((number, *checked))
        done += len(rows)
        if len(pending) >= BATCH_ROWS:
            write()
            batch.flush(done)
    write()
    batch.flush(done)


Unit = list[tuple[int, dict[str, Any]]]


def _blank(row: list[Any]) -> bool:
    return not any(text_clean(cell) for cell in row)


def _single_rows(rows, positions) -> Iterator[Unit]:
    """One case per row (blank lines at the end of an export are skipped)."""
    for number, row in rows:
        if not _blank(row):
            yield [(number, _row_values(row, positions))]


def _party_groups(rows, positions) -> Iterator[Unit]:
    """One case per run of consecutive rows with the same case number."""
    group: Unit = []
    for number, row in rows:
        if _blank(row):
            continue
        values = _row_values(row, positions)
        key = text_clean(values.get("number")).replace(" ", "")
        if group and key != text_clean(group[0][1].get("number")).replace(" ", ""):
            yield group
            group = []
        group.append((number, values))
    if group:
        yield group


def _row_check(
    batch, resolver, seen, rows: Unit, merged
) -> tuple[CaseRecord, Procuratorate] | None:
    """The unit (one row, or one case's rows) as a complete record and its office, or None
    after reporting why not on each of its rows."""
    first = rows[0][0]
    case_number = text_clean(rows[0][1].get("number")).replace(" ", "")[:64]
    reasons = [reason for number, _v in rows if (reason := _merged_reason(number, merged))]
    try:
        if reasons:
            raise RecordError(reasons[:1])
        for number, values in rows:
            if (
                len(rows) > 1
                and values.get("party.name")
                and not party_role_parse(values.get("party.role"))
            ):
                raise RecordError(
                    [
                        _("第%(row)d行的诉讼地位“%(value)s”无法识别。")
                        % {"row": number, "value": text_clean(values.get("party.role"))[:20]}
                    ]
                )
        values = (
            party_rows_merge([v for _n, v in rows]) if "party.name" in rows[0][1] else rows[0][1]
        )
        record = case_record_parse(values)
        if record.number in seen:
            raise RecordError(
                [_("案件编号与第%(row)d行重复，本行未导入。") % {"row": seen[record.number]}]
            )
        office = resolver.resolve(record.office_name)
    except RecordError as exc:
        message = "".join(exc.reasons)
        for number, _values in rows:
            if number == first:
                batch.error(number, message, exc.number or case_number)
            else:
                batch.error(
                    number,
                    _("与第%(row)d行同属一个案件，该案件未导入。") % {"row": first},
                    exc.number or case_number,
                )
        return None
    seen[record.number] = first
    return record, office


def _row_write(run, batch, number, record, office, lookups) -> None:
    try:
        # case_upsert is one savepoint inside the batch: the row loads whole or not at all.
        result = case_upsert(
            record=record, office=office, source=CaseSource.IMPORT, lookups=lookups
        )
    except IntegrityError:
        batch.error(number, BUSY(), record.number)
        return
    except ApplicationError as exc:
        batch.error(number, exc.message, record.number)
        return
    setattr(run, f"{result.outcome}_count", getattr(run, f"{result.outcome}_count") + 1)
    run.stage_changes += int(result.stage_changed)


def _count_rows(run: CaseImportRun) -> int | None:
    """Rows in the file (less the header), for the progress bar; None when unknown."""
    if run.file_kind == "csv":
        lines = 0
        with run.file.open("rb") as handle:
            while chunk := handle.read(1 << 20):
                lines += chunk.count(b"\n")
        return max(0, lines - 1)
    return None


def case_import_run_process(*, run_id: int) -> CaseImportRun:
    """Import a queued run (the worker's task; safe to run twice: a run already started is
    left alone, and re-importing the same rows changes nothing)."""
    claimed = CaseImportRun.objects.filter(pk=run_id, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, started_at=timezone.now()
    )
    run = CaseImportRun.objects.select_related("office").get(pk=run_id)
    if not claimed:
        return run
    sheet = None
    try:
        total = _count_rows(run)
        with run.file.open("rb") as handle:
            if run.file_kind == "xlsx":
                total = _xlsx_dimension_rows(handle)
            sheet = sheet_rows_open(handle, kind=run.file_kind)
            CaseImportRun.objects.filter(pk=run.pk).update(rows_total=total)
            run.rows_total = total
            _process_rows(run, sheet)
        run.status = ImportStatus.DONE
    except ImportFileError as exc:
        run.status = ImportStatus.FAILED
        run.failure = exc.message[:500]
    finally:
        if sheet is not None:
            sheet.close()
    run.finished_at = timezone.now()
    CaseImportRun.objects.filter(pk=run.pk).update(
        status=run.status, failure=run.failure, finished_at=run.finished_at
    )
    return run


def _xlsx_dimension_rows(handle: IO[bytes]) -> int | None:
    """The row count an .xlsx states in its dimension tag (A1:Z50001), less the header."""
    handle.seek(0)
    try:
        archive = zipfile.ZipFile(handle)
        with archive.open(_first_sheet_path(archive)) as sheet:
            head = sheet.read(4096)
    except (zipfile.BadZipFile, KeyError, ImportFileError):
        return None
    finally:
        handle.seek(0)
    match = re.search(rb'<(?:\w+:)?dimension ref="[A-Z]+\d+:[A-Z]+(\d+)"', head)
    return max(0, int(match.group(1)) - 1) if match else None
