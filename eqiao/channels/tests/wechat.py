"""Test helpers for the WeChat official account: a stand-in for WeChat's server that
builds real signed (and in 安全模式 encrypted) pushes with wechatpy's own crypto and posts
them to our callback, and fixtures for the loopback fake of WeChat's API.

Import the fixtures into a test module: ``from eqiao.channels.tests.wechat import
wechat_account, wechat_api_fake  # noqa: F401``.
"""

from __future__ import annotations

import base64
import secrets
import time
from dataclasses import dataclass
from typing import Any

import pytest
import xmltodict
from wechatpy.crypto import WeChatCrypto
from wechatpy.utils import WeChatSigner

from eqiao.channels.providers import wechat as wechat_provider
from eqiao.channels.providers.wechat.fake_server import FakeWeChatApi

TOKEN = "eqiao-test-token"
AES_KEY = base64.b64encode(bytes(range(32))).decode().rstrip("=")  # 43 characters
APP_ID = "wxfake0000000001"
ACCOUNT = "gh_0123456789ab"
URL = "/api/wechat/callback"


def sign(*parts: str) -> str:
    signer = WeChatSigner()
    signer.add_data(*parts)
    return signer.signature


def text_xml(openid: str, content: str, msg_id: int | str, *, created: int | None = None) -> str:
    created = created or int(time.time())
    return (
        f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>"
        f"<FromUserName><![CDATA[{openid}]]></FromUserName>"
        f"<CreateTime>{created}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
        f"<Content><![CDATA[{content}]]></Content><MsgId>{msg_id}</MsgId></xml>"
    )


def media_xml(openid: str, kind: str, media_id: str, msg_id: int, *, recognition: str = "") -> str:
    extra = f"<Format><![CDATA[amr]]></Format><Recognition><![CDATA[{recognition}]]></Recognition>"
    return (
        f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>"
        f"<FromUserName><![CDATA[{openid}]]></FromUserName>"
        f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[{kind}]]></MsgType>"
        f"<MediaId><![CDATA[{media_id}]]></MediaId>{extra if kind == 'voice' else ''}"
        f"<MsgId>{msg_id}</MsgId></xml>"
    )


def event_xml(openid: str, event: str, key: str = "", *, created: int | None = None) -> str:
    return (
        f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName>"
        f"<FromUserName><![CDATA[{openid}]]></FromUserName>"
        f"<CreateTime>{created or int(time.time())}</CreateTime>"
        f"<MsgType><![CDATA[event]]></MsgType><Event><![CDATA[{event}]]></Event>"
        f"<EventKey><![CDATA[{key}]]></EventKey></xml>"
    )


@dataclass
class WeChatServer:
    """Posts pushes to our callback as WeChat's server does."""

    client: Any  # django.test.Client
    encrypted: bool
    token: str = TOKEN
    aes_key: str = AES_KEY
    app_id: str = APP_ID

    def query(self, *, timestamp: int, nonce: str, body_for_msg_signature: str = "") -> dict:
        params = {
            "signature": sign(self.token, str(timestamp), nonce),
            "timestamp": str(timestamp),
            "nonce": nonce,
            "openid": "o-any",
        }
        if self.encrypted:
            params["encrypt_type"] = "aes"
            params["msg_signature"] = sign(
                self.token, str(timestamp), nonce, body_for_msg_signature
            )
        return params

    def body(self, xml: str, *, timestamp: int, nonce: str) -> tuple[str, str]:
        """(the body to post, the Encrypt value the msg_signature covers)."""
        if not self.encrypted:
            return xml, ""
        crypto = WeChatCrypto(self.token, self.aes_key, self.app_id)
        wrapped = crypto.encrypt_message(xml, nonce, str(timestamp))
        encrypt = xmltodict.parse(wrapped)["xml"]["Encrypt"]
        return (
            f"<xml><ToUserName><![CDATA[{ACCOUNT}]]></ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>",
            encrypt,
        )

    def push(self, xml: str, *, age: int = 0, tamper: str = "", raw: bytes | None = None):
        """POST `xml` signed now (or `age` seconds ago). `tamper`: "signature" or
        "msg_signature" spoils that one after signing."""
        timestamp, nonce = int(time.time()) - age, secrets.token_hex(5)
        body, encrypt = self.body(xml, timestamp=timestamp, nonce=nonce)
        params = self.query(timestamp=timestamp, nonce=nonce, body_for_msg_signature=encrypt)
        if tamper:
            params[tamper] = "0" * 40
        query = "&".join(f"{k}={v}" for k, v in params.items())
        return self.client.post(
            f"{URL}?{query}",
            data=raw if raw is not None else body.encode(),
            content_type="text/xml",
        )

    def reply(self, response) -> str:
        """The text of our passive reply ("" for "success")."""
        assert response.status_code == 200, response.content
        content = response.content.decode()
        if content == "success":
            return ""
        root = xmltodict.parse(content)["xml"]
        if self.encrypted:
            crypto = WeChatCrypto(self.token, self.aes_key, self.app_id)
            inner = crypto.decrypt_message(
                root, root["MsgSignature"], root["TimeStamp"], root["Nonce"]
            )
            root = xmltodict.parse(inner)["xml"]
        return root["Content"]


@pytest.fixture
def wechat_account(settings):
    """The callback configured for 安全模式 with the test Token and EncodingAESKey."""
    settings.EQIAO_WECHAT_TOKEN = TOKEN
    settings.EQIAO_WECHAT_AES_KEY = AES_KEY
    settings.EQIAO_WECHAT_APP_ID = APP_ID
    return settings


@pytest.fixture
def wechat_outbox():
    wechat_provider.outbox.clear()
    wechat_provider.media.clear()
    yield wechat_provider.outbox
    wechat_provider.outbox.clear()
    wechat_provider.media.clear()


@pytest.fixture
def wechat_api_fake(settings):
    """The real provider (`wechat_api`) talking to the loopback fake of WeChat's API."""
    with FakeWeChatApi(app_id=APP_ID) as fake:
        settings.EQIAO_WECHAT_PROVIDER = "wechat_api"
        settings.EQIAO_WECHAT_API_BASE = fake.url
        settings.EQIAO_WECHAT_APP_ID = fake.app_id
        settings.EQIAO_WECHAT_APP_SECRET = fake.app_secret
        yield fake
