"""Risk alerts and emergency plans: acknowledged, started from a template with owners and
deadlines, ticked off step by step, closed only when every step is done."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from eqiao.core.errors import ApplicationError, PermissionDeniedError
from eqiao.core.models import Notification
from eqiao.intake.models import (
    EmergencyPlanTemplate,
    EventKind,
    PlanStatus,
    RiskLevel,
)
from eqiao.intake.services.risk import (
    DEFAULT_TEMPLATES,
    PlanAlreadyActiveError,
    alert_acknowledge,
    emergency_plan_start,
    emergency_plan_steps_validate,
    emergency_plan_templates_ensure,
    plan_close,
    plan_step_complete,
    risk_alert_raise,
)
from eqiao.intake.tests.factories import make_petition
from eqiao.offices.models import Role
from eqiao.offices.tests.factories import make_staff

COLLECTIVE = "集体访/越级访应急预案"


@pytest.fixture
def alert(office_tree):
    petition = make_petition(office_tree.qingshui, risk_level=RiskLevel.HIGH)
    return risk_alert_raise(
        petition=petition, level=RiskLevel.HIGH, reasons=["扬言上访"], excerpt=petition.content
    )


@pytest.fixture
def template(db):
    return EmergencyPlanTemplate.objects.get(name=COLLECTIVE, office=None)


def test_the_default_template_is_installed_and_ensure_is_idempotent(template):
    assert [s["title"] for s in template.steps] == [
        "立即联系信访人核实情况",
        "向院领导报告",
        "会同乡镇、劳动监察等部门研判",
        "约见群众代表、释法说理",
        "跟踪化解并回访",
    ]
    assert [s["due_hours"] for s in template.steps] == [2, 4, 24, 48, 168]
    assert template.steps == DEFAULT_TEMPLATES[0]["steps"]
    emergency_plan_templates_ensure()
    emergency_plan_templates_ensure()
    assert EmergencyPlanTemplate.objects.filter(name=COLLECTIVE).count() == 1


def test_ensure_creates_the_template_when_missing(db):
    EmergencyPlanTemplate.objects.all().delete()
    (created,) = emergency_plan_templates_ensure()
    assert created.name == COLLECTIVE and len(created.steps) == 5


def test_raising_an_alert_tells_the_heads(office_tree, alert):
    assert alert.office == office_tree.qingshui
    note = Notification.objects.get(recipient=office_tree.qingshui_head.user)
    assert note.level == "danger" and alert.petition.tracking_number in note.text
    assert (note.target_kind, note.target_id) == ("alert", alert.pk)


class TestAcknowledge:
    def test_first_acknowledgement_wins(self, office_tree, alert):
        alert_acknowledge(alert=alert, actor=office_tree.qingshui_prosecutor)
        first_at = alert.acknowledged_at
        alert_acknowledge(alert=alert, actor=office_tree.guanxian_head)
        alert.refresh_from_db()
        assert alert.acknowledged_by == office_tree.qingshui_prosecutor
        assert alert.acknowledged_at == first_at

    def test_a_sibling_cannot(self, office_tree, alert):
        with pytest.raises(PermissionDeniedError):
            alert_acknowledge(alert=alert, actor=office_tree.lindong_head)


class TestPlan:
    def test_start_copies_steps_with_owners_and_deadlines(self, office_tree, alert, template):
        t = office_tree
        before = timezone.now()
        plan = emergency_plan_start(alert=alert, template=template, actor=t.qingshui_head)
        steps = list(plan.steps.order_by("position"))
        assert [s.title for s in steps] == [s["title"] for s in template.steps]
        assert [s.owner for s in steps] == [
            t.qingshui_prosecutor,
            t.qingshui_head,
            t.qingshui_head,
            t.qingshui_prosecutor,
            t.qingshui_prosecutor,
        ]
        for step, spec in zip(steps, template.steps, strict=True):
            expected = before + dt.timedelta(hours=spec["due_hours"])
            assert abs((step.due_at - expected).total_seconds()) < 60
        alert.refresh_from_db()
        assert alert.acknowledged_by == t.qingshui_head
        event = alert.petition.events.get(kind=EventKind.RISK)
        assert not event.public and plan.name in event.text
        assert Notification.objects.filter(recipient=t.qingshui_prosecutor.user).count() == 3

    def test_owner_falls_back_to_the_head_when_no_one_has_the_role(
        self, office_tree, alert, template
    ):
        t = office_tree
        t.qingshui_prosecutor.is_active = False
        t.qingshui_prosecutor.save()
        plan = emergency_plan_start(alert=alert, template=template, actor=t.guanxian_head)
        assert {s.owner for s in plan.steps.all()} == {t.qingshui_head}

    def test_the_petitions_assignee_owns_steps_of_their_role(self, office_tree, alert, template):
        t = office_tree
        second = make_staff(t.qingshui, Role.PROSECUTOR, "qs_prosecutor_b")
        alert.petition.assignee = second
        alert.petition.save()
        plan = emergency_plan_start(alert=alert, template=template, actor=t.qingshui_head)
        assert plan.steps.get(position=1).owner == second

    def test_only_heads_in_scope_start_and_only_one_active_plan(self, office_tree, alert, template):
        t = office_tree
        with pytest.raises(PermissionDeniedError):
            emergency_plan_start(alert=alert, template=template, actor=t.qingshui_prosecutor)
        with pytest.raises(PermissionDeniedError):
            emergency_plan_start(alert=alert, template=template, actor=t.linqing_head)
        emergency_plan_start(alert=alert, template=template, actor=t.qingshui_head)
        with pytest.raises(PlanAlreadyActiveError, match="处置中的应急预案"):
            emergency_plan_start(alert=alert, template=template, actor=t.guanxian_head)

    def test_templates_of_another_county_or_inactive_ones_are_refused(self, office_tree, alert):
        t = office_tree
        steps = [{"title": "核实", "owner_role": "prosecutor", "due_hours": 1}]
        foreign = EmergencyPlanTemplate.objects.create(
            name="临清预案", office=t.linqing, steps=steps
        )
        inactive = EmergencyPlanTemplate.objects.create(name="旧预案", steps=steps, is_active=False)
        empty = EmergencyPlanTemplate.objects.create(name="空预案", steps=[])
        for tpl in (foreign, inactive, empty):
            with pytest.raises(ApplicationError):
                emergency_plan_start(alert=alert, template=tpl, actor=t.qingshui_head)
        county = EmergencyPlanTemplate.objects.create(
            name="冠县预案", office=t.guanxian, steps=steps
        )
        plan = emergency_plan_start(alert=alert, template=county, actor=t.qingshui_head)
        assert plan.steps.count() == 1

    def test_steps_are_ticked_off_by_their_owner_or_a_head(self, office_tree, alert, template):
        t = office_tree
        plan = emergency_plan_start(alert=alert, template=template, actor=t.qingshui_head)
        first, second = plan.steps.order_by("position")[:2]
        other = make_staff(t.qingshui, Role.PROSECUTOR, "qs_other")
        with pytest.raises(PermissionDeniedError):
            plan_step_complete(step=first, actor=other, note="x")
        with pytest.raises(PermissionDeniedError):
            plan_step_complete(step=first, actor=t.lindong_head, note="x")
        for empty in ("", "  \n "):
            with pytest.raises(ApplicationError, match="请填写处置情况") as refused:
                plan_step_complete(step=first, actor=t.qingshui_prosecutor, note=empty)
            assert refused.value.field == "note"
        first.refresh_from_db()
        assert first.done_at is None
        plan_step_complete(step=first, actor=t.qingshui_prosecutor, note="已电话核实，约30人")
        assert first.done_by == t.qingshui_prosecutor and first.note.startswith("已电话")
        with pytest.raises(ApplicationError, match="已经完成"):
            plan_step_complete(step=first, actor=t.qingshui_head, note="再次")
        plan_step_complete(step=second, actor=t.guanxian_head, note="已报告")
        assert plan.steps.filter(done_at__isnull=False).count() == 2

    def test_close_only_when_every_step_is_done(self, office_tree, alert, template):
        t = office_tree
        plan = emergency_plan_start(alert=alert, template=template, actor=t.qingshui_head)
        with pytest.raises(ApplicationError, match="5个步骤"):
            plan_close(plan=plan, actor=t.qingshui_head, summary="已化解")
        for step in plan.steps.all():
            plan_step_complete(step=step, actor=t.qingshui_head, note="已完成")
        with pytest.raises(ApplicationError, match="处置总结"):
            plan_close(plan=plan, actor=t.qingshui_head, summary="")
        with pytest.raises(PermissionDeniedError):
            plan_close(plan=plan, actor=t.qingshui_prosecutor, summary="已化解")
        plan_close(plan=plan, actor=t.qingshui_head, summary="工资已补发，群众表示满意。")
        plan.refresh_from_db()
        assert plan.status == PlanStatus.CLOSED and plan.closed_at
        with pytest.raises(ApplicationError, match="已结束"):
            plan_close(plan=plan, actor=t.qingshui_head, summary="再次")
        # A new plan may start once the old one is closed.
        again = emergency_plan_start(alert=alert, template=template, actor=t.qingshui_head)
        assert again.status == PlanStatus.ACTIVE


def _template_data(**steps) -> dict:
    return {"name": "预案", "description": "", "is_active": True, **steps}


@pytest.mark.parametrize(
    "steps",
    [
        {},
        {"step_1_title": "核实", "step_1_owner_role": "janitor", "step_1_due_hours": 2},
        {"step_1_title": "", "step_1_owner_role": "prosecutor", "step_1_due_hours": 2},
        {"step_1_title": "核实", "step_1_owner_role": "prosecutor", "step_1_due_hours": 0},
        {"step_1_title": "核实", "step_1_owner_role": "prosecutor"},
        {"step_1_title": "核实", "step_1_owner_role": "prosecutor", "step_1_due_hours": "两天"},
    ],
)
def test_the_admin_refuses_incomplete_template_steps(db, steps):
    from eqiao.intake.admin import EmergencyPlanTemplateForm

    form = EmergencyPlanTemplateForm(data=_template_data(**steps))
    assert not form.is_valid()
    messages = " ".join(str(e) for errors in form.errors.values() for e in errors)
    assert messages and not re.search(r"owner_role|due_hours|title", messages)


def test_a_template_saved_through_the_form_stores_valid_steps(db):
    from eqiao.intake.admin import EmergencyPlanTemplateForm

    form = EmergencyPlanTemplateForm(
        data=_template_data(
            step_1_title="立即联系信访人",
            step_1_owner_role="prosecutor",
            step_1_due_hours="2",
            step_3_title="向院领导报告",  # an empty row between two steps is skipped
            step_3_owner_role="office_head",
            step_3_due_hours="4",
        )
    )
    assert form.is_valid(), form.errors
    template = form.save()
    template.refresh_from_db()
    assert template.steps == [
        {"title": "立即联系信访人", "owner_role": "prosecutor", "due_hours": 2},
        {"title": "向院领导报告", "owner_role": "office_head", "due_hours": 4},
    ]
    assert emergency_plan_steps_validate(template.steps) == template.steps
    again = EmergencyPlanTemplateForm(instance=template)
    assert again.initial["step_2_title"] == "向院领导报告"
