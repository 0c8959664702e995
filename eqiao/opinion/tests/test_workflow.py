"""An event run from assessment to closure: each step in order, timed and audited."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from eqiao.core.errors import ApplicationError, PermissionDeniedError
from eqiao.core.models import AuditEntry
from eqiao.opinion.models import EventStatus, OpinionEvent
from eqiao.opinion.services.workflow import event_assess, event_close, event_guide, event_handle
from eqiao.publishing.models import ArticleStatus

NOW = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(desk):
    return OpinionEvent.objects.create(
        title="网传冠县检察官收钱压案", office=desk.tree.guanxian, first_seen_at=NOW
    )


def test_an_event_runs_to_closure(desk, event):
    with time_machine.travel(NOW + dt.timedelta(minutes=12), tick=False):
        event_assess(
            actor=desk.analyst, event=event, risk_level="high", risk_note="涉及具名指控，传播较快"
        )
    assert event.response_minutes == 12
    with time_machine.travel(NOW + dt.timedelta(hours=1), tick=False):
        event_handle(actor=desk.head, event=event, office=desk.tree.guanxian, note="控申部门核查")
    with time_machine.travel(NOW + dt.timedelta(hours=2), tick=False):
        event_guide(
            actor=desk.editor,
            event=event,
            title="关于网传信息的情况说明",
            body="经核查，网传信息不实。\n我院将依法处理。",
        )
    assert event.article.status == ArticleStatus.DRAFT
    assert event.article.office == desk.tree.guanxian
    with time_machine.travel(NOW + dt.timedelta(hours=5), tick=False):
        event_close(actor=desk.analyst, event=event, summary="谣言已澄清")
    event.refresh_from_db()
    assert event.status == EventStatus.CLOSED
    assert [event.assessed_at, event.handled_at, event.guided_at, event.closed_at] == [
        NOW + dt.timedelta(minutes=12),
        NOW + dt.timedelta(hours=1),
        NOW + dt.timedelta(hours=2),
        NOW + dt.timedelta(hours=5),
    ]
    actions = list(
        AuditEntry.objects.filter(target_type="opinion.opinionevent")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "opinion.event_assess",
        "opinion.event_handle",
        "opinion.event_guide",
        "opinion.event_close",
    ]


def test_steps_out_of_order_are_refused_with_the_reason(desk, event):
    with pytest.raises(ApplicationError, match="待研判"):
        event_guide(actor=desk.editor, event=event, title="t", body="b")
    with pytest.raises(ApplicationError, match="请填写研判意见"):
        event_assess(actor=desk.analyst, event=event, risk_level="high", risk_note=" ")


def test_staff_without_opinion_analyse_cannot_handle_events(desk, event):
    with pytest.raises(PermissionDeniedError):
        event_assess(actor=desk.receptionist, event=event, risk_level="low", risk_note="x")
