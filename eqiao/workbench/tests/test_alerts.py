"""The source document's story: a threat to petition the upper level, sent to the 清水
office, is high risk, alerts its head, and the emergency plan is run to closure."""

from __future__ import annotations

import pytest
from django.urls import reverse

from eqiao.core.models import Notification
from eqiao.intake.models import RISK_REASON_LABELS, PlanStatus, RiskAlert, risk_reason_label
from eqiao.intake.services.risk import emergency_plan_templates_ensure
from eqiao.workbench.tests.conftest import submit

HTMX = {"HTTP_HX_REQUEST": "true"}
STORY = "庆海轴承拖欠我们工资,你们管不管,不管我们就去上访"


def test_high_risk_petition_is_alerted_acknowledged_and_planned_to_closure(
    as_staff, office_tree, sms_outbox, django_capture_on_commit_callbacks
):
    emergency_plan_templates_ensure()
    with django_capture_on_commit_callbacks(execute=True):
        petition = submit(office_tree.qingshui, content=STORY)
    alert = RiskAlert.objects.get(petition=petition)
    assert any(
        sms.phone == "13906351234" and petition.tracking_number in sms.text for sms in sms_outbox
    ), "the 清水 head is told by SMS"

    head = office_tree.qingshui_head
    client = as_staff(head)
    assert (
        '<span class="badge badge-danger">1</span>'
        in client.get(reverse("workbench:queue")).content.decode()
    )
    notification = Notification.objects.get(recipient=head.user)
    response = client.post(reverse("workbench:notification_read", args=[notification.pk]))
    assert response["Location"] == reverse("workbench:alert_detail", args=[alert.pk])
    page = client.get(response["Location"]).content.decode()
    assert "上访" in page and "启动应急预案" in page

    response = client.post(reverse("workbench:alert_ack", args=[alert.pk]), **HTMX)
    assert "已签收" in response.content.decode()
    alert.refresh_from_db()
    assert alert.acknowledged_by == head

    template = emergency_plan_templates_ensure()[0]
    response = client.post(
        reverse("workbench:plan_start", args=[alert.pk]), {"template": template.pk}
    )
    plan = alert.plans.get()
    assert response["Location"] == reverse("workbench:plan_detail", args=[plan.pk])
    finish_url = reverse("workbench:plan_finish", args=[plan.pk])
    page = client.get(response["Location"]).content.decode()
    assert f'action="{finish_url}"' not in page  # steps still open

    # Closing early is refused with a message, not a 500.
    steps = list(plan.steps.all())
    for step in steps:
        response = client.post(
            reverse("workbench:plan_step_done", args=[plan.pk, step.pk]),
            {"note": f"第{step.position}步已完成"},
            **HTMX,
        )
        assert response.status_code == 200
    assert f'action="{finish_url}"' in response.content.decode()
    response = client.post(finish_url, {"summary": "企业已补发工资，群众情绪稳定。"}, **HTMX)
    assert "已化解" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.CLOSED and plan.summary.startswith("企业已补发工资")


def test_closing_a_plan_with_open_steps_shows_why(as_staff, office_tree):
    template = emergency_plan_templates_ensure()[0]
    petition = submit(office_tree.qingshui, content=STORY)
    alert = RiskAlert.objects.get(petition=petition)
    client = as_staff(office_tree.qingshui_head)
    client.post(reverse("workbench:plan_start", args=[alert.pk]), {"template": template.pk})
    plan = alert.plans.get()
    response = client.post(
        reverse("workbench:plan_finish", args=[plan.pk]), {"summary": "提前结束"}, **HTMX
    )
    assert response.status_code == 200
    assert "全部完成后才能结束预案" in response.content.decode()
    assert "提前结束" in response.content.decode()


def test_a_step_of_someone_else_cannot_be_ticked_by_a_prosecutor(as_staff, office_tree):
    template = emergency_plan_templates_ensure()[0]
    petition = submit(office_tree.qingshui, content=STORY)
    alert = RiskAlert.objects.get(petition=petition)
    as_staff(office_tree.qingshui_head).post(
        reverse("workbench:plan_start", args=[alert.pk]), {"template": template.pk}
    )
    plan = alert.plans.get()
    head_step = plan.steps.filter(owner=office_tree.qingshui_head).first()
    response = as_staff(office_tree.qingshui_prosecutor).post(
        reverse("workbench:plan_step_done", args=[plan.pk, head_step.pk]), {}, **HTMX
    )
    assert response.status_code == 200
    assert "只有该步骤的负责人" in response.content.decode()
    head_step.refresh_from_db()
    assert head_step.done_at is None


def test_alert_list_can_show_only_open_alerts(as_staff, office_tree):
    petition = submit(office_tree.qingshui, content=STORY)
    alert = RiskAlert.objects.get(petition=petition)
    client = as_staff(office_tree.guanxian_head)
    assert (
        petition.tracking_number
        in client.get(reverse("workbench:alerts") + "?open=1").content.decode()
    )
    client.post(reverse("workbench:alert_ack", args=[alert.pk]))
    assert (
        petition.tracking_number
        not in client.get(reverse("workbench:alerts") + "?open=1").content.decode()
    )
    assert petition.tracking_number in client.get(reverse("workbench:alerts")).content.decode()


