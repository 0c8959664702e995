"""Notifications to bound followers: an SMS about a person's petition goes to their WeChat
too, as a template message (or a customer-service message where no template id is set).

The app that sends the SMS says which of its SMS templates have a WeChat twin, from its
`AppConfig.ready()`::

    wechat_companion_register(
        sms_template="intake.reply", wechat_template="intake.reply", params=("number",),
        text=gettext_noop("您的信访件（受理编号%(number)s）有新的答复…"), requested=True,
    )

Channels then sees every such SMS as it is queued (`sms_queued_hook_register`) and queues
the WeChat message to each subscribed follower bound to that phone, with the same
parameters, in the same transaction. Channels never imports the app.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop

from eqiao.channels.models import MessageChannel, OutboundMessage, WeChatFollower
from eqiao.channels.services.inbound import OPTIN_TEMPLATE, OPTOUT_TEMPLATE
from eqiao.channels.services.outbound import message_queue
from eqiao.channels.services.templates import message_template_register

_companions: dict[str, str] = {}  # SMS template → WeChat template


def wechat_template_register(
    *, name: str, text: str, params: tuple[str, ...] = (), requested: bool = False
) -> None:
    """`message_template_register` for a WeChat message."""
    message_template_register(
        channel=MessageChannel.WECHAT, name=name, text=text, params=params, requested=requested
    )


def wechat_companion_register(
    *,
    sms_template: str,
    wechat_template: str,
    text: str,
    params: tuple[str, ...] = (),
    requested: bool = False,
) -> None:
    """Send WeChat template `wechat_template` (registered here with `text` and `params`,
    which must be the SMS template's parameters) to the bound followers of every phone
    `sms_template` is queued to."""
    wechat_template_register(name=wechat_template, text=text, params=params, requested=requested)
    _companions[sms_template] = wechat_template


def wechat_companions_queue(sms: OutboundMessage) -> None:
    """The `sms_queued_hook`: queue the WeChat twin of `sms`, if it has one, to each bound,
    subscribed follower of the phone. Idempotent by the SMS and the follower."""
    template = _companions.get(sms.template)
    if not template or sms.channel != MessageChannel.SMS:
        return
    openids = WeChatFollower.objects.filter(
        phone=sms.recipient, subscribed=True, bound_at__isnull=False
    ).values_list("openid", flat=True)
    for openid in openids:
        message_queue(
            channel=MessageChannel.WECHAT,
            recipient=openid,
            template=template,
            params=sms.params,
            purpose=sms.purpose,
            ref=sms.ref,
            idempotency_key=f"wechat-twin:{sms.pk}:{openid}"[:160],
        )


def wechat_templates_register() -> None:
    """The confirmations the inbound dispatcher sends on WeChat (called from
    `ChannelsConfig.ready()`)."""
    wechat_template_register(
        name=OPTOUT_TEMPLATE,
        text=gettext_noop(
            "您已退订，今后不再收到本院的微信通知（对您留言的答复除外）。回复“订阅”可恢复。"
        ),
        requested=True,
    )
    wechat_template_register(
        name=OPTIN_TEMPLATE,
        text=gettext_noop("您已恢复订阅，将继续收到本院的微信通知。回复“退订”可退订。"),
        requested=True,
    )
