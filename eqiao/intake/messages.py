"""The SMS intake sends, registered with channels from `IntakeConfig.ready()`: each wording
is approved once by the SMS provider and then sent by name + parameters. The signature is
put in front by channels; the texts are rendered in the site's language."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from eqiao.channels.services import sms_template_register

RECEIPT = "intake.receipt"
REPLY = "intake.reply"
ALERT = "intake.alert"
DIGEST = "intake.digest"
DIGEST_URGENT = "intake.digest_urgent"
INBOUND_REJECTED = "intake.inbound_rejected"


def sms_templates_register() -> None:
    """Called from `IntakeConfig.ready()`."""
    sms_template_register(
        name=RECEIPT,
        text=gettext_noop(
            "您的%(kind)s已受理，受理编号%(number)s，查询密码%(password)s。"
            "我们将在%(due)s前给您答复。"
        ),
        params=("kind", "number", "password", "due"),
        requested=True,
    )
    sms_template_register(
        name=REPLY,
        text=gettext_noop(
            "您的信访件（受理编号%(number)s）有新的答复，请凭受理编号和查询密码在网站或微信上查看。"
        ),
        params=("number",),
        requested=True,  # about the person's own petition: not a circular they can refuse
    )
    sms_template_register(
        name=ALERT,
        text=gettext_noop(
            "高风险信访预警：%(office)s受理编号%(number)s，%(reasons)s。请立即处置。"
        ),
        params=("office", "number", "reasons"),
    )
    sms_template_register(
        name=DIGEST,
        text=gettext_noop(
            "%(date)s %(office)s信访期限提醒：超期%(overdue)s件，即将到期%(soon)s件。"
        ),
        params=("date", "office", "overdue", "soon"),
    )
    sms_template_register(
        name=DIGEST_URGENT,
        text=gettext_noop(
            "%(date)s %(office)s信访期限提醒：超期%(overdue)s件，即将到期%(soon)s件。"
            "最紧急：%(numbers)s。"
        ),
        params=("date", "office", "overdue", "soon", "numbers"),
    )
    sms_template_register(
        name=INBOUND_REJECTED,
        text=gettext_noop("您的短信未能受理：%(reason)s请补充后重新发送，或登录网站提交。"),
        params=("reason",),
        requested=True,  # the answer to what the person just sent
    )
