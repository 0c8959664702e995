"""The server callback's protocol: what WeChat's server sends to our URL, checked and
parsed into a plain record, and the passive reply we send back. No database here.

WeChat signs every request: ``signature = sha1(sorted(token, timestamp, nonce))`` in the
query string. In 安全模式 (encrypt_type=aes) the body is ``<xml><Encrypt>…</Encrypt></xml>``,
AES-256-CBC with the EncodingAESKey, signed again as ``msg_signature`` over the ciphertext
too, and the reply must be encrypted the same way. wechatpy does the crypto and the parsing.

Refused (`CallbackRefused`, nothing else happens): a body over the size limit (checked before
anything is parsed), a wrong signature, a timestamp outside the window (a replay of an old
request), a plaintext request when the account is configured for 安全模式, XML with a DOCTYPE
or entities (no entity expansion ever reaches the parser), and XML that does not parse or
lacks the fields every message has.
"""

from __future__ import annotations

import base64
import datetime as dt
import hmac
import re
from collections.abc import Mapping
from dataclasses import dataclass
from xml.parsers.expat import ExpatError

import xmltodict
from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidAppIdException, InvalidSignatureException
from wechatpy.replies import TextReply
from wechatpy.utils import WeChatSigner

MAX_BODY_BYTES = 64 * 1024  # a text message is at most ~2 KB; an encrypted one a third more
MAX_CONTENT_CHARS = 2000
_DOCTYPE_RE = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_FIELD_RE = re.compile(r"^[A-Za-z0-9_\-@.|:=]{1,128}$")


def aes_key_valid(key: str) -> bool:
    """An EncodingAESKey is 43 characters of base64 for 32 bytes."""
    try:
        return len(key) == 43 and len(base64.b64decode(key + "=", validate=True)) == 32
    except ValueError:
        return False


class CallbackRefused(Exception):
    """The request is not a genuine, fresh WeChat push; `status` is the HTTP answer."""

    def __init__(self, reason: str, *, status: int = 400):
        super().__init__(reason)
        self.reason = reason
        self.status = status


@dataclass(frozen=True)
class CallbackConfig:
    token: str
    aes_key: str  # EncodingAESKey (43 characters); empty: plaintext mode
    app_id: str
    max_age: dt.timedelta

    @property
    def encrypted(self) -> bool:
        return bool(self.aes_key)


@dataclass(frozen=True)
class Incoming:
    """One push, as our services see it."""

    msg_key: str  # MsgId, or openid + CreateTime for an event
    openid: str  # FromUserName: the follower
    account: str  # ToUserName: our account's original id
    msg_type: str  # text, image, voice, video, location, link, event
    sent_at: dt.datetime
    content: str = ""
    media_id: str = ""
    media_format: str = ""
    recognition: str = ""  # WeChat's speech recognition of a voice message
    event: str = ""  # subscribe, unsubscribe, click, view, scan …
    event_key: str = ""
    # A subscription-message event: (template id, "accept" / "reject") for each template.
    subscriptions: tuple[tuple[str, str], ...] = ()
    encrypted: bool = False


def _signature(*parts: str) -> str:
    signer = WeChatSigner()
    signer.add_data(*parts)
    return signer.signature


def _param(params: Mapping[str, str], name: str) -> str:
    value = params.get(name) or ""
    if not isinstance(value, str) or len(value) > 200:
        raise CallbackRefused(f"bad {name}")
    return value