def test_risk_reasons_read_in_the_staff_members_language(as_staff, office_tree):
    """The engine stores its reasons in Chinese; an English-speaking head reads them in
    English on the alert list, the alert and the petition, and a reason staff typed stays
    as written."""
    petition = submit(office_tree.qingshui, content=STORY)
    alert = RiskAlert.objects.get(petition=petition)
    assert "提到集体上访" in alert.reasons
    client = as_staff(office_tree.qingshui_head)
    client.post(reverse("set_language"), {"language": "en", "next": reverse("workbench:queue")})
    for url in (
        reverse("workbench:alerts"),
        reverse("workbench:alert_detail", args=[alert.pk]),
        reverse("workbench:petition_detail", args=[petition.pk]),
    ):
        page = client.get(url).content.decode()
        assert "Mentions collective petitioning" in page, url
        assert "提到集体上访" not in page, url
    assert risk_reason_label("工作人员手写的理由") == "工作人员手写的理由"


def test_every_reason_the_engine_gives_has_a_label_in_both_languages():
    from django.utils import translation

    from eqiao.intake.services.reading import ENGINE_FAILED_REASON
    from eqiao.text.classify import LEARNED_REASONS
    from eqiao.text.risk_rules import REASON_LEVEL

    reasons = {*REASON_LEVEL, *LEARNED_REASONS.values(), ENGINE_FAILED_REASON}
    assert reasons <= set(RISK_REASON_LABELS)
    with translation.override("en"):
        english = {risk_reason_label(r) for r in reasons}
    assert all(label.isascii() for label in english)
    with translation.override("zh-hans"):
        assert {risk_reason_label(r) for r in reasons} == reasons


def test_a_second_plan_on_the_same_petition_takes_the_head_to_the_running_one(
    as_staff, office_tree
):
    from eqiao.intake.services.handling import petition_citizen_message
    from eqiao.intake.services.risk import alert_acknowledge

    template = emergency_plan_templates_ensure()[0]
    petition = submit(office_tree.qingshui, content=STORY)
    head = office_tree.qingshui_head
    client = as_staff(head)
    first = RiskAlert.objects.get(petition=petition)
    client.post(reverse("workbench:plan_start", args=[first.pk]), {"template": template.pk})
    plan = first.plans.get()
    alert_acknowledge(alert=first, actor=head)
    petition_citizen_message(petition=petition, text="我们三十多个工人明天就到市里集体上访")
    second = RiskAlert.objects.get(petition=petition, acknowledged_at__isnull=True)
    page = client.get(reverse("workbench:alert_detail", args=[second.pk])).content.decode()
    assert "该信访件已有处置中的应急预案" in page
    assert reverse("workbench:plan_detail", args=[plan.pk]) in page
    assert reverse("workbench:plan_start", args=[second.pk]) not in page
    response = client.post(
        reverse("workbench:plan_start", args=[second.pk]), {"template": template.pk}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("workbench:plan_detail", args=[plan.pk])
    assert "处置中的应急预案" in response.content.decode()
    assert not second.plans.exists()


def test_a_step_is_not_completed_without_what_was_done(as_staff, office_tree):
    template = emergency_plan_templates_ensure()[0]
    petition = submit(office_tree.qingshui, content=STORY)
    alert = RiskAlert.objects.get(petition=petition)
    head = as_staff(office_tree.qingshui_head)
    head.post(reverse("workbench:plan_start", args=[alert.pk]), {"template": template.pk})
    plan = alert.plans.get()
    step = plan.steps.get(position=2)
    url = reverse("workbench:plan_step_done", args=[plan.pk, step.pk])
    response = head.post(url, {"note": "   "}, **HTMX)
    assert "请填写处置情况。" in response.content.decode()
    step.refresh_from_db()
    assert step.done_at is None
    head.post(url, {"note": "已向院领导报告"}, **HTMX)
    step.refresh_from_db()
    assert step.done_at is not None and step.note == "已向院领导报告"


@pytest.mark.parametrize("bad", ["已联系\x00信访人", "已报告\x07院领导"])
def test_a_step_note_with_control_characters_gets_the_specific_message(as_staff, office_tree, bad):
    template = emergency_plan_templates_ensure()[0]
    petition = submit(office_tree.qingshui, content=STORY)
    alert = RiskAlert.objects.get(petition=petition)
    head = as_staff(office_tree.qingshui_head)
    head.post(reverse("workbench:plan_start", args=[alert.pk]), {"template": template.pk})
    plan = alert.plans.get()
    step = plan.steps.get(position=2)
    url = reverse("workbench:plan_step_done", args=[plan.pk, step.pk])
    page = head.post(url, {"note": bad}, **HTMX).content.decode()
    assert "处置情况里有无法识别的字符，请只输入文字。" in page
    assert "请填写处置情况。" not in page
    page = head.post(url, {"note": bad}, follow=True).content.decode()
    assert "处置情况里有无法识别的字符，请只输入文字。" in page
    step.refresh_from_db()
    assert step.done_at is None
