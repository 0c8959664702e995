"""Weibo comments and mentions, dispatched by the Weibo channel, become monitored posts of
the `weibo` source (created on first use). Registered from `OpinionConfig.ready()`."""

from __future__ import annotations

from eqiao.channels.services.inbound import HandlerResult, Inbound, inbound_handler_register

WEIBO = "weibo"


def claims(message: Inbound) -> bool:
    return message.channel == WEIBO and bool(message.text.strip())


def handle(message: Inbound) -> HandlerResult:
    from eqiao.opinion.models import SourceKind
    from eqiao.opinion.services.ingest import PostInput, posts_ingest, source_get_or_create

    source = source_get_or_create(code=WEIBO, kind=SourceKind.WEIBO, name="微博")
    posts_ingest(
        source=source,
        posts=[
            PostInput(
                source_post_id=message.provider_message_id,
                text=message.text[:5000],
                author=message.sender[:100],
                posted_at=message.received_at,
                platform="weibo",
            )
        ],
    )
    return HandlerResult(outcome="opinion_post", ref=message.provider_message_id)


def inbound_handlers_register() -> None:
    inbound_handler_register(
        name="opinion.weibo", claims=claims, handle=handle, channels=(WEIBO,), priority=500
    )
