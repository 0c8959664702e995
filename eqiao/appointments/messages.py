"""The SMS this app sends, registered with channels from `AppointmentsConfig.ready()`."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from eqiao.channels.services import sms_template_register

CONFIRMED = "appointments.confirmed"
RECEIVED = "appointments.received"
DECLINED = "appointments.declined"
CANCELLED = "appointments.cancelled"
REMINDER = "appointments.reminder"


def sms_templates_register() -> None:
    # Every one of them is about the person's own booking: sent despite an opt-out.
    sms_template_register(
        name=CONFIRMED,
        text=gettext_noop(
            "您预约的%(kind)s已确认：%(time)s，%(place)s。预约号%(reference)s，"
            "到场签到码%(code)s。取消或改约：%(link)s"
        ),
        params=("kind", "time", "place", "reference", "code", "link"),
        requested=True,
    )
    sms_template_register(
        name=RECEIVED,
        text=gettext_noop(
            "已收到您的%(kind)s预约申请：%(time)s，%(place)s。预约号%(reference)s，"
            "工作人员确认后将短信通知您。查看或取消：%(link)s"
        ),
        params=("kind", "time", "place", "reference", "link"),
        requested=True,
    )
    sms_template_register(
        name=DECLINED,
        text=gettext_noop(
            "很抱歉，您预约的%(kind)s（%(time)s，预约号%(reference)s）未能安排：%(reason)s"
        ),
        params=("kind", "time", "reference", "reason"),
        requested=True,
    )
    sms_template_register(
        name=CANCELLED,
        text=gettext_noop("您预约的%(kind)s（%(time)s，预约号%(reference)s）已取消。"),
        params=("kind", "time", "reference"),
        requested=True,
    )
    sms_template_register(
        name=REMINDER,
        text=gettext_noop(
            "提醒：您预约的%(kind)s在明天%(time)s，%(place)s。预约号%(reference)s，"
            "签到码%(code)s。不能前来请取消：%(link)s"
        ),
        params=("kind", "time", "place", "reference", "code", "link"),
        requested=True,
    )
