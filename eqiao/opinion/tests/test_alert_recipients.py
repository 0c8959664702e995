"""Each alert rule chooses its recipients: the duty analysts, the head of the office
concerned, named staff; by SMS as well as in the workbench, or in the workbench only; and
whether an unacknowledged alert escalates."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from eqiao.channels.models import OutboundMessage
from eqiao.core.models import Notification
from eqiao.offices.models import Role
from eqiao.offices.tests.factories import make_staff
from eqiao.opinion.models import AlertRule, AlertTrigger
from eqiao.opinion.services.alerts import alert_raise, alerts_escalate, recipients

NOW = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)

pytestmark = pytest.mark.django_db


def _rule(**fields) -> AlertRule:
    values = {
        "name": "测试规则",
        "trigger": AlertTrigger.MAJOR_POST,
        "colour": "orange",
        "min_reach": 999,
        "to_analysts": False,
        "to_office_head": False,
        "send_sms": True,
        **fields,
    }
    named = values.pop("named", [])
    rule = AlertRule.objects.create(**values)
    rule.recipients.set(named)
    return rule


def _raise(rule: AlertRule, office, key: str = "k1"):
    with time_machine.travel(NOW, tick=False):
        return alert_raise(rule=rule, key=key, title="测试预警", office=office)


def _told(alert) -> tuple[set[int], set[str]]:
    users = set(
        Notification.objects.filter(target_kind="opinion_alert", target_id=alert.pk).values_list(
            "recipient_id", flat=True
        )
    )
    phones = set(
        OutboundMessage.objects.filter(ref=str(alert.pk)).values_list("recipient", flat=True)
    )
    return users, phones


def test_the_duty_analysts_are_told_when_the_rule_chooses_them(desk):
    county_analyst = make_staff(desk.tree.guanxian, Role.OPINION_ANALYST, "gx_analyst")
    other_county = make_staff(desk.tree.linqing, Role.OPINION_ANALYST, "lq_analyst")
    alert = _raise(_rule(to_analysts=True), desk.tree.guanxian)
    users, phones = _told(alert)
    assert users == {desk.analyst.user_id, county_analyst.user_id}
    assert phones == {desk.analyst.mobile, county_analyst.mobile}
    assert other_county.user_id not in users


def test_the_head_of_the_office_concerned_is_told_when_the_rule_chooses_them(desk):
    alert = _raise(_rule(to_office_head=True), desk.tree.guanxian)
    users, phones = _told(alert)
    assert users == {desk.head.user_id} and phones == {desk.head.mobile}


def test_named_staff_are_told_and_an_inactive_one_is_not(desk):
    gone = make_staff(desk.tree.linqing, Role.PROSECUTOR, "gone")
    gone.is_active = False
    gone.save()
    alert = _raise(_rule(named=[desk.editor, gone]), desk.tree.guanxian)
    users, phones = _told(alert)
    assert users == {desk.editor.user_id} and phones == {desk.editor.mobile}


def test_without_sms_the_alert_reaches_the_workbench_only(desk):
    rule = _rule(to_analysts=True, to_office_head=True, send_sms=False)
    alert = _raise(rule, desk.tree.guanxian)
    users, phones = _told(alert)
    assert users == {desk.analyst.user_id, desk.head.user_id}
    assert phones == set()
    assert recipients(rule, desk.tree.guanxian)


def test_escalation_tells_the_heads_and_the_named_staff_and_a_rule_may_not_escalate(desk):
    loud = _rule(named=[desk.editor], escalate_minutes=10)
    quiet = _rule(min_reach=998, to_analysts=True, escalate=False, escalate_minutes=10)
    escalating = _raise(loud, desk.tree.guanxian, key="loud")
    _raise(quiet, desk.tree.guanxian, key="quiet")
    assert alerts_escalate(NOW + dt.timedelta(minutes=11)) == 1
    sent = set(
        OutboundMessage.objects.filter(
            template="opinion.escalation", ref=str(escalating.pk)
        ).values_list("recipient", flat=True)
    )
    assert sent == {desk.head.mobile, desk.city_head.mobile, desk.editor.mobile}
    assert Notification.objects.filter(
        target_kind="opinion_alert", target_id=escalating.pk, recipient=desk.city_head.user
    ).exists()
