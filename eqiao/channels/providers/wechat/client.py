"""The WeChat official account's server API (https://api.weixin.qq.com/cgi-bin/…), the
calls EQiao makes: customer-service and template messages, the custom menu, media download,
and for the publishing desk permanent material, drafts and free publishing.

Every call carries the account's access token, kept by a `TokenStore` that all processes
share (`token.DbTokenStore`); an `invalid credential` answer (40001, 40014, 42001: another
process fetched a new token, or it expired early) makes one refresh and one retry. WeChat
answers HTTP 200 with ``{"errcode": …, "errmsg": …}``; the codes are mapped here to
`TransientError` (busy, rate-limited, unreachable: retry later) or `PermanentError`, and
WeChat's JSON never leaves this module. Explicit timeouts; one pooled session per process.
"""

from __future__ import annotations

import json as jsonlib
import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import httpx

from eqiao.channels.providers import PermanentError, TransientError

log = logging.getLogger(__name__)

TIMEOUT = httpx.Timeout(10.0, connect=3.0)
DEFAULT_API_BASE = "https://api.weixin.qq.com"
# The token expired, or another fetch replaced it: refresh once and retry.
INVALID_CREDENTIAL = frozenset({40001, 40014, 42001})
# Busy, or over a rate limit: the same call may succeed later.
TRANSIENT_CODES = frozenset({-1, 45009, 45011, 45047})
MEDIA_MAX_BYTES = 5 * 1024 * 1024

_clients: dict[str, httpx.Client] = {}
_clients_lock = threading.Lock()


def _http(timeout: httpx.Timeout) -> httpx.Client:
    key = repr(timeout)
    with _clients_lock:
        client = _clients.get(key)
        if client is None:
            client = _clients[key] = httpx.Client(timeout=timeout, follow_redirects=False)
        return client


class WeChatApiError(PermanentError):
    """WeChat refused the call; `code` is its errcode."""

    def __init__(self, code: int, text: str):
        super().__init__(text)
        self.code = code


class WeChatTransientError(TransientError):
    def __init__(self, text: str, code: int = 0):
        super().__init__(text)
        self.code = code


class TokenStore(Protocol):
    """Where the access token lives between calls and processes."""

    def get(self, *, app_id: str, fetch: Callable[[], tuple[str, int]], stale: str = "") -> str:
        """A valid token; `fetch` (returning token and lifetime in seconds) is called when
        there is none, it is about to expire, or it is `stale` (WeChat refused it)."""
        ...


class MemoryTokenStore:
    """For one-off scripts and tests of the client alone; a web site uses DbTokenStore."""

    def __init__(self) -> None:
        self.token = ""

    def get(self, *, app_id: str, fetch: Callable[[], tuple[str, int]], stale: str = "") -> str:
        if not self.token or self.token == stale:
            self.token = fetch()[0]
        return self.token


@dataclass(frozen=True)
class Media:
    data: bytes
    content_type: str
    name: str


def _code(body: Mapping[str, Any]) -> int:
    try:
        return int(body.get("errcode") or 0)
    except (TypeError, ValueError):
        return -1


def _safe_text(value: object) -> str:
    text = str(value or "")[:120]
    return "".join(ch for ch in text if ch.isprintable())


