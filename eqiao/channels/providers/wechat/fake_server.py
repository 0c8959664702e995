"""A loopback fake of WeChat's server API, checking what WeChat checks: the app id and
secret for a token, the token on every call (40001 unknown, 42001 expired), the shape and
byte limits of messages and menus, media ids, and the draft → publish → delete chain.

    with FakeWeChatApi() as wechat:                 # 127.0.0.1, a free port
        settings EQIAO_WECHAT_API_BASE = wechat.url, EQIAO_WECHAT_APP_ID = wechat.app_id, …
        wechat.expire_tokens()                      # the next call gets 42001
        wechat.media["m1"] = (b"...", "image/jpeg")
        wechat.sent[0]                              # {"touser": …, "msgtype": "text", …}

`python -m eqiao.channels.providers.wechat.fake_server --port 8026` runs it in the foreground
for trying the account by hand (it prints what the account would send).
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

MAX_BODY = 12 * 1024 * 1024
TOKEN_SECONDS = 7200

OK = {"errcode": 0, "errmsg": "ok"}


def _err(code: int, msg: str) -> dict[str, Any]:
    return {"errcode": code, "errmsg": msg}


def _bytes(value: object) -> int:
    return len(str(value).encode())


class FakeWeChatApi:
    """A threaded HTTP server on 127.0.0.1 that behaves like api.weixin.qq.com."""

    def __init__(self, *, app_id: str = "wxfake0000000001", host: str = "127.0.0.1", port: int = 0):
        self.app_id = app_id
        self.app_secret = secrets.token_hex(16)
        self.tokens: dict[str, float] = {}  # token → expiry (time.monotonic)
        self.token_fetches = 0
        self.sent: list[dict[str, Any]] = []  # customer-service messages
        self.templates: list[dict[str, Any]] = []  # template messages
        self.menus: list[list[dict[str, Any]]] = []
        self.media: dict[str, tuple[bytes, str]] = {}  # followers' media by media_id
        self.materials: dict[str, tuple[bytes, str]] = {}  # permanent material
        self.drafts: dict[str, list[dict[str, Any]]] = {}
        self.publications: dict[str, dict[str, Any]] = {}  # publish_id → status
        self.articles: dict[str, list[dict[str, Any]]] = {}  # article_id → articles
        self.deleted: list[str] = []
        self.images: dict[str, bytes] = {}  # article body images by their URL
        self.subscribers: dict[str, set[str]] = {}  # openid → accepted subscription templates
        self.subscribe_sent: list[dict[str, Any]] = []  # subscription messages
        self.publishing_polls = 0  # how many status polls answer "publishing" before done
        self.publish_fails_with = 0  # a publish_status (2–6) that the next publish ends in
        self.requests: list[str] = []
        self._fail: list[dict[str, Any]] = []
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer((host, port), self._handler_class())
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    # --- control ---------------------------------------------------------------------

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        host = host.decode() if isinstance(host, bytes) else host
        return f"http://{host}:{port}"

    def expire_tokens(self) -> None:
        """Every token issued so far is expired: the next call gets 42001."""
        with self._lock:
            self.tokens = {token: 0.0 for token in self.tokens}

    def fail_next(self, count: int = 1, *, errcode: int = -1, errmsg: str = "system error") -> None:
        with self._lock:
            self._fail.extend(_err(errcode, errmsg) for _ in range(count))

    def start(self) -> FakeWeChatApi:
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="fake-wechat-api",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeWeChatApi:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- behaviour -------------------------------------------------------------------

    def _token(self, query: dict[str, str]) -> dict[str, Any]:
        if query.get("grant_type") != "client_credential":
            return _err(40002, "invalid grant_type")
        if query.get("appid") != self.app_id:
            return _err(40013, "invalid appid")
        if query.get("secret") != self.app_secret:
            return _err(40125, "invalid appsecret")
        token = f"fake-token-{next(self._ids)}-{secrets.token_hex(8)}"
        with self._lock:
            self.token_fetches += 1
            self.tokens[token] = time.monotonic() + TOKEN_SECONDS
        return {"access_token": token, "expires_in": TOKEN_SECONDS}

    def _check_token(self, query: dict[str, str]) -> dict[str, Any] | None:
        token = query.get("access_token", "")
        with self._lock:
            expiry = self.tokens.get(token)
        if expiry is None:
            return _err(40001, "invalid credential, access_token is invalid or not latest")
        if expiry <= time.monotonic():
            return _err(42001, "access_token expired")
        return None

    def _custom_send(self, body: dict[str, Any]) -> dict[str, Any]:
        if not str(body.get("touser", "")).strip():
            return _err(40003, "invalid openid")
        if body.get("msgtype") != "text":
            return _err(40008, "invalid message type")
        content = (body.get("text") or {}).get("content")
        if not isinstance(content, str) or not content:
            return _err(44004, "empty content")
        if _bytes(content) > 2048:
            return _err(45002, "content size out of limit")
        with self._lock:
            self.sent.append(body)
        return OK

    def _template_send(self, body: dict[str, Any]) -> dict[str, Any]:
        if not str(body.get("touser", "")).strip():
            return _err(40003, "invalid openid")
        if not str(body.get("template_id", "")).strip():
            return _err(40037, "invalid template_id")
        data = body.get("data")
        if not isinstance(data, dict) or not all(
            isinstance(v, dict) and "value" in v for v in data.values()
        ):
            return _err(47001, "data format error")
        with self._lock:
            self.templates.append(body)
        return {**OK, "msgid": next(self._ids)}

    def _menu_create(self, body: dict[str, Any]) -> dict[str, Any]:
        buttons = body.get("button")
        if not isinstance(buttons, list) or not 1 <= len(buttons) <= 3:
            return _err(40017, "invalid button size")
        for button in buttons:
            subs = button.get("sub_button")
            if _bytes(button.get("name", "")) > 16 or not button.get("name"):
                return _err(40018, "invalid button name size")
            if subs:
                if len(subs) > 5:
                    return _err(40023, "invalid sub button size")
                for sub in subs:
                    if not sub.get("name") or _bytes(sub["name"]) > 60:
                        return _err(40021, "invalid sub button name size")
                    if error := self._button_action(sub):
                        return error
            elif error := self._button_action(button):
                return error
        with self._lock:
            self.menus.append(buttons)
        return OK

    @staticmethod
    def _button_action(button: dict[str, Any]) -> dict[str, Any] | None:
        kind = button.get("type")
        if kind == "view":
            url = str(button.get("url", ""))
            if not url.startswith(("http://", "https://")) or _bytes(url) > 1024:
                return _err(40055, "invalid button url domain")
        elif kind == "click":
            if not button.get("key") or _bytes(button["key"]) > 128:
                return _err(40019, "invalid button key size")
        else:
            return _err(40016, "invalid button type")
        return None

    def _material_add(self, content_type: str, raw: bytes) -> dict[str, Any]:
        data, media_type = _multipart_file(content_type, raw)
        if not data:
            return _err(41005, "media data missing")
        if not media_type.startswith("image/"):
            return _err(40005, "invalid file type")
        media_id = f"material-{next(self._ids)}"
        with self._lock:
            self.materials[media_id] = (data, media_type)
        return {"media_id": media_id, "url": f"http://mmbiz.example/{media_id}"}

    def _uploadimg(self, content_type: str, raw: bytes) -> dict[str, Any]:
        data, media_type = _multipart_file(content_type, raw)
        if not data:
            return _err(41005, "media data missing")
        if media_type not in ("image/jpeg", "image/png") or len(data) > 1024 * 1024:
            return _err(40005, "invalid file type")
        url = f"http://mmbiz.example/img/{next(self._ids)}.png"
        with self._lock:
            self.images[url] = data
        return {"url": url}

    def _draft_add(self, body: dict[str, Any]) -> dict[str, Any]:
        articles = body.get("articles")
        if not isinstance(articles, list) or not articles:
            return _err(44003, "empty news data")
        for article in articles:
            if not article.get("title") or not article.get("content"):
                return _err(44003, "empty news data")
            if article.get("thumb_media_id") not in self.materials:
                return _err(40007, "invalid media_id")
            if len(str(article["title"])) > 64:
                return _err(45003, "title size out of limit")
            if len(str(article.get("digest", ""))) > 120:
                return _err(45004, "description size out of limit")
            if len(str(article.get("author", ""))) > 16:
                return _err(45110, "author size out of limit")
            if len(str(article["content"])) > 20000:
                return _err(45002, "content size out of limit")
            for src in _IMG_SRC.findall(str(article["content"])):
                if src not in self.images:  # WeChat shows only images uploaded to it
                    return _err(45166, f"invalid content: image {src[:60]} not uploaded")
        media_id = f"draft-{next(self._ids)}"
        with self._lock:
            self.drafts[media_id] = articles
        return {"media_id": media_id}

    def _publish(self, body: dict[str, Any]) -> dict[str, Any]:
        media_id = body.get("media_id")
        if media_id not in self.drafts:
            return _err(40007, "invalid media_id")
        publish_id, article_id = f"{next(self._ids)}", f"article-{next(self._ids)}"
        with self._lock:
            articles = self.drafts.pop(media_id)
            failed, self.publish_fails_with = self.publish_fails_with, 0
            if not failed:
                self.articles[article_id] = articles
            self.publications[publish_id] = {
                "publish_status": failed,
                "article_id": "" if failed else article_id,
                "polls_left": self.publishing_polls,
            }
        return {**OK, "publish_id": publish_id}

    def _publish_get(self, body: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            status = self.publications.get(str(body.get("publish_id")))
            if status is None:
                return _err(53600, "invalid publish_id")
            if status["polls_left"] > 0:
                status["polls_left"] -= 1
                return {"publish_id": body.get("publish_id"), "publish_status": 1}
        article_id = status["article_id"]
        items = [
            {"idx": i + 1, "article_url": f"http://mp.example/{article_id}/{i + 1}"}
            for i, _a in enumerate(self.articles.get(article_id, []))
        ]
        return {
            "publish_id": body.get("publish_id"),
            "publish_status": status["publish_status"],
            "article_id": article_id,
            "article_detail": {"count": len(items), "item": items},
        }

    def _publish_delete(self, body: dict[str, Any]) -> dict[str, Any]:
        article_id = str(body.get("article_id"))
        with self._lock:
            if self.articles.pop(article_id, None) is None:
                return _err(53600, "invalid article_id")
            self.deleted.append(article_id)
        return OK

    _LIMITS = {"thing": 20, "character_string": 32, "phrase": 5, "name": 10, "number": 32}

    def _bizsend(self, body: dict[str, Any]) -> dict[str, Any]:
        openid, template_id = str(body.get("touser", "")), str(body.get("template_id", ""))
        if not openid.strip():
            return _err(40003, "invalid openid")
        if not template_id.strip():
            return _err(40037, "invalid template_id")
        if template_id not in self.subscribers.get(openid, set()):
            return _err(43101, "user refuse to accept the msg")
        data = body.get("data")
        if not isinstance(data, dict) or not data:
            return _err(47003, "argument invalid! data is empty")
        for key, item in data.items():
            value = item.get("value") if isinstance(item, dict) else None
            kind = str(key).rstrip("0123456789")
            if not isinstance(value, str) or not value:
                return _err(47003, f"argument invalid! data.{key}.value is empty")
            if len(value) > self._LIMITS.get(kind, 64):
                return _err(47003, f"argument invalid! data.{key}.value too long")
            if kind == "character_string" and not value.isascii():
                return _err(47003, f"argument invalid! data.{key}.value invalid")
        page = str(body.get("page", ""))
        if page and not page.startswith(("http://", "https://")):
            return _err(41030, "invalid page")
        with self._lock:
            self.subscribe_sent.append(body)
        return OK

    POST_JSON = {
        "/cgi-bin/message/subscribe/bizsend": "_bizsend",
        "/cgi-bin/message/custom/send": "_custom_send",
        "/cgi-bin/message/template/send": "_template_send",
        "/cgi-bin/menu/create": "_menu_create",
        "/cgi-bin/draft/add": "_draft_add",
        "/cgi-bin/freepublish/submit": "_publish",
        "/cgi-bin/freepublish/get": "_publish_get",
        "/cgi-bin/freepublish/delete": "_publish_delete",
    }

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format, *args):  # noqa: A002 - quiet in tests
                pass

            def _json(self, body: dict[str, Any]) -> None:
                data = json.dumps(body, ensure_ascii=False).encode()
                self.send_response(200)  # WeChat answers errors with 200 and an errcode
                self.send_header("Content-Type", "application/json; encoding=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _route(self, method: str) -> None:
                parts = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                with api._lock:
                    api.requests.append(f"{method} {parts.path}")
                if parts.path == "/cgi-bin/token" and method == "GET":
                    return self._json(api._token(query))
                with api._lock:
                    failure = api._fail.pop(0) if api._fail else None
                if failure:
                    return self._json(failure)
                if error := api._check_token(query):
                    return self._json(error)
                if parts.path == "/cgi-bin/media/get" and method == "GET":
                    return self._media(query.get("media_id", ""))
                length = int(self.headers.get("Content-Length") or 0)
                if length > MAX_BODY:
                    return self._json(_err(45001, "media size out of limit"))
                raw = self.rfile.read(length)
                if parts.path == "/cgi-bin/media/uploadimg" and method == "POST":
                    return self._json(api._uploadimg(self.headers["Content-Type"] or "", raw))
                if parts.path == "/cgi-bin/material/add_material" and method == "POST":
                    return self._json(api._material_add(self.headers["Content-Type"] or "", raw))
                name = api.POST_JSON.get(parts.path)
                if method != "POST" or name is None:
                    return self._json(_err(48001, "api unauthorized"))
                try:
                    body = json.loads(raw.decode("utf-8"))
                except (UnicodeDecodeError, ValueError):
                    return self._json(_err(47001, "data format error"))
                if not isinstance(body, dict):
                    return self._json(_err(47001, "data format error"))
                return self._json(getattr(api, name)(body))

            def _media(self, media_id: str) -> None:
                found = api.media.get(media_id)
                if found is None:
                    return self._json(_err(40007, "invalid media_id"))
                data, content_type = found
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Disposition", f'attachment; filename="{media_id}"')
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):  # noqa: N802 - the http.server API
                self._route("GET")

            def do_POST(self):  # noqa: N802
                self._route("POST")

        return Handler


_IMG_SRC = re.compile(r"""<img[^>]*?\bsrc=["']([^"']+)["']""", re.IGNORECASE)


def _multipart_file(content_type: str, raw: bytes) -> tuple[bytes, str]:
    """The `media` part of a multipart upload: (data, its content type)."""
    marker = "boundary="
    if marker not in content_type:
        return b"", ""
    boundary = content_type.split(marker, 1)[1].strip().strip('"').encode()
    for part in raw.split(b"--" + boundary):
        head, _sep, data = part.partition(b"\r\n\r\n")
        if b'name="media"' in head:
            kind = ""
            for line in head.decode("utf-8", "replace").splitlines():
                if line.lower().startswith("content-type:"):
                    kind = line.split(":", 1)[1].strip()
            return data.removesuffix(b"\r\n"), kind
    return b"", ""


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Run the loopback fake WeChat API.")
    parser.add_argument("--port", type=int, default=8026)
    args = parser.parse_args(argv)
    api = FakeWeChatApi(port=args.port)
    print(f"fake WeChat API at {api.url}; Ctrl-C stops it")
    print(f"  EQIAO_WECHAT_PROVIDER=wechat_api EQIAO_WECHAT_API_BASE={api.url}")
    print(
        f"  EQIAO_WECHAT_APP_ID={api.app_id} EQIAO_WECHAT_APP_SECRET={api.app_secret}", flush=True
    )
    api.start()
    seen, deleted = 0, 0
    shown: set[str] = set()
    try:
        while True:
            time.sleep(0.5)
            for message in (api.sent + api.templates + api.subscribe_sent)[seen:]:
                print(
                    f"[WeChat → {message.get('touser')}] {json.dumps(message, ensure_ascii=False)}",
                    flush=True,
                )
            seen = len(api.sent) + len(api.templates) + len(api.subscribe_sent)
            for article_id, articles in list(api.articles.items()):
                if article_id not in shown:
                    shown.add(article_id)
                    titles = ", ".join(str(a.get("title")) for a in articles)
                    print(f"[WeChat article {article_id} published] {titles}", flush=True)
            for article_id in api.deleted[deleted:]:
                print(f"[WeChat article {article_id} deleted]", flush=True)
            deleted = len(api.deleted)
    except KeyboardInterrupt:
        pass
    finally:
        api.stop()


if __name__ == "__main__":
    main()
