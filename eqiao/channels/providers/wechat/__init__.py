"""The WeChat official account (微信公众号) as a channel provider.

Outbound, a message to a follower (recipient: their openid) goes as a template message
(模板消息) when EQIAO_WECHAT_TEMPLATE_IDS gives our template a WeChat template id, and
otherwise as a customer-service text message (客服消息, allowed within 48 hours of the
follower's last message: the answers to what they sent). The account's API is in
``client.py``, its shared access token in ``token.py``, the server callback's protocol in
``callback.py`` and a loopback fake of WeChat's API in ``fake_server.py``.

Providers: ``wechat_api`` (the real one; EQIAO_WECHAT_API_BASE points it at the fake in
development and tests), ``wechat_locmem`` (tests: `outbox`), ``wechat_off`` (an office
without an account: every message is refused, permanently, with the reason).
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.conf import settings

from eqiao.channels.providers import Outgoing, PermanentError, Provider, SendResult
from eqiao.channels.providers.wechat.client import Media, WeChatApi, WeChatApiError

# Our WeChat templates for a subscription message (订阅通知): its params carry WeChat's
# template id, the filled fields (JSON) and the page (services.wechat.subscribe).
SUBSCRIBE_TEMPLATE = "channels.wechat_subscribe"
SUBSCRIBE_NEWS_TEMPLATE = "channels.wechat_subscribe_news"


def wechat_api() -> WeChatApi:
    """The configured account's API client, with the shared token."""
    # Imported here: the token store needs the app registry, and the fake server and the
    # simulator in this package run as plain scripts without Django.
    from eqiao.channels.providers.wechat.token import DbTokenStore

    return WeChatApi(
        app_id=settings.EQIAO_WECHAT_APP_ID,
        app_secret=settings.EQIAO_WECHAT_APP_SECRET,
        api_base=settings.EQIAO_WECHAT_API_BASE,
        token_store=DbTokenStore(),
    )


class WeChatApiProvider(Provider):
    slug = "wechat_api"
    channel = "wechat"
    required_settings = (
        "EQIAO_WECHAT_APP_ID",
        "EQIAO_WECHAT_APP_SECRET",
        "EQIAO_WECHAT_TOKEN",
    )

    def __init__(self, *, api: WeChatApi | None = None):
        self.api = api or wechat_api()
        self.template_ids = dict(settings.EQIAO_WECHAT_TEMPLATE_IDS)

    def template_code(self, name: str) -> str:
        return self.template_ids.get(name, "") if name else ""

    def send(self, message: Outgoing) -> SendResult:
        if message.template in (SUBSCRIBE_TEMPLATE, SUBSCRIBE_NEWS_TEMPLATE):
            try:
                data = json.loads(message.params.get("data") or "{}")
            except ValueError:
                raise PermanentError("subscription message without its fields") from None
            self.api.subscribe_bizsend(
                openid=message.recipient,
                template_id=message.params.get("template_id", ""),
                data={str(k): str(v) for k, v in dict(data).items()},
                page=message.params.get("page", ""),
            )
            return SendResult(provider_id="")
        if template_id := self.template_code(message.template):
            data = {**message.params, "content": message.text}
            msgid = self.api.template_send(
                openid=message.recipient, template_id=template_id, data=data
            )
            return SendResult(provider_id=msgid)
        self.api.custom_send_text(openid=message.recipient, content=message.text)
        return SendResult(provider_id="")

    def media_get(self, *, media_id: str, max_bytes: int) -> Media:
        """A follower's image or voice; PermanentError when gone or too large."""
        return self.api.media_get(media_id=media_id, max_bytes=max_bytes)


@dataclass(frozen=True)
class SentWeChat:
    openid: str
    text: str
    provider_id: str
    template: str = ""
    params: Mapping[str, str] = field(default_factory=dict)


outbox: list[SentWeChat] = []
media: dict[str, Media] = {}  # what `media_get` finds, by media id (tests fill it)
_ids = itertools.count(1)


class LocmemWeChatProvider(Provider):
    """Tests: what would have gone to WeChat lands in `outbox`."""

    slug = "wechat_locmem"
    channel = "wechat"
    fake = True

    def send(self, message: Outgoing) -> SendResult:
        provider_id = f"locmem-wechat-{next(_ids)}"
        outbox.append(
            SentWeChat(
                openid=message.recipient,
                text=message.text,
                provider_id=provider_id,
                template=message.template,
                params=dict(message.params),
            )
        )
        return SendResult(provider_id=provider_id)

    def media_get(self, *, media_id: str, max_bytes: int) -> Media:
        found = media.get(media_id)
        if found is None:
            raise WeChatApiError(40007, "invalid media_id")
        if len(found.data) > max_bytes:
            raise WeChatApiError(0, f"media larger than {max_bytes} bytes")
        return found


class OffWeChatProvider(Provider):
    """No official account: a message queued for WeChat is recorded as failed, with why."""

    slug = "wechat_off"
    channel = "wechat"

    def send(self, message: Outgoing) -> SendResult:
        raise PermanentError("no WeChat official account is configured (EQIAO_WECHAT_PROVIDER)")
