"""v1 cases: the case management system's connector upserts cases in batches.

`POST /api/v1/cases` with `Authorization: Bearer <key>` of a client granted the scope
`cases.write`. Each item is checked on its own and written in its own transaction: the
answer lists, item by item, created / updated / unchanged or the Chinese reasons it was
refused; a refused item writes nothing, the others load."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from eqiao.api import schemas
from eqiao.api.auth import ClientBearer
from eqiao.cases.models import CaseKind, PartyRole, Stage
from eqiao.cases.services.cases import cases_upsert_batch
from eqiao.core.errors import PermissionDeniedError

router = Router(tags=["EQiao v1 cases"])
SCOPE = "cases.write"
MAX_ITEMS = 100
ERRORS = {code: schemas.ErrorOut for code in (400, 401, 403, 413, 422)}


class PartyIn(Schema):
    role: PartyRole = Field(description="诉讼地位")
    name: str = Field(max_length=100, description="姓名或名称")
    id_number: str = Field("", max_length=30, description="身份证号（18位，校验位须正确）")
    phone: str = Field("", max_length=20, description="手机号：阶段变化短信和查询验证码发到这里")
    licence_number: str = Field("", max_length=20, description="辩护人或代理人的律师执业证号")


class CaseIn(Schema):
    number: str = Field(
        max_length=64, description="案件编号，如 冠检刑诉受〔2026〕12号；同一编号再次提交即更新"
    )
    kind: CaseKind
    title: str = Field(max_length=200)
    charge: str = Field("", max_length=200, description="案由")
    office: str = Field(max_length=100, description="承办单位全称或简称")
    prosecutor: str = Field("", max_length=50, description="承办检察官姓名")
    stage: Stage
    stage_on: dt.date | None = Field(None, description="当前阶段开始的日期；缺省为今天")
    accepted_on: dt.date
    closed_on: dt.date | None = None
    stage_dates: dict[Stage, dt.date] = Field(default_factory=dict, description="各阶段日期")
    state_secret: bool = False
    trade_secret: bool = False
    privacy: bool = False
    juvenile: bool = False
    parties: list[PartyIn] = Field(default_factory=list, max_length=50)


class CaseBatchIn(Schema):
    cases: list[CaseIn] = Field(max_length=MAX_ITEMS, description="最多100件，请求体不超过64 KB")


class CaseResultOut(Schema):
    index: int
    number: str
    outcome: str = Field(description="created、updated、unchanged 或 rejected")
    stage_changed: bool = False
    errors: list[str] = Field(default_factory=list)


class CaseBatchOut(Schema):
    created: int
    updated: int
    unchanged: int
    rejected: int
    results: list[CaseResultOut]


def _values(item: CaseIn) -> dict:
    """The item as the field codes the spreadsheet import uses, so both are checked alike."""
    values: dict = {
        "number": item.number,
        "kind": item.kind.value,
        "title": item.title,
        "charge": item.charge,
        "office": item.office,
        "prosecutor": item.prosecutor,
        "stage": item.stage.value,
        "stage_on": item.stage_on,
        "accepted_on": item.accepted_on,
        "closed_on": item.closed_on,
        "state_secret": "是" if item.state_secret else "否",
        "trade_secret": "是" if item.trade_secret else "否",
        "privacy": "是" if item.privacy else "否",
        "juvenile": "是" if item.juvenile else "否",
    }
    for stage, day in item.stage_dates.items():
        values[f"date:{stage.value}"] = day
    by_role: dict[str, list[PartyIn]] = {}
    for party in item.parties:
        by_role.setdefault(party.role.value, []).append(party)
    for role, parties in by_role.items():
        values[f"{role}.name"] = "\n".join(p.name.replace("\n", " ") for p in parties)
        values[f"{role}.id_number"] = "\n".join(p.id_number or "-" for p in parties)
        values[f"{role}.phone"] = "\n".join(p.phone or "-" for p in parties)
        values[f"{role}.licence"] = "\n".join(p.licence_number or "-" for p in parties)
    return values


@router.post("/cases", auth=ClientBearer(), response={200: CaseBatchOut, **ERRORS})
def cases_upsert(request: HttpRequest, payload: CaseBatchIn):
    """Create or update cases by number (the client needs the `cases.write` scope). A stage
    that changed is added to the case's history and texted to its parties (unless they
    opted out). Sending the same batch again changes nothing and texts nobody."""
    client = request.auth
    if not client.has_scope(SCOPE):
        raise PermissionDeniedError(_("该接入方没有同步案件的权限（cases.write）。"))
    results = cases_upsert_batch(
        items=[_values(item) for item in payload.cases], client_name=client.name
    )
    counts = {"created": 0, "updated": 0, "unchanged": 0, "rejected": 0}
    for result in results:
        counts[result["outcome"]] += 1
    return {**counts, "results": results}
