"""Weibo's open API (https://api.weibo.com/2/…), the calls EQiao makes: post with one image
(`statuses/share`: the text must carry a link from the app's safe domain), delete a post,
read the comments on our posts (`comments/to_me`) and the posts that mention us
(`statuses/mentions`).

Every call carries the OAuth2 access token an administrator obtained (docs/weibo.md).
Weibo answers errors with HTTP 4xx/5xx and ``{"error": …, "error_code": …}``; the codes are
mapped here to `TransientError` (busy, rate-limited, unreachable, the token expired and not
yet renewed: retry later) or `PermanentError`, and Weibo's JSON never leaves this module.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import threading
from dataclasses import dataclass
from typing import Any

import httpx

from eqiao.channels.providers import PermanentError, TransientError

TIMEOUT = httpx.Timeout(15.0, connect=3.0)
MAX_PAGES = 10
DEFAULT_API_BASE = "https://api.weibo.com"
# System busy, rate limits (IP, user, user per API), posting too fast.
TRANSIENT_CODES = frozenset({10001, 10009, 10022, 10023, 10024, 20016})
# The token expired, was revoked or is wrong: nothing goes out until an administrator
# renews it, and what is waiting must not be thrown away meanwhile.
TOKEN_CODES = frozenset({21314, 21315, 21316, 21317, 21319, 21327, 21332})

_clients: dict[str, httpx.Client] = {}
_clients_lock = threading.Lock()


def _http(timeout: httpx.Timeout) -> httpx.Client:
    key = repr(timeout)
    with _clients_lock:
        client = _clients.get(key)
        if client is None:
            client = _clients[key] = httpx.Client(timeout=timeout, follow_redirects=False)
        return client


class WeiboApiError(PermanentError):
    """Weibo refused the call; `code` is its error_code."""

    def __init__(self, code: int, text: str):
        super().__init__(text)
        self.code = code


class WeiboTransientError(TransientError):
    def __init__(self, text: str, code: int = 0):
        super().__init__(text)
        self.code = code


@dataclass(frozen=True)
class WeiboPost:
    id: str
    link: str


@dataclass(frozen=True)
class WeiboItem:
    """A comment on one of our posts, or a post that mentions us."""

    id: int
    kind: str  # "comment" or "mention"
    user_id: str
    user_name: str
    text: str
    created_at: dt.datetime | None
    post_id: str  # the post commented on (for a mention: the mentioning post itself)


def _safe_text(value: object) -> str:
    return "".join(ch for ch in str(value or "")[:120] if ch.isprintable())


def _dict(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _created(value: object) -> dt.datetime | None:
    """Weibo's dates look like "Mon Dec 07 13:05:00 +0800 2026"."""
    try:
        return dt.datetime.strptime(str(value), "%a %b %d %H:%M:%S %z %Y")
    except ValueError:
        try:
            return email.utils.parsedate_to_datetime(str(value))
        except (TypeError, ValueError):
            return None


