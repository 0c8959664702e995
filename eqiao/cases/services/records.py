"""One case as it arrives from outside (a spreadsheet row, an API item), checked field by
field before anything is written: `case_record_parse` either returns a complete
`CaseRecord` or raises `RecordError` with every reason, in Chinese. Nothing here touches
the database, so the import can validate a row fully before its one transaction opens.

The fields (codes used by the column mapping and the API):
- `number` 案件编号, `kind` 案件类别, `title` 案件名称, `charge` 案由, `office` 承办单位,
  `prosecutor` 承办检察官, `stage` 当前阶段, `stage_on` 当前阶段日期, `accepted_on` 受理日期,
  `closed_on` 办结日期, the four flags, one date per stage (`date:<stage>`);
- parties, one group of columns per role (`<role>.name`, `<role>.id_number`,
  `<role>.phone`, `<role>.licence`): a cell may hold several people separated by 、 ； or
  a line break, matched by position across the role's columns ("张三、李四" with
  "3701…、3702…").
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from eqiao.cases.models import CaseKind, PartyRole, Stage
from eqiao.core.validators import (
    id_number_checksum_ok,
    normalize_id_number,
    normalize_mobile,
    validate_mobile,
)

MAX_CELL = 500
SEPARATORS = re.compile(r"[、;；\n]+")
NUMBER_RE = re.compile(r"^[\w〔〕\[\]()（）\-〔〕]+号?$")
LICENCE_RE = re.compile(r"^\d{17}$")

# What stands for "none" in one person's place of a multi-person cell ("3705…、无").
BLANK_MARKS = {"-", "—", "无", "/"}
FLAG_FIELDS = ("state_secret", "trade_secret", "privacy", "juvenile")
COUNSEL_ROLES = (PartyRole.DEFENDER.value, PartyRole.AGENT.value)

BASE_FIELDS: dict[str, Any] = {
    "number": gettext_lazy("案件编号"),
    "kind": gettext_lazy("案件类别"),
    "title": gettext_lazy("案件名称"),
    "charge": gettext_lazy("案由"),
    "office": gettext_lazy("承办单位"),
    "prosecutor": gettext_lazy("承办检察官"),
    "stage": gettext_lazy("当前阶段"),
    "stage_on": gettext_lazy("当前阶段日期"),
    "accepted_on": gettext_lazy("受理日期"),
    "closed_on": gettext_lazy("办结日期"),
    "state_secret": gettext_lazy("涉及国家秘密"),
    "trade_secret": gettext_lazy("涉及商业秘密"),
    "privacy": gettext_lazy("涉及个人隐私"),
    "juvenile": gettext_lazy("未成年人案件"),
}
REQUIRED_FIELDS = ("number", "kind", "title", "stage", "accepted_on")
PARTY_PARTS: dict[str, Any] = {
    "name": gettext_lazy("姓名"),
    "id_number": gettext_lazy("身份证号"),
    "phone": gettext_lazy("手机号"),
    "licence": gettext_lazy("执业证号"),
}


def field_catalogue(layout: str = "case_row") -> dict[str, str]:
    """Every field a column can be mapped to: code → label in the active language (for the
    mapping page, the API document and error messages); built once per language. With the
    one-row-per-party layout, the party columns are `party.role`, `party.name` …"""
    fields = dict(_catalogue(get_language() or ""))
    if layout == "party_row":
        fields = {code: label for code, label in fields.items() if "." not in code}
        fields["party.role"] = _("诉讼地位")
        for part, label in PARTY_PARTS.items():
            fields[f"party.{part}"] = _("当事人%(part)s") % {"part": label}
    return fields


ROLE_ALIASES_EXTRA = {"嫌疑人": "suspect", "代理人": "agent", "辩护律师": "defender"}


def party_role_parse(text: Any) -> str:
    """The role code for a role as an export words it (犯罪嫌疑人, 被害人 …); '' if unknown."""
    text = text_clean(text)
    return (
        _lookup(PartyRole).get(text) or ROLE_ALIASES.get(text) or ROLE_ALIASES_EXTRA.get(text, "")
    )


def party_rows_merge(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """One case's rows of the one-row-per-party layout as the case-row field codes: the case
    fields from the first row, each row's party appended to its role's columns (a '-' keeps
    an empty ID number or phone in its place)."""
    values = {code: value for code, value in rows[0].items() if not code.startswith("party.")}
    for row in rows:
        name = text_clean(row.get("party.name")).replace("、", " ")
        if not name:
            continue
        role = party_role_parse(row.get("party.role"))
        for part in PARTY_PARTS:
            cell = name if part == "name" else text_clean(row.get(f"party.{part}")) or "-"
            key = f"{role}.{part}"
            values[key] = f"{values[key]}\n{cell}" if values.get(key) else cell
    return values


@lru_cache(maxsize=8)
def _catalogue(language: str) -> tuple[tuple[str, str], ...]:
    fields = {code: str(label) for code, label in BASE_FIELDS.items()}
    for stage in Stage:
        fields[f"date:{stage.value}"] = _("%(stage)s日期") % {"stage": stage.label}
    for role in PartyRole:
        for part, label in PARTY_PARTS.items():
            if part == "licence" and role.value not in COUNSEL_ROLES:
                continue
            fields[f"{role.value}.{part}"] = f"{role.label}{label}"
    return tuple(fields.items())


def _lookup(choices: Any) -> dict[str, str]:
    table = {}
    for value, label in choices.choices:
        table[value] = value
        table[str(label)] = value
    return table


# The case management system's own words for a few stages and kinds.
STAGE_ALIASES = {"起诉": Stage.PROSECUTED.value, "审结": Stage.CLOSED.value}
KIND_ALIASES = {"刑事案件": CaseKind.CRIMINAL.value, "民事案件": CaseKind.CIVIL.value}
ROLE_ALIASES = {"犯罪嫌疑人/被告人": PartyRole.SUSPECT.value, "被告": PartyRole.RESPONDENT.value}
TRUE_WORDS = {"是", "有", "1", "y", "yes", "true", "√", "✓", "涉及", "x"}
FALSE_WORDS = {"", "否", "无", "0", "n", "no", "false", "不涉及", "-"}


class RecordError(Exception):
    """The record cannot be loaded; `reasons` are Chinese sentences for a person."""

    def __init__(self, reasons: list[str], *, number: str = ""):
        super().__init__("; ".join(reasons))
        self.reasons = reasons
        self.number = number


@dataclass
class PartyRecord:
    role: str
    name: str
    id_number: str = ""
    phone: str = ""
    licence_number: str = ""


@dataclass
class CaseRecord:
    number: str
    kind: str
    title: str
    stage: str
    accepted_on: dt.date
    charge: str = ""
    office_name: str = ""
    prosecutor_name: str = ""
    stage_on: dt.date | None = None
    closed_on: dt.date | None = None
    flags: dict[str, bool] = field(default_factory=dict)
    stage_dates: dict[str, dt.date] = field(default_factory=dict)
    parties: list[PartyRecord] = field(default_factory=list)


# Full-width digits and Latin letters (from a Chinese input method) and the ideographic
# space become ASCII; Chinese punctuation such as （） stays as written.
_FULL_WIDTH = {
    **{code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)},
    **{code: code - 0xFEE0 for code in range(0xFF21, 0xFF3B)},
    **{code: code - 0xFEE0 for code in range(0xFF41, 0xFF5B)},
    0x3000: 0x20,
}


def text_clean(value: Any) -> str:
    """A cell as plain text: full-width letters and digits become ASCII, spaces at
    the ends go; None is ''. Dates and numbers from Excel become their usual text."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).translate(_FULL_WIDTH).strip()
    return text.replace("\x00", "")


