"""One matter, one alert: follow-ups while an alert is open add to it instead of alerting the
heads again, and a petition runs one emergency plan at a time. The database holds the rule
too (partial unique constraints), so a race cannot break it."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from eqiao.core.models import Notification
from eqiao.intake.models import Channel, EmergencyPlan, Kind, RiskAlert, RiskLevel
from eqiao.intake.services.handling import petition_citizen_message
from eqiao.intake.services.risk import (
    PlanAlreadyActiveError,
    alert_acknowledge,
    emergency_plan_start,
    emergency_plan_templates_ensure,
    risk_alert_raise,
)
from eqiao.intake.services.submission import petition_submit

STORY = "庆海轴承拖欠我们工资,你们管不管,不管我们就去上访"
SECOND = "你们再不管，我们三十多个工人明天就到市里集体上访"


@pytest.fixture
def risky(office_tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return petition_submit(
            kind=Kind.COMPLAINT,
            channel=Channel.WEB,
            name="王建国",
            phone="13812345678",
            content=STORY,
            office=office_tree.qingshui,
        ).petition


def _alerts_sms(sms_outbox):
    return [sms for sms in sms_outbox if "预警" in sms.text]


def test_a_follow_up_while_the_alert_is_open_adds_to_it_without_a_second_sms(
    office_tree, risky, sms_outbox, django_capture_on_commit_callbacks
):
    head = office_tree.qingshui_head
    assert RiskAlert.objects.filter(petition=risky).count() == 1
    notes_before = Notification.objects.filter(recipient=head.user).count()
    sms_before = len(_alerts_sms(sms_outbox))
    assert notes_before == 1 and sms_before == 1

    with django_capture_on_commit_callbacks(execute=True):
        petition_citizen_message(petition=risky, text=SECOND)
        petition_citizen_message(petition=risky, text="还是没人管，我们就去市里" + SECOND)

    alert = RiskAlert.objects.get(petition=risky)
    assert "提到集体上访" in alert.reasons or len(alert.reasons) > 1
    assert alert.level == RiskLevel.HIGH
    assert Notification.objects.filter(recipient=head.user).count() == notes_before
    assert len(_alerts_sms(sms_outbox)) == sms_before


def test_new_reasons_are_added_once_and_the_level_is_raised(office_tree, risky):
    alert = RiskAlert.objects.get(petition=risky)
    alert.level = RiskLevel.MEDIUM
    alert.reasons = ["扬言上访"]
    alert.save()
    merged = risk_alert_raise(
        petition=risky, level=RiskLevel.HIGH, reasons=["扬言上访", "威胁自伤"], excerpt="x"
    )
    assert merged.pk == alert.pk
    alert.refresh_from_db()
    assert alert.reasons == ["扬言上访", "威胁自伤"] and alert.level == RiskLevel.HIGH


def test_after_acknowledgement_the_next_danger_is_a_new_alert(
    office_tree, risky, sms_outbox, django_capture_on_commit_callbacks
):
    alert_acknowledge(alert=RiskAlert.objects.get(petition=risky), actor=office_tree.qingshui_head)
    with django_capture_on_commit_callbacks(execute=True):
        petition_citizen_message(petition=risky, text=SECOND)
    assert RiskAlert.objects.filter(petition=risky).count() == 2
    assert len(_alerts_sms(sms_outbox)) == 2


def test_the_database_refuses_a_second_open_alert(office_tree, risky):
    with pytest.raises(IntegrityError), transaction.atomic():
        RiskAlert.objects.create(
            petition=risky, office=risky.office, level=RiskLevel.HIGH, excerpt="x"
        )


def test_one_active_plan_per_petition_even_from_a_second_alert(office_tree, risky):
    template = emergency_plan_templates_ensure()[0]
    head = office_tree.qingshui_head
    first_alert = RiskAlert.objects.get(petition=risky)
    plan = emergency_plan_start(alert=first_alert, template=template, actor=head)
    # Starting the plan acknowledged the alert; the next danger raises a second one.
    petition_citizen_message(petition=risky, text=SECOND)
    second_alert = RiskAlert.objects.get(petition=risky, acknowledged_at__isnull=True)
    with pytest.raises(PlanAlreadyActiveError, match="处置中的应急预案") as refused:
        emergency_plan_start(alert=second_alert, template=template, actor=head)
    assert refused.value.plan == plan
    assert EmergencyPlan.objects.filter(petition=risky).count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        EmergencyPlan.objects.create(alert=second_alert, name="并行预案")


def test_a_batch_raises_each_alert_and_tells_each_office_as_one_at_a_time_would(
    office_tree, risky, sms_outbox, django_capture_on_commit_callbacks
):
    """The worker's batch (`risk_alerts_raise`): a new alert per petition, each office's
    heads told in the app and by SMS naming that petition; a petition whose alert is still
    open only adds its reasons, and its heads are not told again."""
    from eqiao.intake.services.risk import AlertRaise, risk_alerts_raise

    def filed(office, phone):
        return petition_submit(
            kind=Kind.COMPLAINT,
            channel=Channel.WEB,
            name="王建国",
            phone=phone,
            content="邻居家扩建房屋占了我家的路，请检察院帮忙看看。",
            office=office,
        ).petition

    fresh = [filed(office_tree.qingshui, "13812340001"), filed(office_tree.linqing, "13812340002")]
    assert not RiskAlert.objects.filter(petition__in=fresh).exists()
    notes_before = Notification.objects.count()
    sms_before = len(_alerts_sms(sms_outbox))
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        alerts = risk_alerts_raise(
            [
                AlertRaise(petition=p, level=RiskLevel.HIGH, reasons=["集体访"], excerpt=SECOND)
                for p in [*fresh, risky]
            ]
        )

    assert [a.petition_id for a in alerts] == [fresh[0].pk, fresh[1].pk, risky.pk]
    assert RiskAlert.objects.filter(petition__in=[*fresh, risky]).count() == 3
    assert "集体访" in RiskAlert.objects.get(petition=risky).reasons
    told = Notification.objects.order_by("pk")[notes_before:]
    assert {(n.recipient_id, n.target_id) for n in told} == {
        (office_tree.qingshui_head.user_id, alerts[0].pk),
        (office_tree.linqing_head.user_id, alerts[1].pk),
    }
    assert all(fresh[i].tracking_number in told[i].text for i in range(2))
    # Each new alert's SMS to its office's head; the open alert's heads were told before.
    heads = [office_tree.qingshui_head, office_tree.linqing_head]
    for petition, head in zip(fresh, heads, strict=True):
        sms = [m for m in _alerts_sms(sms_outbox) if petition.tracking_number in m.text]
        assert [m.phone for m in sms] == [head.mobile]
    assert len(_alerts_sms(sms_outbox)) == sms_before + 2
