"""Daily and weekly reports: the PDF shows the events and the closed one's summary; the
workbook lists the same figures."""

from __future__ import annotations

import datetime as dt
import io

import pypdfium2 as pdfium
import pytest
import time_machine
from openpyxl import load_workbook

from eqiao.opinion.models import OpinionEvent
from eqiao.opinion.services.ingest import PostInput, posts_ingest, source_get_or_create
from eqiao.opinion.services.process import posts_process
from eqiao.opinion.services.reports import report_build, report_pdf, report_xlsx
from eqiao.opinion.services.workflow import event_assess, event_close

NOW = dt.datetime(2026, 12, 7, 2, 0, tzinfo=dt.UTC)  # 10:00 in Liaocheng
pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_event(desk):
    source = source_get_or_create(code="forum", kind="import", name="聊城论坛")
    with time_machine.travel(NOW, tick=False):
        posts_ingest(
            source=source,
            posts=[
                PostInput(
                    source_post_id="1",
                    text="冠县检察院的张立新收了对方的钱，把案子压下来了",
                    posted_at=NOW,
                ),
                PostInput(
                    source_post_id="2", text="临清检察院的开放日活动很有意思，点赞", posted_at=NOW
                ),
            ],
        )
        posts_process()
    event = OpinionEvent.objects.get(office=desk.tree.guanxian)
    with time_machine.travel(NOW + dt.timedelta(minutes=20), tick=False):
        event_assess(actor=desk.analyst, event=event, risk_level="high", risk_note="具名指控")
        event_close(actor=desk.analyst, event=event, summary="经核查系谣言，已发布情况说明")
    return event


def test_the_daily_report_pdf_shows_the_events_and_the_summary(closed_event):
    report = report_build(period="daily", day=dt.date(2026, 12, 7))
    assert report.relevant == 2 and report.mean_response_minutes == 20
    pdf = pdfium.PdfDocument(report_pdf(report))
    text = pdf[0].get_textpage().get_text_range()
    assert "涉检舆情日报（2026-12-07）" in text
    assert "经核查系谣言" in text
    assert "冠县检察院的张立新" in text


def test_the_weekly_workbook_lists_the_events(closed_event):
    report = report_build(period="weekly", day=dt.date(2026, 12, 10))
    book = load_workbook(io.BytesIO(report_xlsx(report)))
    rows = list(book["事件"].iter_rows(values_only=True))
    assert rows[0][0] == "事件"
    assert any(r[9] == "经核查系谣言，已发布情况说明" and r[8] == 20 for r in rows[1:])
    assert book["概况"]["B3"].value == 2


def test_a_day_without_posts_still_makes_a_report(desk):
    report = report_build(period="daily", day=dt.date(2026, 1, 1))
    assert report.relevant == 0 and report.events == []
    assert report_pdf(report)[:4] == b"%PDF"
