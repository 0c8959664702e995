"""The SMS the studio's desk sends, registered from `PublishingConfig.ready()`."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from eqiao.channels.services import sms_template_register
from eqiao.publishing.services.digest import (
    DIGEST_TEMPLATE,
    SUBSCRIBED_TEMPLATE,
    UNSUBSCRIBED_TEMPLATE,
)


def sms_templates_register() -> None:
    sms_template_register(
        name=DIGEST_TEMPLATE,
        text=gettext_noop(
            "【%(office)s手机报】第%(number)s期：%(titles)s。全文：%(link)s 回复“退订手机报”可退订。"
        ),
        params=("office", "number", "titles", "link"),
    )
    sms_template_register(
        name=SUBSCRIBED_TEMPLATE,
        text=gettext_noop("您已订阅%(group)s手机报。回复“退订手机报”可退订。"),
        params=("group",),
        requested=True,
    )
    sms_template_register(
        name=UNSUBSCRIBED_TEMPLATE,
        text=gettext_noop("您已退订手机报。回复“订阅手机报”可重新订阅。"),
        requested=True,
    )
