"""What the account does with each push from WeChat's server.

`wechat_push_receive` runs inside the callback and must answer within WeChat's five
seconds: it stores the push once (a retry of the same MsgId does nothing), keeps the
follower's subscription up to date, and answers at once what needs no thought — binding
commands, keyword and menu auto-replies, the welcome. Anything that becomes a petition or a
follow-up (text, image, voice) is acknowledged at once and handed to the background worker:
`wechat_message_process` downloads the media, gives the message to the inbound dispatcher
(intake takes it), and the handler's answer (the tracking number) goes back through the
customer-service message API as an outbound WeChat message.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from eqiao.channels.models import (
    MessageChannel,
    WeChatFollower,
    WeChatMessage,
    WeChatMessageStatus,
)
from eqiao.channels.providers import PermanentError, TransientError, provider_get
from eqiao.channels.providers.wechat.callback import Incoming
from eqiao.channels.services.inbound import InboundAttachment, inbound_dispatch
from eqiao.channels.services.wechat.autoreply import (
    autoreply_for_click,
    autoreply_for_subscribe,
    autoreply_for_text,
)
from eqiao.channels.services.wechat.binding import follower_binding_command
from eqiao.channels.services.wechat.subscribe import wechat_subscriptions_record
from eqiao.core.errors import RateLimitedError

log = logging.getLogger(__name__)
PROVIDER = "wechat"
TAKEN_IN = frozenset({"text", "image", "voice"})
MEDIA_TYPES = {"image": "image/jpeg", "voice": "audio/amr"}
# A message still pending this long after it came was never handed to a worker (the
# enqueue was lost); one processing this long lost its worker. The retry job takes both.
PENDING_GRACE = dt.timedelta(minutes=1)
PROCESSING_STALE = dt.timedelta(minutes=10)
RETRY_BATCH = 100


def _follower(incoming: Incoming) -> WeChatFollower:
    follower, _created = WeChatFollower.objects.select_for_update().get_or_create(
        openid=incoming.openid
    )
    return follower


def _event_answer(follower: WeChatFollower, incoming: Incoming) -> str:
    if incoming.event in ("subscribe", "subscribe_scan"):
        follower.subscribed, follower.unsubscribed_at = True, None
        follower.save(update_fields=["subscribed", "unsubscribed_at"])
        return autoreply_for_subscribe()
    if incoming.event == "unsubscribe":
        follower.subscribed, follower.unsubscribed_at = False, timezone.now()
        follower.save(update_fields=["subscribed", "unsubscribed_at"])
        return ""
    if incoming.event == "click":
        return autoreply_for_click(key=incoming.event_key)
    if incoming.subscriptions:
        wechat_subscriptions_record(
            openid=incoming.openid, answers=incoming.subscriptions, at=incoming.sent_at
        )
    return ""


def _answer(follower: WeChatFollower, incoming: Incoming) -> tuple[str, bool]:
    """(the passive reply, whether the worker takes the message on)."""
    if incoming.msg_type == "event":
        return _event_answer(follower, incoming), False
    if incoming.msg_type == "text":
        if not incoming.content:
            return "", False
        command = follower_binding_command(follower=follower, text=incoming.content)
        if command is not None:
            return command, False
        keyword = autoreply_for_text(text=incoming.content)
        if keyword is not None:
            return keyword, False
    if incoming.msg_type in TAKEN_IN:
        return _("已收到，正在登记，稍后回复您受理编号。"), True
    return _("暂时只能接收文字、图片和语音消息。"), False


def wechat_push_receive(*, incoming: Incoming) -> str:
    """Store and answer one verified push (see the module docstring); returns the passive
    reply's text ("" for none). A push seen before returns "" and changes nothing."""
    if WeChatMessage.objects.filter(msg_key=incoming.msg_key).exists():
        return ""
    with translation.override(settings.LANGUAGE_CODE):
        try:
            with transaction.atomic():
                follower = _follower(incoming)
                answer, pending = _answer(follower, incoming)
                record = WeChatMessage.objects.create(
                    msg_key=incoming.msg_key,
                    openid=incoming.openid,
                    msg_type=incoming.msg_type,
                    event=incoming.event,
                    event_key=incoming.event_key[:200],
                    content=incoming.content,
                    media_id=incoming.media_id,
                    media_format=incoming.media_format,
                    recognition=incoming.recognition,
                    sent_at=incoming.sent_at,
                    encrypted=incoming.encrypted,
                    answer=answer,
                    status=WeChatMessageStatus.PENDING if pending else WeChatMessageStatus.ANSWERED,
                )
                if pending:
                    transaction.on_commit(lambda: _enqueue(record.pk))
        except IntegrityError:
            # The same push arrived twice at once (WeChat's retry): the other one took it.
            return ""
    return answer


