"""Two high-risk messages on one petition assessed at the same moment: the database's
one-open-alert constraint stops the second alert and the service adds the loser's reasons
to the winner's alert, so the heads are told once. Needs PostgreSQL for real concurrency."""

from __future__ import annotations

from django.db import transaction

from eqiao.core.models import Notification
from eqiao.intake.models import RiskAlert, RiskLevel
from eqiao.intake.services.risk import risk_alert_raise
from eqiao.intake.tests.factories import make_petition
from eqiao.intake.tests.test_concurrency import pytestmark, run_together  # noqa: F401


def _raise(petition_pk: int, reason: str):
    from eqiao.intake.models import Petition

    with transaction.atomic():
        petition = Petition.objects.select_related("office").get(pk=petition_pk)
        return risk_alert_raise(
            petition=petition, level=RiskLevel.HIGH, reasons=[reason], excerpt=reason
        )


def test_two_alerts_raised_at_once_become_one(office_tree):
    petition = make_petition(office_tree.qingshui, risk_level=RiskLevel.HIGH)
    results = run_together(
        lambda: _raise(petition.pk, "扬言上访"), lambda: _raise(petition.pk, "提到集体上访")
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    alert = RiskAlert.objects.get(petition=petition)
    assert sorted(alert.reasons) == sorted(["扬言上访", "提到集体上访"])
    assert Notification.objects.filter(recipient=office_tree.qingshui_head.user).count() == 1


def test_two_plans_started_at_once_on_one_petition_run_one(office_tree):
    from eqiao.intake.models import EmergencyPlan
    from eqiao.intake.services.risk import (
        PlanAlreadyActiveError,
        alert_acknowledge,
        emergency_plan_start,
        emergency_plan_templates_ensure,
    )

    template = emergency_plan_templates_ensure()[0]
    head = office_tree.qingshui_head
    petition = make_petition(office_tree.qingshui, risk_level=RiskLevel.HIGH)
    first = _raise(petition.pk, "扬言上访")
    alert_acknowledge(alert=first, actor=head)
    second = _raise(petition.pk, "提到集体上访")

    def start(alert_pk: int):
        return emergency_plan_start(
            alert=RiskAlert.objects.get(pk=alert_pk), template=template, actor=head
        )

    results = run_together(lambda: start(first.pk), lambda: start(second.pk))
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], PlanAlreadyActiveError), results
    assert EmergencyPlan.objects.filter(petition=petition).count() == 1
