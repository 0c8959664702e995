"""Petition-risk early warning (信访风险预警): alerts to the office head, emergency plans."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from eqiao.channels.services import sms_queue
from eqiao.core.models import Notification
from eqiao.intake.models import Petition, RiskAlert
from eqiao.offices.selectors import office_heads


def risk_alert_raise(
    *, petition: Petition, level: str, reasons: list[str], excerpt: str
) -> RiskAlert:
    """Record an alert and tell the handling office's heads at once, in the app and by SMS.
    Call inside the transaction that saved the petition or message, so both happen or neither.
    """
    office = petition.office
    alert = RiskAlert.objects.create(
        petition=petition, office=office, level=level, reasons=reasons, excerpt=excerpt[:300]
    )
    reason_text = "；".join(reasons) or _("高风险")
    url = reverse("workbench:alert_detail", args=[alert.pk])
    for head in office_heads(office=office):
        Notification.objects.create(
            recipient=head.user,
            level="danger",
            text=_("高风险信访预警：%(number)s（%(reasons)s）")
            % {"number": petition.tracking_number, "reasons": reason_text},
            url=url,
        )
        if head.mobile:
            sms_queue(
                phone=head.mobile,
                purpose="alert",
                ref=petition.tracking_number,
                text=_("%(sig)s高风险信访预警：%(office)s受理编号%(number)s，%(reasons)s。请立即处置。")
                % {
                    "sig": settings.EQIAO_SMS_SIGNATURE,
                    "office": office.short_name,
                    "number": petition.tracking_number,
                    "reasons": reason_text,
                },
            )
    return alert