def is_formula(value: Any) -> bool:
    """A spreadsheet formula (=HYPERLINK(...), =SUM(...)): never evaluated, never stored."""
    return isinstance(value, str) and value.lstrip().startswith("=")


_DATE_RES = (
    re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
EXCEL_EPOCH = dt.date(1899, 12, 30)


def date_parse(value: Any, *, label: str) -> dt.date | None:
    """A date from a cell: a real date, 2026-03-05, 2026/3/5, 2026.3.5, 2026年3月5日,
    20260305 or an Excel day number; None when empty. Raises ValueError with the reason."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 20000 <= value <= 80000:  # an Excel serial day (1954 … 2118)
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        if not (19000101 <= value <= 21001231):
            raise ValueError(_("%(label)s“%(value)s”不是日期。") % {"label": label, "value": value})
    text = unicodedata.normalize("NFKC", text_clean(value))
    if not text:
        return None
    for pattern in _DATE_RES:
        match = pattern.match(text)
        if match:
            try:
                return dt.date(*(int(part) for part in match.groups()))
            except ValueError:
                break
    raise ValueError(
        _("%(label)s“%(value)s”不是有效日期，请写成2026-03-05这样的格式。")
        % {"label": label, "value": text[:30]}
    )


def _choice(text: str, table: dict[str, str], aliases: dict[str, str]) -> str:
    return table.get(text) or aliases.get(text) or ""


def _flag(text: str) -> bool | None:
    lowered = text.lower()
    if lowered in TRUE_WORDS:
        return True
    if lowered in FALSE_WORDS:
        return False
    return None


def _split(text: str) -> list[str]:
    return [part.strip() for part in SEPARATORS.split(text) if part.strip()]


def _party_errors(party: PartyRecord, label: str) -> list[str]:
    errors = []
    if len(party.name) > 100:
        errors.append(_("%(role)s姓名太长。") % {"role": label})
    if party.id_number and not id_number_checksum_ok(party.id_number):
        errors.append(
            _("%(role)s“%(name)s”的身份证号不正确（应为18位，校验位要对）。")
            % {"role": label, "name": party.name}
        )
    if party.phone:
        try:
            validate_mobile(party.phone)
        except ValidationError:
            errors.append(
                _("%(role)s“%(name)s”的手机号不正确（应为11位手机号）。")
                % {"role": label, "name": party.name}
            )
    if party.licence_number and not LICENCE_RE.match(party.licence_number):
        errors.append(
            _("%(role)s“%(name)s”的执业证号应为17位数字。") % {"role": label, "name": party.name}
        )
    return errors


def _parties(values: dict[str, Any], errors: list[str]) -> list[PartyRecord]:
    parties: list[PartyRecord] = []
    for role in PartyRole:
        label = str(role.label)
        columns = {
            part: _split(text_clean(values.get(f"{role.value}.{part}"))) for part in PARTY_PARTS
        }
        names = columns["name"]
        for part in ("id_number", "phone", "licence"):
            if len(columns[part]) > len(names):
                errors.append(
                    _("%(role)s的%(part)s比姓名多，请一人一个、用顿号分隔并按姓名顺序填写。")
                    % {"role": label, "part": PARTY_PARTS[part]}
                )
        seen = set()
        for index, name in enumerate(names):
            if name in seen:
                continue
            seen.add(name)

            def part_at(part: str, index: int = index, columns: dict = columns) -> str:
                items = columns[part]
                value = items[index] if index < len(items) else ""
                return "" if value in BLANK_MARKS else value

            party = PartyRecord(
                role=role.value,
                name=name,
                id_number=normalize_id_number(part_at("id_number")),
                phone=normalize_mobile(part_at("phone")),
                licence_number=part_at("licence").replace(" ", ""),
            )
            errors.extend(_party_errors(party, label))
            parties.append(party)
    return parties


def _dates(values: dict[str, Any], errors: list[str], labels: dict[str, str]) -> dict:
    dates: dict[str, dt.date | None] = {}
    for code in ["accepted_on", "closed_on", "stage_on"] + [f"date:{s}" for s in Stage.values]:
        try:
            dates[code] = date_parse(values.get(code), label=labels[code])
        except ValueError as exc:
            errors.append(str(exc))
    return dates


def case_record_parse(values: dict[str, Any]) -> CaseRecord:
    """Check one case given as {field code: raw value}; every problem is collected, so a
    person fixes the row once. Formulas are refused, not evaluated."""
    labels = field_catalogue()
    errors: list[str] = []
    for code, value in values.items():
        if is_formula(value):
            errors.append(
                _("“%(label)s”一栏是公式，系统不计算公式，请改为直接填写内容。")
                % {"label": labels.get(code, code)}
            )
    if errors:
        raise RecordError(errors, number=text_clean(values.get("number"))[:64])
    text = {code: text_clean(value) for code, value in values.items() if not code[:5] == "date:"}
    for code, value in text.items():
        if len(value) > MAX_CELL:
            errors.append(_("“%(label)s”内容太长。") % {"label": labels.get(code, code)})
    number = text.get("number", "").replace(" ", "")
    for code in REQUIRED_FIELDS:
        if not text.get(code) and not values.get(code):
            errors.append(_("缺少%(label)s。") % {"label": labels[code]})
    if number and (len(number) > 64 or not NUMBER_RE.match(number)):
        errors.append(_("案件编号“%(value)s”格式不对。") % {"value": number[:40]})
    kind = _choice(text.get("kind", ""), _lookup(CaseKind), KIND_ALIASES)
    if text.get("kind") and not kind:
        errors.append(_("案件类别“%(value)s”无法识别。") % {"value": text["kind"][:20]})
    stage = _choice(text.get("stage", ""), _lookup(Stage), STAGE_ALIASES)
    if text.get("stage") and not stage:
        errors.append(_("当前阶段“%(value)s”无法识别。") % {"value": text["stage"][:20]})
    flags = {}
    for code in FLAG_FIELDS:
        flag = _flag(text.get(code, ""))
        if flag is None:
            errors.append(
                _("“%(label)s”应填“是”或“否”，而不是“%(value)s”。")
                % {"label": labels[code], "value": text[code][:10]}
            )
        flags[code] = bool(flag)
    dates = _dates(values, errors, labels)
    for code, limit in (("title", 200), ("charge", 200), ("prosecutor", 50), ("office", 100)):
        if len(text.get(code, "")) > limit:
            errors.append(_("“%(label)s”太长。") % {"label": labels[code]})
    parties = _parties(values, errors)
    accepted, closed = dates.get("accepted_on"), dates.get("closed_on")
    if accepted and closed and closed < accepted:
        errors.append(_("办结日期早于受理日期。"))
    if errors:
        raise RecordError(errors, number=number[:64])
    assert accepted is not None  # required above
    return CaseRecord(
        number=number,
        kind=kind,
        title=text["title"],
        stage=stage,
        accepted_on=accepted,
        charge=text.get("charge", ""),
        office_name=text.get("office", ""),
        prosecutor_name=text.get("prosecutor", ""),
        stage_on=dates.get("stage_on"),
        closed_on=closed,
        flags=flags,
        stage_dates={
            code[5:]: day for code, day in dates.items() if code.startswith("date:") and day
        },
        parties=parties,
    )
