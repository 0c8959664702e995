"""Spreadsheets as the case management system exports them, and ready-made cases."""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from eqiao.cases.models import CaseSource
from eqiao.cases.services.cases import case_upsert
from eqiao.cases.services.records import case_record_parse

HEADER = [
    "案件编号",
    "案件类别",
    "案件名称",
    "案由",
    "承办单位",
    "承办检察官",
    "当前阶段",
    "受理日期",
    "审查起诉日期",
    "办结日期",
    "未成年人案件",
    "犯罪嫌疑人",
    "犯罪嫌疑人身份证号",
    "犯罪嫌疑人联系电话",
    "被害人",
    "被害人身份证号",
    "被害人联系电话",
    "辩护人",
    "辩护人执业证号",
]
COLUMNS = {
    "number": "案件编号",
    "kind": "案件类别",
    "title": "案件名称",
    "charge": "案由",
    "office": "承办单位",
    "prosecutor": "承办检察官",
    "stage": "当前阶段",
    "accepted_on": "受理日期",
    "date:prosecution_review": "审查起诉日期",
    "closed_on": "办结日期",
    "juvenile": "未成年人案件",
    "suspect.name": "犯罪嫌疑人",
    "suspect.id_number": "犯罪嫌疑人身份证号",
    "suspect.phone": "犯罪嫌疑人联系电话",
    "victim.name": "被害人",
    "victim.id_number": "被害人身份证号",
    "victim.phone": "被害人联系电话",
    "defender.name": "辩护人",
    "defender.licence": "辩护人执业证号",
}
# Valid GB 11643 numbers (made up, checksums right).
SUSPECT_ID = "370522198507150012"
VICTIM_ID = "371521196203030025"
LICENCE = "13715201810123456"


def id_number(seed: int) -> str:
    """A made-up ID number with a correct check digit."""
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    body = f"371521{1960 + seed % 40:04d}{1 + seed % 12:02d}{1 + seed % 28:02d}{seed % 1000:03d}"
    total = sum(int(d) * w for d, w in zip(body, weights, strict=True))
    return body + "10X98765432"[total % 11]


def row(number: str = "冠检刑诉受〔2026〕12号", **overrides) -> list:
    values = {
        "案件编号": number,
        "案件类别": "刑事",
        "案件名称": "张某某故意伤害案",
        "案由": "故意伤害罪",
        "承办单位": "冠县人民检察院",
        "承办检察官": "",
        "当前阶段": "审查起诉",
        "受理日期": "2026-09-01",
        "审查起诉日期": "2026-09-10",
        "办结日期": "",
        "未成年人案件": "否",
        "犯罪嫌疑人": "张三",
        "犯罪嫌疑人身份证号": SUSPECT_ID,
        "犯罪嫌疑人联系电话": "13800000001",
        "被害人": "李四",
        "被害人身份证号": VICTIM_ID,
        "被害人联系电话": "13900000002",
        "辩护人": "王律师",
        "辩护人执业证号": LICENCE,
    }
    values.update(overrides)
    return [values[h] for h in HEADER]


def csv_bytes(rows: list[list], header: list[str] = HEADER, encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list], header: list[str] = HEADER, merge: str = "") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for values in rows:
        sheet.append(values)
    if merge:
        sheet.merge_cells(merge)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(data: bytes, name: str = "cases.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def make_case(office, number: str = "冠检刑诉受〔2026〕12号", **overrides):
    """A case written through the upsert, as an import would."""
    values = dict(zip(COLUMNS, row(number), strict=True))
    values["office"] = ""
    values.update(overrides)
    record = case_record_parse(values)
    return case_upsert(record=record, office=office, source=CaseSource.STAFF).case


TODAY = dt.date(2026, 11, 30)


def login_as(client, staff):
    """A workbench session as after a full login, second factor included (the session key
    is the workbench's; the pages are reached through the test client only, so this app's
    tests import nothing from the layers above)."""
    client.force_login(staff.user)
    session = client.session
    session["workbench_otp_ok"] = True
    session.save()
    return client
