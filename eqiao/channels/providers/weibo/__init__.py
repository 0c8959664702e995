"""Weibo (新浪微博) as a channel provider.

The office's account posts the short version of published articles (with one image) and
deletes them on withdrawal (the publishing desk's Weibo outlet), and the comments on its
posts and the posts that @mention it are polled on a schedule and handed to the inbound
dispatcher (`channels.services.weibo`). The API is in ``client.py``, the length rule in
``length.py``, a loopback fake of Weibo's API in ``fake_server.py``.

Weibo has no private answer to a comment that EQiao sends: a message queued for the
``weibo`` channel (the dispatcher's opt-out confirmation to a commenter) is recorded as
failed with the reason by ``weibo_off``, the only outbound provider.
"""

from __future__ import annotations

from django.conf import settings

from eqiao.channels.providers import Outgoing, PermanentError, Provider, SendResult
from eqiao.channels.providers.weibo.client import WeiboApi


def weibo_configured() -> bool:
    """Whether an access token is set (the outlet and the polling are on)."""
    return bool(settings.EQIAO_WEIBO_ACCESS_TOKEN)


def weibo_api() -> WeiboApi:
    """The configured account's API client."""
    return WeiboApi(
        access_token=settings.EQIAO_WEIBO_ACCESS_TOKEN, api_base=settings.EQIAO_WEIBO_API_BASE
    )


class OffWeiboProvider(Provider):
    """Messages to a Weibo user are not sent (there is no private channel for them)."""

    slug = "weibo_off"
    channel = "weibo"

    def send(self, message: Outgoing) -> SendResult:
        raise PermanentError("EQiao sends no direct messages on Weibo")
