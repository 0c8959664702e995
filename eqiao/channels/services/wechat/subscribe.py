"""Subscription messages (订阅通知) to followers who accepted them.

WeChat lets an account send a subscription message only to a follower who accepted that
template in WeChat's prompt; the callback's events say who accepted or refused which
template (`subscribe_msg_popup_event`, and `subscribe_msg_change_event` when they change
their mind in WeChat's settings), recorded in `WeChatSubscription`.

Which notices go out this way is data (`WeChatSubscribeTemplate`, in the admin): an SMS
template (a booking confirmation or reminder, a case-stage notice) → the account's template
id and how the SMS's parameters fill its fields. As each such SMS is queued
(`sms_queued_hook_register`), the same notice is queued as a subscription message to each
follower bound to the phone who accepted that template. Channels never imports the app
that sent the SMS: it reads only the template name and parameters.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping

from django.utils import timezone
from django.utils.translation import gettext_noop

from eqiao.channels.models import (
    MessageChannel,
    OutboundMessage,
    WeChatFollower,
    WeChatSubscribeTemplate,
    WeChatSubscription,
)
from eqiao.channels.providers.wechat import SUBSCRIBE_NEWS_TEMPLATE, SUBSCRIBE_TEMPLATE
from eqiao.channels.services.outbound import message_queue
from eqiao.channels.services.templates import message_template_register

# The longest value WeChat takes per field type (characters); a longer one is refused.
FIELD_LIMITS = {"thing": 20, "character_string": 32, "phrase": 5, "name": 10, "number": 32}
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def subscribe_templates_register() -> None:
    """The WeChat templates a subscription message is stored under (from `ready()`)."""
    for name, requested in ((SUBSCRIBE_TEMPLATE, True), (SUBSCRIBE_NEWS_TEMPLATE, False)):
        message_template_register(
            channel=MessageChannel.WECHAT,
            name=name,
            # What staff read in the outbound list is what went to WeChat.
            text=gettext_noop("订阅通知（模板%(template_id)s）：%(data)s %(page)s"),
            params=("template_id", "data", "page"),
            requested=requested,
        )


def wechat_subscriptions_record(
    *, openid: str, answers: Iterable[tuple[str, str]], at: dt.datetime | None = None
) -> int:
    """Record a follower's answers (template id, "accept" / "reject") from WeChat's
    events; returns how many were recorded. Call inside the push's transaction."""
    at = at or timezone.now()
    count = 0
    for template_id, answer in answers:
        if not template_id or answer not in ("accept", "reject"):
            continue
        WeChatSubscription.objects.update_or_create(
            openid=openid,
            template_id=template_id[:128],
            defaults={"accepted": answer == "accept", "changed_at": at},
        )
        count += 1
    return count


def _fill(text: str, params: Mapping[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: str(params.get(m.group(1), "")), text)


def _fit(key: str, value: str) -> str:
    kind = key.rstrip("0123456789")
    if kind == "character_string":
        value = "".join(ch for ch in value if ch.isascii())
    limit = FIELD_LIMITS.get(kind)
    if limit and len(value) > limit:
        value = value[: limit - 1] + "…" if kind == "thing" else value[:limit]
    return value.strip() or "-"


def subscribe_data(row: WeChatSubscribeTemplate, params: Mapping[str, str]) -> dict[str, str]:
    """The template's fields filled from the SMS's parameters, each within its type's
    limit (a `thing` is shortened with an ellipsis)."""
    fields = row.fields if isinstance(row.fields, dict) else {}
    return {str(k): _fit(str(k), _fill(str(v), params)) for k, v in fields.items()}


def wechat_subscriptions_queue(sms: OutboundMessage) -> None:
    """The `sms_queued_hook`: queue `sms` as a subscription message to each follower bound
    to its phone who accepted a configured template for it. Idempotent by the SMS, the
    template row and the follower."""
    if sms.channel != MessageChannel.SMS or not sms.template:
        return
    rows = list(WeChatSubscribeTemplate.objects.filter(sms_template=sms.template, active=True))
    if not rows:
        return
    openids = list(
        WeChatFollower.objects.filter(
            phone=sms.recipient, subscribed=True, bound_at__isnull=False
        ).values_list("openid", flat=True)
    )
    if not openids:
        return
    for row in rows:
        accepted = WeChatSubscription.objects.filter(
            openid__in=openids, template_id=row.template_id, accepted=True
        ).values_list("openid", flat=True)
        data = subscribe_data(row, sms.params)
        for openid in accepted:
            message_queue(
                channel=MessageChannel.WECHAT,
                recipient=openid,
                template=SUBSCRIBE_TEMPLATE if sms.requested else SUBSCRIBE_NEWS_TEMPLATE,
                params={
                    "template_id": row.template_id,
                    "data": json.dumps(data, ensure_ascii=False),
                    "page": _fill(row.page, sms.params),
                },
                purpose=sms.purpose,
                ref=sms.ref,
                idempotency_key=f"wechat-sub:{sms.pk}:{row.pk}:{openid}"[:160],
            )