def _check_time(params: Mapping[str, str], now: dt.datetime, max_age: dt.timedelta) -> None:
    try:
        sent = dt.datetime.fromtimestamp(int(_param(params, "timestamp")), tz=dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise CallbackRefused("bad timestamp") from None
    if abs(now - sent) > max_age:
        raise CallbackRefused("timestamp outside the window", status=403)


def _check_signature(config: CallbackConfig, params: Mapping[str, str]) -> None:
    expected = _signature(config.token, _param(params, "timestamp"), _param(params, "nonce"))
    if not config.token or not hmac.compare_digest(expected, _param(params, "signature")):
        raise CallbackRefused("bad signature", status=403)


def verify_url(config: CallbackConfig, params: Mapping[str, str], now: dt.datetime) -> str:
    """The GET with which WeChat checks the URL when the office saves its server settings:
    answer the echostr if the signature is ours."""
    _check_signature(config, params)
    _check_time(params, now, config.max_age)
    echo = _param(params, "echostr")
    if not echo:
        raise CallbackRefused("no echostr")
    return echo


def _xml(raw: bytes | str) -> dict:
    data = raw.encode() if isinstance(raw, str) else raw
    if _DOCTYPE_RE.search(data):
        raise CallbackRefused("DOCTYPE or ENTITY in the XML")
    try:
        parsed = xmltodict.parse(data, disable_entities=True)
    except (ExpatError, ValueError):
        raise CallbackRefused("malformed XML") from None
    root = parsed.get("xml") if isinstance(parsed, dict) else None
    if not isinstance(root, dict):
        raise CallbackRefused("no <xml> root")
    return root


def _text(root: dict, name: str, *, limit: int = 200) -> str:
    value = root.get(name)
    if value is None:
        return ""
    if not isinstance(value, str) or len(value) > limit:
        raise CallbackRefused(f"bad {name}")
    return value


def _decrypt(config: CallbackConfig, root: dict, params: Mapping[str, str]) -> dict:
    if _param(params, "encrypt_type").lower() != "aes" or "Encrypt" not in root:
        # Configured for 安全模式: a plaintext push is not from WeChat (or a downgrade).
        raise CallbackRefused("plaintext push to an account in 安全模式", status=403)
    try:
        crypto = WeChatCrypto(config.token, config.aes_key, config.app_id)
        inner = crypto.decrypt_message(
            {"Encrypt": _text(root, "Encrypt", limit=MAX_BODY_BYTES)},
            _param(params, "msg_signature"),
            _param(params, "timestamp"),
            _param(params, "nonce"),
        )
    except InvalidSignatureException:
        raise CallbackRefused("bad msg_signature", status=403) from None
    except InvalidAppIdException:
        raise CallbackRefused("message for another app id", status=403) from None
    except Exception:  # noqa: BLE001 - bad base64, padding or key (channels.E005 names a bad key)
        raise CallbackRefused("cannot decrypt") from None
    return _xml(inner)


SUBSCRIBE_EVENTS = {
    "subscribe_msg_popup_event": "SubscribeMsgPopupEvent",
    "subscribe_msg_change_event": "SubscribeMsgChangeEvent",
}
MAX_SUBSCRIPTIONS = 20


def _subscriptions(root: dict, event: str) -> tuple[tuple[str, str], ...]:
    """The answers in a subscription-message event: one <List> per template."""
    container = root.get(SUBSCRIBE_EVENTS.get(event, ""))
    if not isinstance(container, dict):
        return ()
    items = container.get("List")
    items = items if isinstance(items, list) else [items]
    answers = []
    for item in items[:MAX_SUBSCRIPTIONS]:
        if not isinstance(item, dict):
            raise CallbackRefused("bad subscription event")
        template_id = _text(item, "TemplateId", limit=128)
        answer = _text(item, "SubscribeStatusString", limit=20).lower()
        if not _FIELD_RE.match(template_id) or answer not in ("accept", "reject"):
            raise CallbackRefused("bad subscription event")
        answers.append((template_id, answer))
    return tuple(answers)


def _incoming(root: dict, *, encrypted: bool) -> Incoming:
    openid, account = _text(root, "FromUserName"), _text(root, "ToUserName")
    msg_type = _text(root, "MsgType").lower()
    created = _text(root, "CreateTime")
    if not (openid and account and msg_type and created.isdigit()):
        raise CallbackRefused("a field every message has is missing")
    if not _FIELD_RE.match(openid) or not _FIELD_RE.match(msg_type):
        raise CallbackRefused("bad FromUserName or MsgType")
    msg_id = _text(root, "MsgId")
    if msg_id and not msg_id.isdigit():
        raise CallbackRefused("bad MsgId")
    try:
        sent_at = dt.datetime.fromtimestamp(int(created), tz=dt.UTC)
    except (OverflowError, OSError, ValueError):
        raise CallbackRefused("bad CreateTime") from None
    event = _text(root, "Event", limit=40).lower()
    return Incoming(
        msg_key=f"msg:{msg_id}" if msg_id else f"evt:{openid}:{created}:{event}"[:100],
        openid=openid,
        account=account,
        msg_type=msg_type,
        sent_at=sent_at,
        content=_text(root, "Content", limit=MAX_CONTENT_CHARS * 4).strip(),
        media_id=_text(root, "MediaId"),
        media_format=_text(root, "Format", limit=20).lower(),
        recognition=_text(root, "Recognition", limit=MAX_CONTENT_CHARS).strip(),
        event=event,
        event_key=_text(root, "EventKey"),
        subscriptions=_subscriptions(root, event),
        encrypted=encrypted,
    )


def parse_push(
    config: CallbackConfig, params: Mapping[str, str], body: bytes, now: dt.datetime
) -> Incoming:
    """Check and parse a POSTed push (see the module docstring); CallbackRefused if it is
    not a genuine, fresh one. The caller has already refused a body over MAX_BODY_BYTES."""
    if len(body) > MAX_BODY_BYTES:
        raise CallbackRefused("body too large", status=413)
    _check_signature(config, params)
    _check_time(params, now, config.max_age)
    root = _xml(body)
    if config.encrypted:
        root = _decrypt(config, root, params)
    return _incoming(root, encrypted=config.encrypted)


def render_reply(
    config: CallbackConfig, incoming: Incoming, text: str, *, nonce: str, now: dt.datetime
) -> str:
    """The passive reply (被动回复) to `incoming`: a text message back to the follower,
    encrypted when the push was. An empty `text` answers "success" (nothing to say)."""
    if not text:
        return "success"
    reply = TextReply(
        source=incoming.account, target=incoming.openid, content=text, time=int(now.timestamp())
    ).render()
    if not incoming.encrypted:
        return reply
    crypto = WeChatCrypto(config.token, config.aes_key, config.app_id)
    return crypto.encrypt_message(reply, nonce, str(int(now.timestamp())))
