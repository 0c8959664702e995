"""Reads of the channels app that domain apps need."""

from __future__ import annotations

from eqiao.channels.models import WeChatFollower


def wechat_bound_phone(*, openid: str) -> str:
    """The phone a WeChat follower bound with an SMS code ("" if none)."""
    follower = (
        WeChatFollower.objects.filter(openid=openid, bound_at__isnull=False).only("phone").first()
    )
    return follower.phone if follower else ""
