"""Reads of the channels app that domain apps need."""

from __future__ import annotations

from eqiao.channels.models import WeChatFollower


def wechat_bound_phone(*, openid: str) -> str:
    """The phone a WeChat follower bound with an SMS code ("" if none)."""
    follower = (
        WeChatFollower.objects.filter(openid=openid, bound_at__isnull=False).only("phone").first()
    )
    return follower.phone if follower else ""


def wechat_bound_phones(phones: set[str]) -> set[str]:
    """Which of `phones` a subscribed WeChat follower is bound to (one query)."""
    return set(
        WeChatFollower.objects.filter(
            phone__in=phones, subscribed=True, bound_at__isnull=False
        ).values_list("phone", flat=True)
    )
