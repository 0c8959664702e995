"""A loopback fake of Weibo's open API, checking what Weibo checks: the access token on
every call (21332 unknown, 21327 expired), the post's length by Weibo's rule (20012), a link
from the app's safe domain in it (10017), the image (one, JPEG/PNG/GIF, ≤5 MB), repeated
content (20019), deleting only our own existing posts (20101), and `since_id` on the
comment and mention lists.

    with FakeWeiboApi() as weibo:                  # 127.0.0.1, a free port
        settings EQIAO_WEIBO_API_BASE = weibo.url, EQIAO_WEIBO_ACCESS_TOKEN = weibo.token
        weibo.posts                                # id → {"text": …, "pic": bytes | None}
        weibo.comment(post_id, "评论", user="张三")   # someone comments on our post
        weibo.mention("@聊城检察 …", user="李四")      # someone mentions us

`python -m eqiao.channels.providers.weibo.fake_server --port 8027` runs it in the
foreground for trying the account by hand (it prints each post and deletion).
"""

from __future__ import annotations

import argparse
import itertools
import json
import secrets
import threading
import time
import zlib
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from eqiao.channels.providers.weibo.length import LIMIT, URL_RE, weibo_length

MAX_BODY = 6 * 1024 * 1024
MAX_PIC = 5 * 1024 * 1024
UID = "7000000001"
DATE = "%a %b %d %H:%M:%S +0800 %Y"


def _err(code: int, msg: str, request: str = "") -> dict[str, Any]:
    return {"error_code": code, "error": msg, "request": request}


