"""Comments on the office's Weibo posts and posts that @mention it, polled on a schedule
and handed to the inbound dispatcher as ``Inbound(channel="weibo")``.

Whoever registered an inbound handler for the ``weibo`` channel (public-opinion monitoring)
takes them; until someone does, each is stored as an unhandled inbound message, nothing is
lost. Where each list stopped (Weibo's ``since_id``) is kept in a `ChannelCursor` and moves
only past what was stored, so an interrupted run, a rate limit or Weibo being down loses
nothing and a repeated run stores nothing twice (the dispatcher keeps one record per id).
"""

from __future__ import annotations

import logging

from django.utils import timezone
from django.utils.translation import gettext_noop

from eqiao.channels.models import ChannelCursor, MessageChannel
from eqiao.channels.providers import PermanentError, TransientError
from eqiao.channels.providers.weibo import weibo_api, weibo_configured
from eqiao.channels.providers.weibo.client import WeiboApi, WeiboItem
from eqiao.channels.services.inbound import OPTIN_TEMPLATE, OPTOUT_TEMPLATE, inbound_dispatch
from eqiao.channels.services.templates import message_template_register
from eqiao.core.errors import RateLimitedError

log = logging.getLogger(__name__)
PROVIDER = "weibo"
PAGE = 100


def weibo_templates_register() -> None:
    """The dispatcher confirms a 退订 / 订阅 on the sender's channel; on Weibo there is no
    private answer (`weibo_off` records it as not sent), but the record must exist."""
    for name in (OPTOUT_TEMPLATE, OPTIN_TEMPLATE):
        message_template_register(
            channel=MessageChannel.WEIBO, name=name, text=gettext_noop("已登记。"), requested=True
        )


def _cursor(name: str) -> ChannelCursor:
    cursor, _created = ChannelCursor.objects.get_or_create(name=name)
    return cursor


def _since(cursor: ChannelCursor) -> int:
    try:
        return int(cursor.value or 0)
    except ValueError:
        return 0


def _dispatch(item: WeiboItem) -> None:
    inbound_dispatch(
        channel=MessageChannel.WEIBO,
        provider=PROVIDER,
        provider_message_id=f"{item.kind}:{item.id}",
        sender=item.user_id or item.user_name,
        text=item.text,
        received_at=item.created_at,
    )


def weibo_inbound_poll(*, api: WeiboApi | None = None) -> int:
    """Fetch the new comments and mentions and dispatch each once (see the module
    docstring); returns how many were stored. Call outside any transaction. Does nothing
    while no Weibo access token is configured."""
    if api is None:
        if not weibo_configured():
            return 0
        api = weibo_api()
    stored = 0
    for name, fetch in (
        ("weibo.comments_to_me", api.comments_to_me),
        ("weibo.mentions", api.mentions),
    ):
        cursor = _cursor(name)
        since = _since(cursor)
        try:
            items = fetch(since_id=since, count=PAGE)
        except (TransientError, PermanentError) as exc:
            log.warning("weibo %s not polled: %s", name, exc)
            continue
        for item in items:
            try:
                _dispatch(item)
            except RateLimitedError:
                log.info("weibo sender over the hourly limit: %s waits for the next run", name)
                break
            since, stored = item.id, stored + 1
            ChannelCursor.objects.filter(pk=cursor.pk).update(
                value=str(since), updated_at=timezone.now()
            )
    return stored
