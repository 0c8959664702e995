"""Daily and weekly reports of the monitoring desk: events, volumes, sentiment and response
times, as a PDF (WeasyPrint) and an Excel workbook (openpyxl)."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from eqiao.opinion.models import OpinionEvent, OpinionPost


@dataclass
class Report:
    period: str  # daily or weekly
    start: dt.datetime
    end: dt.datetime
    title: str
    posts: int = 0
    relevant: int = 0
    reposts: int = 0
    sentiment: dict[str, int] = field(default_factory=dict)
    by_source: list[tuple[str, int]] = field(default_factory=list)
    by_day: list[tuple[str, int]] = field(default_factory=list)
    events: list[OpinionEvent] = field(default_factory=list)
    mean_response_minutes: int | None = None


def report_build(*, period: str, day: dt.date) -> Report:
    """The report of the day `day` (daily) or of the seven days ending on it (weekly)."""
    days = 7 if period == "weekly" else 1
    tz = timezone.get_current_timezone()
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=tz)
    start = end - dt.timedelta(days=days)
    posts = OpinionPost.objects.filter(posted_at__gte=start, posted_at__lt=end)
    relevant = posts.filter(relevant=True)
    title = (
        _("涉检舆情周报（%(start)s至%(end)s）") % {"start": start.date(), "end": day}
        if period == "weekly"
        else _("涉检舆情日报（%(day)s）") % {"day": day}
    )
    sentiment = Counter(relevant.values_list("sentiment", flat=True))
    sources = Counter(relevant.values_list("source__name", flat=True))
    per_day = Counter(
        timezone.localtime(t).date().isoformat()
        for t in relevant.values_list("posted_at", flat=True)
    )
    events = list(
        OpinionEvent.objects.filter(
            Q(last_seen_at__gte=start, first_seen_at__lt=end)
            | Q(closed_at__gte=start, closed_at__lt=end)
        )
        .select_related("office")
        .order_by("-reach", "pk")
    )
    responses = [e.response_minutes for e in events if e.response_minutes is not None]
    return Report(
        period=period,
        start=start,
        end=end,
        title=title,
        posts=posts.count(),
        relevant=relevant.count(),
        reposts=relevant.filter(dup_of__isnull=False).count(),
        sentiment={k: sentiment.get(k, 0) for k in ("positive", "neutral", "negative")},
        by_source=sources.most_common(),
        by_day=sorted(per_day.items()),
        events=events,
        mean_response_minutes=round(sum(responses) / len(responses)) if responses else None,
    )


def report_html(report: Report) -> str:
    return render_to_string("opinion/report.html", {"report": report})


def report_pdf(report: Report) -> bytes:
    from weasyprint import HTML  # heavy import (Pango); only the renderer needs it

    return HTML(string=report_html(report), base_url="/").write_pdf()


def report_xlsx(report: Report) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = _("概况")
    sheet.append([report.title])
    sheet.append([_("信息总数"), report.posts])
    sheet.append([_("涉检信息"), report.relevant])
    sheet.append([_("其中转发"), report.reposts])
    sheet.append([_("正面"), report.sentiment["positive"]])
    sheet.append([_("中性"), report.sentiment["neutral"]])
    sheet.append([_("负面"), report.sentiment["negative"]])
    sheet.append([_("平均响应（分钟）"), report.mean_response_minutes])
    events = book.create_sheet(_("事件"))
    events.append(
        [
            _("事件"),
            _("单位"),
            _("严重程度"),
            _("信息数"),
            _("负面数"),
            _("传播量"),
            _("状态"),
            _("首次发现"),
            _("响应（分钟）"),
            _("总结"),
        ]
    )
    for e in report.events:
        events.append(
            [
                e.title,
                e.office.short_name if e.office else "",
                e.get_severity_display(),
                e.posts_count,
                e.negative_count,
                e.reach,
                e.get_status_display(),
                timezone.localtime(e.first_seen_at).strftime("%Y-%m-%d %H:%M"),
                e.response_minutes,
                e.summary,
            ]
        )
    sources = book.create_sheet(_("来源"))
    sources.append([_("来源"), _("涉检信息")])
    for name, n in report.by_source:
        sources.append([name, n])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