class FakeWeiboApi:
    """A threaded HTTP server on 127.0.0.1 that behaves like api.weibo.com."""

    def __init__(
        self, *, safe_domain: str = "127.0.0.1", host: str = "127.0.0.1", port: int = 0
    ) -> None:
        self.token = "2.00fake" + secrets.token_hex(12)
        self.app_key, self.app_secret = "3000000001", secrets.token_hex(16)
        self.codes: set[str] = set()  # authorisation codes not yet exchanged
        self.safe_domain = safe_domain
        self.expired = False
        self.posts: dict[str, dict[str, Any]] = {}
        self.deleted: list[str] = []
        self.comments: list[dict[str, Any]] = []
        self.mentions: list[dict[str, Any]] = []
        self.requests: list[str] = []
        self._fail: list[tuple[int, dict[str, Any]]] = []
        self._ids = itertools.count(5000000000000001)
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

    def fail_next(self, count: int = 1, *, status: int = 503, code: int = 10001) -> None:
        with self._lock:
            self._fail.extend((status, _err(code, "system error")) for _ in range(count))

    @staticmethod
    def _user(name: str) -> dict[str, Any]:
        uid = 1_000_000_000 + zlib.crc32(name.encode())
        return {"id": uid, "idstr": str(uid), "screen_name": name}

    def authorize(self) -> str:
        """An administrator authorised the app: the code Weibo sends to the redirect URI."""
        code = secrets.token_hex(16)
        with self._lock:
            self.codes.add(code)
        return code

    def _access_token(self, fields: dict[str, str]) -> tuple[int, dict[str, Any]]:
        if (fields.get("client_id"), fields.get("client_secret")) != (
            self.app_key,
            self.app_secret,
        ):
            return 401, _err(21322, "redirect_uri_mismatch or bad client")
        with self._lock:
            if fields.get("code") not in self.codes:
                return 400, _err(21325, "invalid_grant")
            self.codes.discard(fields["code"])
            self.token, self.expired = "2.00fake" + secrets.token_hex(12), False
        return 200, {"access_token": self.token, "expires_in": 157679999, "uid": UID}

    def comment(self, post_id: str, text: str, *, user: str = "网友") -> int:
        """Someone comments on our post `post_id`; returns the comment's id."""
        with self._lock:
            item_id = next(self._ids)
            self.comments.append(
                {
                    "id": item_id,
                    "idstr": str(item_id),
                    "text": text,
                    "created_at": time.strftime(DATE),
                    "user": self._user(user),
                    "status": {"id": int(post_id), "idstr": post_id},
                }
            )
        return item_id

    def mention(self, text: str, *, user: str = "网友") -> int:
        """Someone posts `text` mentioning us; returns the post's id."""
        with self._lock:
            item_id = next(self._ids)
            self.mentions.append(
                {
                    "id": item_id,
                    "idstr": str(item_id),
                    "text": text,
                    "created_at": time.strftime(DATE),
                    "user": self._user(user),
                }
            )
        return item_id

    def start(self) -> FakeWeiboApi:
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="fake-weibo-api",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeWeiboApi:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # --- the API ---------------------------------------------------------------------

    def _check_token(self, token: str) -> dict[str, Any] | None:
        if token != self.token:
            return _err(21332, "invalid_access_token")
        if self.expired:
            return _err(21327, "expired_token")
        return None

    def _share(self, fields: dict[str, str], pic: tuple[bytes, str] | None) -> dict[str, Any]:
        text = fields.get("status", "")
        if not text.strip():
            return _err(10016, "miss required parameter (status)")
        if weibo_length(text) > LIMIT:
            return _err(20012, "Text too long, please input text less than 140 characters!")
        hosts = [urlsplit(m.group()).hostname or "" for m in URL_RE.finditer(text)]
        if not any(h == self.safe_domain or h.endswith("." + self.safe_domain) for h in hosts):
            return _err(10017, "appkey not bind domain!")
        if pic is not None:
            data, kind = pic
            if kind not in ("image/jpeg", "image/png", "image/gif"):
                return _err(20006, "image size too large or format not supported")
            if not data or len(data) > MAX_PIC:
                return _err(20006, "image size too large")
        with self._lock:
            if any(p["text"] == text for p in self.posts.values()):
                return _err(20019, "repeat content!")
            post_id = next(self._ids)
            self.posts[str(post_id)] = {"text": text, "pic": pic[0] if pic else None}
        return {
            "id": post_id,
            "idstr": str(post_id),
            "mid": str(post_id),
            "text": text,
            "created_at": time.strftime(DATE),
            "user": {"id": int(UID), "idstr": UID},
        }

    def _destroy(self, fields: dict[str, str]) -> dict[str, Any]:
        post_id = fields.get("id", "")
        with self._lock:
            post = self.posts.pop(post_id, None)
            if post is None:
                return _err(20101, "target weibo does not exist!")
            self.deleted.append(post_id)
        return {"id": int(post_id), "idstr": post_id, "text": post["text"]}

    def _list(self, items: list[dict[str, Any]], query: dict[str, str]) -> list[dict[str, Any]]:
        try:
            since = int(query.get("since_id") or 0)
            count = min(max(int(query.get("count") or 20), 1), 200)
            page = max(int(query.get("page") or 1), 1)
        except ValueError:
            return []
        with self._lock:
            newer = [i for i in items if i["id"] > since]
        newest_first = sorted(newer, key=lambda i: -i["id"])  # as Weibo answers
        return newest_first[(page - 1) * count : page * count]

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format, *args):  # noqa: A002 - quiet in tests
                pass

            def _json(self, body: dict[str, Any], status: int = 200) -> None:
                if "error_code" in body and status == 200:
                    status = 400
                data = json.dumps(body, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json;charset=UTF-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _form(self) -> tuple[dict[str, str], tuple[bytes, str] | None]:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                kind = self.headers.get("Content-Type", "")
                if kind.startswith("multipart/form-data"):
                    message = BytesParser(policy=HTTP).parsebytes(
                        f"Content-Type: {kind}\r\n\r\n".encode() + raw
                    )
                    fields: dict[str, str] = {}
                    pic = None
                    for part in message.iter_parts():
                        name = part.get_param("name", header="content-disposition")
                        raw_payload = part.get_payload(decode=True)
                        payload = raw_payload if isinstance(raw_payload, bytes) else b""
                        if name == "pic":
                            pic = (payload, part.get_content_type())
                        elif name:
                            fields[str(name)] = payload.decode("utf-8")
                    return fields, pic
                parsed = parse_qs(raw.decode("utf-8"), keep_blank_values=True)
                return {k: v[0] for k, v in parsed.items()}, None

            def _route(self, method: str) -> None:
                parts = urlsplit(self.path)
                with api._lock:
                    api.requests.append(f"{method} {parts.path}")
                if int(self.headers.get("Content-Length") or 0) > MAX_BODY:
                    return self._json(_err(20006, "image size too large"), 413)
                query = {k: v[0] for k, v in parse_qs(parts.query).items()}
                fields, pic = self._form() if method == "POST" else ({}, None)
                if (method, parts.path) == ("POST", "/oauth2/access_token"):
                    status, body = api._access_token(fields)
                    return self._json(body, status)
                token = fields.get("access_token") or query.get("access_token", "")
                if error := api._check_token(token):
                    return self._json(error, 403 if error["error_code"] == 21332 else 401)
                with api._lock:
                    failure = api._fail.pop(0) if api._fail else None
                if failure:
                    return self._json(failure[1], failure[0])
                route = (method, parts.path)
                if route == ("POST", "/oauth2/get_token_info"):
                    return self._json({"uid": UID, "appkey": api.app_key, "expire_in": 157679999})
                if route == ("POST", "/2/statuses/share.json"):
                    return self._json(api._share(fields, pic))
                if route == ("POST", "/2/statuses/destroy.json"):
                    return self._json(api._destroy(fields))
                if route == ("GET", "/2/comments/to_me.json"):
                    comments = api._list(api.comments, query)
                    return self._json({"comments": comments, "total_number": len(api.comments)})
                if route == ("GET", "/2/statuses/mentions.json"):
                    statuses = api._list(api.mentions, query)
                    return self._json({"statuses": statuses, "total_number": len(api.mentions)})
                return self._json(_err(10014, "Insufficient app permissions"), 403)

            def do_GET(self):  # noqa: N802 - the http.server API
                self._route("GET")

            def do_POST(self):  # noqa: N802
                self._route("POST")

        return Handler


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Run the loopback fake Weibo API.")
    parser.add_argument("--port", type=int, default=8027)
    parser.add_argument("--safe-domain", default="127.0.0.1")
    args = parser.parse_args(argv)
    api = FakeWeiboApi(port=args.port, safe_domain=args.safe_domain)
    print(f"fake Weibo API at {api.url} (safe domain {api.safe_domain}); Ctrl-C stops it")
    print(f"  EQIAO_WEIBO_API_BASE={api.url} EQIAO_WEIBO_ACCESS_TOKEN={api.token}", flush=True)
    print(
        f"  EQIAO_WEIBO_APP_KEY={api.app_key} EQIAO_WEIBO_APP_SECRET={api.app_secret}"
        f" (authorisation code for `eqiao weibo_token --code`: {api.authorize()})",
        flush=True,
    )
    api.start()
    seen: set[str] = set()
    deleted = 0
    try:
        while True:
            time.sleep(0.5)
            for post_id, post in list(api.posts.items()):
                if post_id not in seen:
                    seen.add(post_id)
                    image = f", image {len(post['pic'])} bytes" if post["pic"] else ""
                    print(f"[Weibo post {post_id}{image}] {post['text']}", flush=True)
            for post_id in api.deleted[deleted:]:
                print(f"[Weibo post {post_id} deleted]", flush=True)
            deleted = len(api.deleted)
    except KeyboardInterrupt:
        pass
    finally:
        api.stop()


if __name__ == "__main__":
    main()
