"""The SMS this app sends, registered with channels from `SurveysConfig.ready()`."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from eqiao.channels.services import sms_template_register

INVITATION = "surveys.invitation"


def sms_templates_register() -> None:
    # Not asked for by the person: an opt-out (退订) stops it.
    sms_template_register(
        name=INVITATION,
        text=gettext_noop(
            "%(office)s邀请您参加“%(title)s”问卷调查，约需2分钟，请点击：%(link)s 回复TD退订"
        ),
        params=("office", "title", "link"),
    )
