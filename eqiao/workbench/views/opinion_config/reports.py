"""The daily and weekly reports of the monitoring desk, as PDF or Excel."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from eqiao.core.errors import PermissionDeniedError
from eqiao.offices.capabilities import require
from eqiao.opinion.services import config
from eqiao.workbench.views.opinion_config.common import _guarded


@_guarded("opinion.analyse")
def opinion_report(request, period: str, fmt: str):
    """The daily or weekly report (PDF or Excel) of `?day=YYYY-MM-DD` (today by default).
    Reports cover every office, so they are for analysts of the city procuratorate."""
    from eqiao.opinion.services.reports import report_build, report_pdf, report_xlsx

    if period not in ("daily", "weekly") or fmt not in ("pdf", "xlsx"):
        raise Http404("unknown report")
    try:
        require(request.staff, "opinion.analyse", config.city_office())
    except PermissionDeniedError as exc:
        return render(request, "workbench/opinion/denied.html", {"reason": exc.message}, status=403)
    raw = request.GET.get("day", "")
    try:
        day = dt.date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        return render(
            request,
            "workbench/opinion/denied.html",
            {"reason": _("日期格式不正确，应为 2026-12-07 这样的形式。")},
            status=400,
        )
    report = report_build(period=period, day=day)
    if fmt == "pdf":
        body, mime = report_pdf(report), "application/pdf"
    else:
        body = report_xlsx(report)
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=mime)
    response["Content-Disposition"] = f'inline; filename="opinion-{period}-{day}.{fmt}"'
    return response
