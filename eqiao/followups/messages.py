"""The follow-up SMS wordings, registered with channels from `FollowupsConfig.ready()`.

Each is a provider template (its code is EQIAO_SMS_TEMPLATE_CODES configuration); a campaign
names one of them. `records` names the person's records the follow-up asks about ("案件
冠检刑诉受〔2026〕12号、信访件X20260105001"), so one message covers all of them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from eqiao.channels.services import sms_template_register

EVALUATE = "followups.evaluate"
EVALUATE_SHORT = "followups.evaluate_short"

# The templates a campaign may use, with the label staff choose by.
CAMPAIGN_TEMPLATES = {
    EVALUATE: _("办结回访（列出案件或信访件编号）"),
    EVALUATE_SHORT: _("办结回访（简短，不列编号）"),
}


def sms_templates_register() -> None:
    sms_template_register(
        name=EVALUATE,
        text=gettext_noop(
            "您好！您在%(office)s的%(records)s已办结。请您评价我们的工作："
            "回复1满意，2基本满意，3不满意，也可直接回复意见。回复TD退订。"
        ),
        params=("office", "records"),
    )
    sms_template_register(
        name=EVALUATE_SHORT,
        text=gettext_noop(
            "您好！您在%(office)s办理的事项已办结。请回复1满意，2基本满意，3不满意，"
            "或直接回复意见。回复TD退订。"
        ),
        params=("office",),
    )
