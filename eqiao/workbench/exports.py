"""Exporting the queue as it is filtered: CSV (UTF-8 with BOM, so Excel shows Chinese) or
.xlsx, written through `eqiao.core.exports` so no cell a citizen typed can run as a formula.
Personal data stays masked; every export is audited."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _

from eqiao.core.audit import audit_log
from eqiao.core.errors import ApplicationError
from eqiao.core.exports import ExportFile, export_file
from eqiao.intake.models import Petition
from eqiao.offices.models import Staff

MAX_ROWS = 10_000
FORMATS = ("csv", "xlsx")


__all__ = ["FORMATS", "MAX_ROWS", "ExportFile", "petition_queue_export", "xlsx_available"]


def xlsx_available() -> bool:
    return True  # openpyxl is a dependency; kept for the templates that ask


def _header() -> list[str]:
    return [
        _("受理编号"),
        _("提交时间"),
        _("类别"),
        _("渠道"),
        _("状态"),
        _("承办单位"),
        _("承办人"),
        _("风险等级"),
        _("标题"),
        _("姓名"),
        _("手机号"),
        _("程序性答复期限"),
        _("结果答复期限"),
        _("期限状态"),
        _("办理结果"),
    ]


def _due_label(petition: Petition) -> str:
    if getattr(petition, "overdue", False):
        return _("已超期")
    if getattr(petition, "due_soon", False):
        return _("即将到期")
    return ""


def _rows(petitions: Iterable[Petition]) -> Iterable[list[str]]:
    for p in petitions:
        yield [
            p.tracking_number,
            timezone.localtime(p.submitted_at).strftime("%Y-%m-%d %H:%M"),
            p.get_kind_display(),
            p.get_channel_display(),
            p.get_status_display(),
            p.office.name,
            p.assignee.full_name if p.assignee else "",
            p.get_risk_level_display(),
            p.title,
            str(p.masked_name),
            p.masked_phone,
            p.procedural_reply_due.isoformat(),
            p.result_reply_due.isoformat(),
            _due_label(p),
            p.get_outcome_display() if p.outcome else "",
        ]


def petition_queue_export(
    *, staff: Staff, petitions, fmt: str, filters: dict, ip: str | None = None
) -> ExportFile:
    """Export `petitions` (a queryset the scope selector produced) in `fmt`.

    Preconditions: `petitions` comes from `petition_list_for_staff` for this `staff`, so it
    holds only their subtree. Refuses more than MAX_ROWS rows: narrow the filter instead.
    """
    if fmt not in FORMATS:
        raise ApplicationError(_("不支持的导出格式。"), field="format")
    total = petitions.count()
    if total > MAX_ROWS:
        raise ApplicationError(
            _("一次最多导出%(max)d条，当前筛选结果有%(n)d条，请缩小筛选范围。")
            % {"max": MAX_ROWS, "n": total}
        )
    rows = list(_rows(petitions))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    audit_log(
        actor=staff.user,
        action="petition_export",
        target=staff.office,
        ip=ip,
        detail={
            "format": fmt,
            "rows": len(rows),
            "filters": {k: v for k, v in filters.items() if v not in (None, "", False)},
        },
    )
    return export_file(
        fmt=fmt,
        stem=f"petitions-{stamp}",
        sheet_title=_("信访件"),
        header=_header(),
        rows=rows,
    )
