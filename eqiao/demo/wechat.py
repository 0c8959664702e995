"""The demo's WeChat official account: the people whose petitions came by WeChat follow the
account and bound their phone (so staff replies reach them there), and each such petition
has the push that brought it."""

from __future__ import annotations

import datetime as dt

from eqiao.channels.models import WeChatFollower, WeChatMessage, WeChatMessageStatus
from eqiao.intake.models import Channel, Petition

ACK = "已收到，正在登记，稍后回复您受理编号。"


def wechat_demo_create() -> int:
    """Followers and pushes for the demo's WeChat petitions; returns how many followers.
    Deterministic: openids follow the petitions' order."""
    petitions = (
        Petition.objects.filter(channel=Channel.WECHAT)
        .exclude(phone="")
        .order_by("submitted_at", "pk")
    )
    followers: dict[str, WeChatFollower] = {}
    messages = []
    for petition in petitions:
        follower = followers.get(petition.phone)
        if follower is None:
            follower = followers[petition.phone] = WeChatFollower(
                openid=f"oDemo{len(followers):023d}",
                first_seen_at=petition.submitted_at - dt.timedelta(days=1),
                phone=petition.phone,
                bound_at=petition.submitted_at - dt.timedelta(hours=1),
            )
        messages.append(
            WeChatMessage(
                msg_key=f"demo:{petition.pk}",
                openid=follower.openid,
                msg_type="text",
                content=petition.content[:2000],
                sent_at=petition.submitted_at,
                received_at=petition.submitted_at,
                encrypted=True,
                status=WeChatMessageStatus.DONE,
                answer=ACK,
            )
        )
    WeChatFollower.objects.bulk_create(followers.values())
    WeChatMessage.objects.bulk_create(messages)
    return len(followers)