class WeChatApi:
    """One official account's API. `api_base` points to the loopback fake in tests and
    development (EQIAO_WECHAT_API_BASE)."""

    def __init__(
        self,
        *,
        app_id: str,
        app_secret: str,
        token_store: TokenStore,
        api_base: str = DEFAULT_API_BASE,
        timeout: httpx.Timeout = TIMEOUT,
    ):
        self.app_id = app_id
        self.app_secret = app_secret
        self.tokens = token_store
        self.api_base = api_base.rstrip("/")
        self.timeout = timeout

    # --- transport ---------------------------------------------------------------------

    def _request(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        if not self.app_id or not self.app_secret:
            raise WeChatTransientError("EQIAO_WECHAT_APP_ID / EQIAO_WECHAT_APP_SECRET not set")
        try:
            response = _http(self.timeout).request(method, f"{self.api_base}{path}", **kwargs)
        except httpx.TimeoutException as exc:
            raise WeChatTransientError(f"wechat api timed out ({type(exc).__name__})") from None
        except httpx.HTTPError as exc:
            raise WeChatTransientError(f"wechat api unreachable ({type(exc).__name__})") from None
        if response.status_code >= 500 or response.status_code == 429:
            raise WeChatTransientError(f"wechat api HTTP {response.status_code}")
        if response.status_code >= 400:
            raise WeChatApiError(response.status_code, f"wechat api HTTP {response.status_code}")
        return response

    @staticmethod
    def _json(response: httpx.Response) -> dict[str, Any]:
        try:
            body = response.json()
        except ValueError:
            raise WeChatTransientError("wechat api answered something that is not JSON") from None
        if not isinstance(body, dict):
            raise WeChatTransientError("wechat api answered something that is not an object")
        return body

    def fetch_token(self) -> tuple[str, int]:
        """A new access token from WeChat (only the token store calls this)."""
        response = self._request(
            "GET",
            "/cgi-bin/token",
            params={
                "grant_type": "client_credential",
                "appid": self.app_id,
                "secret": self.app_secret,
            },
        )
        body = self._json(response)
        token = body.get("access_token")
        if not isinstance(token, str) or not token:
            code = _code(body)
            log.error("wechat refused our app id / secret (errcode %s)", code)
            # Wrong secret or this server's IP not in the allow-list: the operator's to
            # fix, and what is queued meanwhile must not be thrown away.
            raise WeChatTransientError(f"wechat token refused (errcode {code})", code=code)
        try:
            expires_in = int(body.get("expires_in") or 7200)
        except (TypeError, ValueError):
            expires_in = 7200
        return token, expires_in

    def _token(self, stale: str = "") -> str:
        return self.tokens.get(app_id=self.app_id, fetch=self.fetch_token, stale=stale)

    def call(
        self,
        method: str,
        path: str,
        *,
        json: Mapping[str, Any] | None = None,
        params: Mapping[str, str] | None = None,
        files: Mapping[str, Any] | None = None,
        raw: bool = False,
    ) -> Any:
        """One API call with the access token; refreshed and retried once on an invalid
        credential. Returns the JSON answer, or the response itself when `raw` (media
        downloads) and the answer is not a JSON error."""
        token = self._token()
        for attempt in (1, 2):
            query = {**(params or {}), "access_token": token}
            kwargs: dict[str, Any] = {"params": query}
            if json is not None:
                # UTF-8 characters, not \\u escapes: WeChat's length limits count bytes.
                kwargs["content"] = jsonlib.dumps(json, ensure_ascii=False).encode()
                kwargs["headers"] = {"Content-Type": "application/json; charset=utf-8"}
            if files is not None:
                kwargs["files"] = files
            response = self._request(method, path, **kwargs)
            if raw and not response.headers.get("content-type", "").startswith(
                ("application/json", "text/plain")
            ):
                return response
            body = self._json(response)
            code = _code(body)
            if code in INVALID_CREDENTIAL and attempt == 1:
                log.info("wechat token refused (errcode %s): refreshing once", code)
                token = self._token(stale=token)
                continue
            if code in TRANSIENT_CODES:
                raise WeChatTransientError(f"wechat api busy (errcode {code})", code=code)
            if code:
                raise WeChatApiError(
                    code, f"wechat api errcode {code}: {_safe_text(body.get('errmsg'))}"
                )
            return response if raw else body
        raise WeChatTransientError("wechat token refused twice")  # pragma: no cover

    # --- messages ----------------------------------------------------------------------

    def custom_send_text(self, *, openid: str, content: str) -> None:
        """A customer-service text message (客服消息): allowed within 48 hours of the
        follower's last message or click (errcode 45015 after that)."""
        self.call(
            "POST",
            "/cgi-bin/message/custom/send",
            json={"touser": openid, "msgtype": "text", "text": {"content": content}},
        )

    def template_send(
        self, *, openid: str, template_id: str, data: Mapping[str, str], url: str = ""
    ) -> str:
        """A template message (模板消息); returns WeChat's msgid."""
        payload: dict[str, Any] = {
            "touser": openid,
            "template_id": template_id,
            "data": {name: {"value": value} for name, value in data.items()},
        }
        if url:
            payload["url"] = url
        body = self.call("POST", "/cgi-bin/message/template/send", json=payload)
        return str(body.get("msgid") or "")

    def subscribe_bizsend(
        self, *, openid: str, template_id: str, data: Mapping[str, str], page: str = ""
    ) -> None:
        """A subscription message (订阅通知) to a follower who accepted `template_id`;
        errcode 43101 when they did not (or no longer do)."""
        payload: dict[str, Any] = {
            "touser": openid,
            "template_id": template_id,
            "data": {name: {"value": value} for name, value in data.items()},
        }
        if page:
            payload["page"] = page
        self.call("POST", "/cgi-bin/message/subscribe/bizsend", json=payload)

    # --- menu and media ----------------------------------------------------------------

    def menu_create(self, *, buttons: list[dict[str, Any]]) -> None:
        self.call("POST", "/cgi-bin/menu/create", json={"button": buttons})

    def media_get(self, *, media_id: str, max_bytes: int = MEDIA_MAX_BYTES) -> Media:
        """A follower's image or voice (temporary media, kept by WeChat for three days).
        PermanentError when WeChat no longer has it or it is larger than `max_bytes`."""
        response = self.call("GET", "/cgi-bin/media/get", params={"media_id": media_id}, raw=True)
        data = response.content
        if len(data) > max_bytes:
            raise WeChatApiError(0, f"media larger than {max_bytes} bytes")
        content_type = response.headers.get("content-type", "application/octet-stream")
        disposition = response.headers.get("content-disposition", "")
        name = disposition.split("filename=")[-1].strip('"; ') if "filename=" in disposition else ""
        return Media(data=data, content_type=content_type.split(";")[0], name=name or media_id)

    # --- publishing (for the publishing desk) ------------------------------------------

    def material_add_image(self, *, name: str, data: bytes, content_type: str) -> tuple[str, str]:
        """Upload an image as permanent material (an article's cover); (media_id, url)."""
        body = self.call(
            "POST",
            "/cgi-bin/material/add_material",
            params={"type": "image"},
            files={"media": (name, data, content_type)},
        )
        return str(body.get("media_id") or ""), str(body.get("url") or "")

    def media_uploadimg(self, *, name: str, data: bytes, content_type: str) -> str:
        """Upload an image for an article's body (图文消息内的图片); its URL on WeChat's
        servers (an article may not show images from anywhere else)."""
        body = self.call(
            "POST", "/cgi-bin/media/uploadimg", files={"media": (name, data, content_type)}
        )
        return str(body.get("url") or "")

    def draft_add(self, *, articles: list[dict[str, Any]]) -> str:
        """Store articles as a draft (each needs title, content and thumb_media_id, a
        permanent image); returns the draft's media_id."""
        body = self.call("POST", "/cgi-bin/draft/add", json={"articles": articles})
        return str(body.get("media_id") or "")

    def freepublish_submit(self, *, media_id: str) -> str:
        """Publish a draft; returns the publish_id whose status `freepublish_get` polls."""
        body = self.call("POST", "/cgi-bin/freepublish/submit", json={"media_id": media_id})
        return str(body.get("publish_id") or "")

    def freepublish_get(self, *, publish_id: str) -> dict[str, Any]:
        """{"status": 0 published / 1 publishing / 2+ failed, "article_id": …, "urls": [...]}."""
        body = self.call("POST", "/cgi-bin/freepublish/get", json={"publish_id": publish_id})
        detail = body.get("article_detail") or {}
        items = detail.get("item") if isinstance(detail, dict) else None
        urls = [str(i.get("article_url", "")) for i in items or [] if isinstance(i, dict)]
        return {
            "status": int(body.get("publish_status", -1)),
            "article_id": str(body.get("article_id") or ""),
            "urls": urls,
        }

    def freepublish_delete(self, *, article_id: str) -> None:
        """Withdraw a published article."""
        self.call("POST", "/cgi-bin/freepublish/delete", json={"article_id": article_id})