def _enqueue(message_id: int) -> None:
    from eqiao.channels.tasks import wechat_message_process_task  # the tasks import us

    wechat_message_process_task.enqueue(message_id)


def _media(record: WeChatMessage) -> tuple[tuple[InboundAttachment, ...], str]:
    """The follower's image or voice, downloaded outside any transaction; on failure no
    file and the reason, kept on the record (the media id stays, for three days at WeChat)."""
    if not record.media_id:
        return (), ""
    provider = provider_get(MessageChannel.WECHAT)
    media_get = getattr(provider, "media_get", None)
    if media_get is None:
        return (), "provider cannot download media"
    try:
        media = media_get(media_id=record.media_id, max_bytes=settings.EQIAO_WECHAT_MEDIA_MAX_BYTES)
    except (TransientError, PermanentError) as exc:
        log.warning("wechat media %s not downloaded: %s", record.pk, exc)
        return (), str(exc)[:500]
    content_type = media.content_type
    if content_type in ("", "application/octet-stream"):
        content_type = MEDIA_TYPES.get(record.msg_type, content_type)
    ext = {"image/jpeg": ".jpg", "image/png": ".png", "audio/amr": ".amr"}.get(content_type, "")
    name = f"wechat-{record.msg_type}-{record.pk}{ext}"
    return (InboundAttachment(name=name, content_type=content_type, data=media.data),), ""


def _text(record: WeChatMessage, media_error: str) -> str:
    if record.msg_type == "text":
        return record.content
    if record.msg_type == "voice" and record.recognition:
        return record.recognition
    label = _("微信图片") if record.msg_type == "image" else _("微信语音")
    if media_error:
        return _("（%(label)s，未能下载，素材编号%(id)s）") % {
            "label": label,
            "id": record.media_id,
        }
    return _("（%(label)s，见附件）") % {"label": label}


def wechat_message_process(*, message_id: int) -> str:
    """Hand a pending message to the inbound dispatcher (run by the worker; safe to run
    twice: only a pending message is claimed). Call outside any transaction. Returns the
    message's status afterwards."""
    claimed = WeChatMessage.objects.filter(
        pk=message_id, status=WeChatMessageStatus.PENDING
    ).update(status=WeChatMessageStatus.PROCESSING)
    record = WeChatMessage.objects.filter(pk=message_id).first()
    if not claimed or record is None:
        return record.status if record else ""
    with translation.override(settings.LANGUAGE_CODE):
        attachments, media_error = _media(record)
        try:
            inbound = inbound_dispatch(
                channel=MessageChannel.WECHAT,
                provider=PROVIDER,
                provider_message_id=record.msg_key,
                sender=record.openid,
                text=_text(record, media_error),
                received_at=record.received_at,
                attachments=attachments,
            )
        except RateLimitedError as error:
            record.status, record.last_error = WeChatMessageStatus.FAILED, str(error.message)
            record.save(update_fields=["status", "last_error"])
            return record.status
    record.inbound = inbound
    record.status = WeChatMessageStatus.DONE
    record.last_error = media_error
    record.save(update_fields=["inbound", "status", "last_error"])
    return record.status


def wechat_messages_process_due(*, now: dt.datetime | None = None) -> int:
    """Process the messages the worker never took or dropped (scheduled every few
    minutes). Processing twice is safe: the dispatcher takes each message id once, and
    intake's answers carry idempotency keys. Returns how many were processed."""
    now = now or timezone.now()
    WeChatMessage.objects.filter(
        status=WeChatMessageStatus.PROCESSING, received_at__lt=now - PROCESSING_STALE
    ).update(status=WeChatMessageStatus.PENDING)
    due = list(
        WeChatMessage.objects.filter(
            status=WeChatMessageStatus.PENDING, received_at__lt=now - PENDING_GRACE
        )
        .order_by("received_at", "pk")
        .values_list("pk", flat=True)[:RETRY_BATCH]
    )
    for message_id in due:
        wechat_message_process(message_id=message_id)
    return len(due)