class WeiboApi:
    """One Weibo account's API with its access token; `api_base` points to the loopback
    fake in tests and development (EQIAO_WEIBO_API_BASE)."""

    def __init__(
        self, *, access_token: str, api_base: str = DEFAULT_API_BASE, timeout=TIMEOUT
    ) -> None:
        self.access_token = access_token
        self.api_base = api_base.rstrip("/")
        self.timeout = timeout

    def call(self, method: str, path: str, *, data=None, params=None, files=None) -> Any:
        if not self.access_token:
            raise WeiboTransientError("EQIAO_WEIBO_ACCESS_TOKEN not set")
        if method == "GET":
            kwargs: dict[str, Any] = {
                "params": {**(params or {}), "access_token": self.access_token}
            }
        else:
            kwargs = {"data": {**(data or {}), "access_token": self.access_token}}
            if files:
                kwargs["files"] = files
        try:
            response = _http(self.timeout).request(method, f"{self.api_base}{path}", **kwargs)
        except httpx.TimeoutException as exc:
            raise WeiboTransientError(f"weibo api timed out ({type(exc).__name__})") from None
        except httpx.HTTPError as exc:
            raise WeiboTransientError(f"weibo api unreachable ({type(exc).__name__})") from None
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            if response.status_code >= 500 or response.status_code == 429:
                raise WeiboTransientError(f"weibo api HTTP {response.status_code}")
            raise WeiboTransientError("weibo api answered something that is not a JSON object")
        code = body.get("error_code")
        if code is None and response.status_code < 400:
            return body
        try:
            code = int(code or 0)
        except (TypeError, ValueError):
            code = 0
        text = f"weibo api error {code}: {_safe_text(body.get('error'))}"
        if code in TRANSIENT_CODES or code in TOKEN_CODES or response.status_code >= 500:
            raise WeiboTransientError(text, code=code)
        raise WeiboApiError(code, text)

    def token_info(self) -> int:
        """Seconds the access token has left (`oauth2/get_token_info`)."""
        body = self.call("POST", "/oauth2/get_token_info")
        try:
            return int(body.get("expire_in") or 0)
        except (TypeError, ValueError):
            return 0

    def share(self, *, text: str, image: tuple[str, bytes, str] | None = None) -> WeiboPost:
        """Post `text` (with a link from the app's safe domain) and at most one image
        (name, data, content type); the post's id and its address."""
        files = {"pic": image} if image else None
        body = self.call("POST", "/2/statuses/share.json", data={"status": text}, files=files)
        post_id = str(body.get("idstr") or body.get("id") or "")
        if not post_id:
            raise WeiboTransientError("weibo answered a post without an id")
        user = _dict(body.get("user"))
        uid, mid = str(user.get("idstr") or user.get("id") or ""), str(body.get("mid") or post_id)
        link = f"https://weibo.com/{uid}/{mid}" if uid else f"https://m.weibo.cn/status/{post_id}"
        return WeiboPost(id=post_id, link=link)

    def destroy(self, *, post_id: str) -> None:
        """Delete our post; one already gone (20101) counts as deleted."""
        try:
            self.call("POST", "/2/statuses/destroy.json", data={"id": post_id})
        except WeiboApiError as exc:
            if exc.code != 20101:
                raise

    @staticmethod
    def _item(raw: dict[str, Any], kind: str) -> WeiboItem | None:
        try:
            item_id = int(raw.get("id") or 0)
        except (TypeError, ValueError):
            return None
        user = _dict(raw.get("user"))
        status = _dict(raw.get("status"))
        return WeiboItem(
            id=item_id,
            kind=kind,
            user_id=str(user.get("idstr") or user.get("id") or "")[:60],
            user_name=str(user.get("screen_name") or "")[:60],
            text=str(raw.get("text") or "")[:2000],
            created_at=_created(raw.get("created_at")),
            post_id=str(status.get("idstr") or status.get("id") or item_id),
        )

    def _items(self, path: str, key: str, kind: str, since_id: int, count: int) -> list[WeiboItem]:
        """Everything newer than `since_id`, oldest first: Weibo answers newest first, a
        page at a time, so pages are read until one comes back short (at most MAX_PAGES)."""
        found: dict[int, WeiboItem] = {}
        for page in range(1, MAX_PAGES + 1):
            params = {"since_id": str(since_id), "count": str(count), "page": str(page)}
            raws = self.call("GET", path, params=params).get(key) or []
            for raw in raws:
                item = self._item(raw, kind) if isinstance(raw, dict) else None
                if item is not None and item.id > since_id:
                    found[item.id] = item
            if len(raws) < count:
                break
        return [found[i] for i in sorted(found)]

    def comments_to_me(self, *, since_id: int = 0, count: int = 100) -> list[WeiboItem]:
        """Comments on our posts newer than `since_id`, oldest first."""
        return self._items("/2/comments/to_me.json", "comments", "comment", since_id, count)

    def mentions(self, *, since_id: int = 0, count: int = 100) -> list[WeiboItem]:
        """Posts that @mention us, newer than `since_id`, oldest first."""
        return self._items("/2/statuses/mentions.json", "statuses", "mention", since_id, count)


def weibo_authorize_url(*, api_base: str, app_key: str, redirect_uri: str) -> str:
    """Where an administrator, logged in to the office's Weibo account, authorises the app."""
    query = httpx.QueryParams({"client_id": app_key, "redirect_uri": redirect_uri})
    return f"{api_base.rstrip('/')}/oauth2/authorize?{query}"


def weibo_token_exchange(
    *, api_base: str, app_key: str, app_secret: str, redirect_uri: str, code: str
) -> tuple[str, int]:
    """The access token (and its lifetime in seconds) for the code Weibo gave the redirect
    URI (`oauth2/access_token`, grant_type authorization_code)."""
    try:
        response = _http(TIMEOUT).post(
            f"{api_base.rstrip('/')}/oauth2/access_token",
            data={
                "client_id": app_key,
                "client_secret": app_secret,
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": redirect_uri,
            },
        )
        body = response.json()
    except (httpx.HTTPError, ValueError):
        raise WeiboTransientError("weibo oauth2 unreachable or not JSON") from None
    token = body.get("access_token") if isinstance(body, dict) else None
    if not isinstance(token, str) or not token:
        code_ = body.get("error_code") if isinstance(body, dict) else ""
        raise WeiboApiError(0, f"weibo refused the code ({_safe_text(code_)})")
    try:
        return token, int(body.get("expires_in") or 0)
    except (TypeError, ValueError):
        return token, 0
