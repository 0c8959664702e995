"""Staff reads are scoped to the office subtree, and the queue shows the statutory clocks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from eqiao.core.errors import NotFoundError
from eqiao.core.workdays import add_working_days
from eqiao.intake.models import (
    EmergencyPlan,
    EventKind,
    Kind,
    Lead,
    LeadKind,
    PetitionEvent,
    RiskAlert,
    RiskLevel,
    Status,
    Supervision,
)
from eqiao.intake.selectors import (
    alert_get_for_staff,
    alert_list_for_staff,
    clock_state,
    lead_get_for_staff,
    lead_list_for_staff,
    petition_counts_for_staff,
    petition_get_for_staff,
    petition_history,
    petition_list_for_staff,
    petitions_supervised_by,
    plan_get_for_staff,
    plan_templates_for_office,
)
from eqiao.intake.tests.factories import make_petition

TODAY = dt.date(2025, 3, 12)  # a Wednesday


@pytest.fixture
def spread(office_tree):
    """One petition at each office of the tree."""
    t = office_tree
    return {
        name: make_petition(getattr(t, name), title=f"{name}的信访")
        for name in ("city", "guanxian", "qingshui", "ganguantun", "linqing", "lindong")
    }


def numbers(qs) -> set[str]:
    return {p.title.removesuffix("的信访") for p in qs}


def test_a_county_never_sees_a_sibling_countys_petitions(office_tree, spread):
    seen = numbers(petition_list_for_staff(staff=office_tree.guanxian_head))
    assert seen == {"guanxian", "qingshui", "ganguantun"}
    with pytest.raises(NotFoundError):
        petition_get_for_staff(staff=office_tree.guanxian_head, pk=spread["lindong"].pk)
    with pytest.raises(NotFoundError):
        petition_get_for_staff(staff=office_tree.linqing_head, pk=spread["qingshui"].pk)


def test_the_city_sees_all(office_tree, spread):
    assert numbers(petition_list_for_staff(staff=office_tree.city_receptionist)) == set(spread)
    assert petition_get_for_staff(staff=office_tree.city_head, pk=spread["lindong"].pk)


def test_an_outpost_sees_only_its_own(office_tree, spread):
    assert numbers(petition_list_for_staff(staff=office_tree.qingshui_head)) == {"qingshui"}
    for other in ("guanxian", "ganguantun", "city"):
        with pytest.raises(NotFoundError):
            petition_get_for_staff(staff=office_tree.qingshui_prosecutor, pk=spread[other].pk)


def test_office_filter_cannot_reach_outside_the_subtree(office_tree, spread):
    staff = office_tree.guanxian_head
    only_qingshui = petition_list_for_staff(staff=staff, office_id=office_tree.qingshui.pk)
    assert numbers(only_qingshui) == {"qingshui"}
    with pytest.raises(NotFoundError):
        petition_list_for_staff(staff=staff, office_id=office_tree.linqing.pk)


def test_filters(office_tree):
    t = office_tree
    report = make_petition(t.guanxian, kind=Kind.REPORT, channel="sms", risk_level=RiskLevel.HIGH)
    mine = make_petition(t.guanxian, assignee=t.guanxian_prosecutor, status=Status.ASSIGNED)
    closed = make_petition(t.guanxian, status=Status.CLOSED, name="王建国", phone="13812345678")
    staff = t.guanxian_prosecutor

    def pks(**kw):
        return {p.pk for p in petition_list_for_staff(staff=staff, **kw)}

    assert pks(kind=Kind.REPORT) == {report.pk}
    assert pks(channel="sms") == {report.pk}
    assert pks(risk=RiskLevel.HIGH) == {report.pk}
    assert pks(status="open") == {report.pk, mine.pk}
    assert pks(status=Status.CLOSED) == {closed.pk}
    assert pks(assigned_to_me=True) == {mine.pk}
    assert pks(q=report.tracking_number[:8]) >= {report.pk}
    assert pks(q="王建国") == {closed.pk}
    assert pks(q="13812345678") == {closed.pk}


def test_clock_state_on_the_queue_and_in_python(office_tree):
    g = office_tree.guanxian
    fresh = make_petition(g, accepted_on=TODAY)
    # Accepted seven working days before the due date that is tomorrow.
    soon = make_petition(g, accepted_on=TODAY - dt.timedelta(days=8))
    assert soon.procedural_reply_due == dt.date(2025, 3, 13)
    late = make_petition(g, accepted_on=TODAY - dt.timedelta(days=14))
    late_but_answered = make_petition(
        g, accepted_on=TODAY - dt.timedelta(days=14), procedural_replied_at=timezone.now()
    )
    result_late = make_petition(
        g, accepted_on=TODAY - dt.timedelta(days=100), procedural_replied_at=timezone.now()
    )
    closed_late = make_petition(g, accepted_on=TODAY - dt.timedelta(days=100), status=Status.CLOSED)

    rows = {p.pk: p for p in petition_list_for_staff(staff=office_tree.guanxian_head, today=TODAY)}
    expect = {
        fresh.pk: (False, False, False, False),
        soon.pk: (False, True, False, False),
        late.pk: (True, False, False, False),
        late_but_answered.pk: (False, False, False, False),
        result_late.pk: (False, False, True, False),
        closed_late.pk: (False, False, False, False),
    }
    for pk, flags in expect.items():
        row = rows[pk]
        annotated = (
            row.procedural_overdue,
            row.procedural_due_soon,
            row.result_overdue,
            row.result_due_soon,
        )
        state = clock_state(row, TODAY)
        in_python = (
            state.procedural_overdue,
            state.procedural_due_soon,
            state.result_overdue,
            state.result_due_soon,
        )
        assert annotated == flags == in_python, row.tracking_number
        assert row.overdue == state.overdue and row.due_soon == state.due_soon

    def pks(due):
        return {
            p.pk
            for p in petition_list_for_staff(staff=office_tree.guanxian_head, due=due, today=TODAY)
        }

    assert pks("overdue") == {late.pk, result_late.pk}
    assert pks("due_soon") == {soon.pk}
    counts = petition_counts_for_staff(staff=office_tree.guanxian_head, today=TODAY)
    assert counts["overdue"] == 2 and counts["due_soon"] == 1 and counts["open"] == 5


def test_due_soon_counts_working_days_not_calendar_days(office_tree):
    # On Friday 14 March, a petition due Tuesday 18 March is two working days away.
    friday = dt.date(2025, 3, 14)
    assert add_working_days(friday, 2, {}) == dt.date(2025, 3, 18)
    p = make_petition(office_tree.qingshui, procedural_reply_due=dt.date(2025, 3, 18))
    q = make_petition(office_tree.qingshui, procedural_reply_due=dt.date(2025, 3, 19))
    assert clock_state(p, friday).procedural_due_soon
    assert not clock_state(q, friday).procedural_due_soon


def test_queue_rows_cost_two_queries(office_tree, django_assert_num_queries):
    """The holiday calendar, then the rows with their office and assignee."""
    for _ in range(5):
        make_petition(office_tree.qingshui, assignee=office_tree.qingshui_prosecutor)
    with django_assert_num_queries(2):
        rows = list(petition_list_for_staff(staff=office_tree.guanxian_head, today=TODAY))
        for row in rows:
            assert row.office.short_name and row.assignee.full_name


def test_counts(office_tree):
    t = office_tree
    make_petition(t.qingshui)
    make_petition(t.qingshui, assignee=t.qingshui_prosecutor, risk_level=RiskLevel.HIGH)
    make_petition(t.lindong)
    counts = petition_counts_for_staff(staff=t.qingshui_prosecutor)
    assert counts["open"] == 2 and counts["unassigned"] == 1
    assert counts["mine"] == 1 and counts["high_risk"] == 1 and counts["alerts"] == 0


def test_history_for_the_citizen_hides_internal_events(office_tree):
    p = make_petition(office_tree.qingshui)
    PetitionEvent.objects.create(petition=p, kind=EventKind.SUBMITTED, public=True)
    PetitionEvent.objects.create(petition=p, kind=EventKind.NOTE, text="内部", public=False)
    PetitionEvent.objects.create(petition=p, kind=EventKind.PROCEDURAL_REPLY, public=True)
    assert [e.kind for e in petition_history(petition=p, public_only=True)] == [
        EventKind.SUBMITTED,
        EventKind.PROCEDURAL_REPLY,
    ]
    assert len(petition_history(petition=p, public_only=False)) == 3


def test_supervised_petitions_are_seen_by_the_supervising_office(office_tree):
    t = office_tree
    p = make_petition(t.qingshui)
    make_petition(t.qingshui)
    Supervision.objects.create(
        petition=p,
        by_office=t.guanxian,
        by_staff=t.guanxian_head,
        deadline=TODAY,
        instruction="尽快核实",
    )
    rows = list(petitions_supervised_by(staff=t.guanxian_head))
    assert [r.pk for r in rows] == [p.pk]
    assert rows[0].open_supervisions == 1 and rows[0].supervision_deadline == TODAY
    assert [r.pk for r in petitions_supervised_by(staff=t.city_head)] == [p.pk]
    assert list(petitions_supervised_by(staff=t.linqing_head)) == []
    assert list(petitions_supervised_by(staff=t.qingshui_head)) == []


def test_alerts_plans_and_leads_are_scoped(office_tree):
    t = office_tree
    p = make_petition(t.qingshui)
    alert = RiskAlert.objects.create(petition=p, office=t.qingshui, level="high", excerpt="x")
    plan = EmergencyPlan.objects.create(alert=alert, name="预案")
    lead = Lead.objects.create(
        petition=p, office=t.qingshui, kind=LeadKind.SUPERVISION, summary="s"
    )
    for staff in (t.qingshui_head, t.guanxian_head, t.city_head):
        assert list(alert_list_for_staff(staff=staff)) == [alert]
        assert alert_get_for_staff(staff=staff, pk=alert.pk) == alert
        assert plan_get_for_staff(staff=staff, pk=plan.pk) == plan
        assert list(lead_list_for_staff(staff=staff)) == [lead]
        assert lead_get_for_staff(staff=staff, pk=lead.pk) == lead
    for staff in (t.linqing_head, t.lindong_head):
        assert list(alert_list_for_staff(staff=staff)) == []
        assert list(lead_list_for_staff(staff=staff)) == []
        for getter, pk in (
            (alert_get_for_staff, alert.pk),
            (plan_get_for_staff, plan.pk),
            (lead_get_for_staff, lead.pk),
        ):
            with pytest.raises(NotFoundError):
                getter(staff=staff, pk=pk)
    assert list(alert_list_for_staff(staff=t.qingshui_head, open_only=True)) == [alert]


def test_plan_templates_for_an_office(office_tree):
    from eqiao.intake.models import EmergencyPlanTemplate

    t = office_tree
    own = EmergencyPlanTemplate.objects.create(name="冠县预案", office=t.guanxian, steps=[{}])
    EmergencyPlanTemplate.objects.create(name="临清预案", office=t.linqing, steps=[{}])
    EmergencyPlanTemplate.objects.create(name="停用", office=None, steps=[{}], is_active=False)
    names = {tpl.name for tpl in plan_templates_for_office(office=t.qingshui)}
    assert names == {"集体访/越级访应急预案", own.name}
