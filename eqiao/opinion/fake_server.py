"""A loopback HTTP server for tests and the demo: serves an RSS feed (with ETag and
Last-Modified, answering 304 to a conditional GET), a platform search API
(`GET /search?q=…` → {"posts": [...]}), and a path that always fails (HTTP 500)."""

from __future__ import annotations

import json
import threading
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse
from xml.sax.saxutils import escape


class FakeOpinionServer:
    def __init__(self) -> None:
        self.items: list[dict] = []  # {"id", "title", "summary", "link", "published"}
        self.search_posts: list[dict] = []
        self.requests: list[tuple[str, dict]] = []  # (path, headers)
        self.version = 0
        self._server: ThreadingHTTPServer | None = None

    # -- content ------------------------------------------------------------------------

    def publish(self, **item) -> None:
        self.items.append(item)
        self.version += 1

    def feed_xml(self) -> bytes:
        entries = "".join(
            "<item><guid>{id}</guid><title>{title}</title><description>{summary}</description>"
            "<link>{link}</link><pubDate>{date}</pubDate></item>".format(
                id=escape(i["id"]),
                title=escape(i["title"]),
                summary=escape(i.get("summary", "")),
                link=escape(i.get("link", "http://example.invalid/" + i["id"])),
                date=format_datetime(i["published"]) if i.get("published") else "",
            )
            for i in self.items
        )
        return (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>聊城新闻</title>{entries}</channel></rss>"
        ).encode()

    # -- serving ------------------------------------------------------------------------

    @property
    def url(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> FakeOpinionServer:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

            def _send(self, status: int, body: bytes, headers: dict | None = None) -> None:
                self.send_response(status)
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                parsed = urlparse(self.path)
                fake.requests.append((parsed.path, dict(self.headers)))
                if parsed.path == "/feed.xml":
                    etag = f'"v{fake.version}"'
                    if self.headers.get("If-None-Match") == etag:
                        self._send(304, b"")
                        return
                    self._send(
                        200,
                        fake.feed_xml(),
                        {
                            "Content-Type": "application/rss+xml; charset=utf-8",
                            "ETag": etag,
                            "Last-Modified": "Mon, 07 Dec 2026 00:00:00 GMT",
                        },
                    )
                elif parsed.path == "/search":
                    query = parse_qs(parsed.query).get("q", [""])[0]
                    posts = [p for p in fake.search_posts if query in p["text"]]
                    self._send(
                        200,
                        json.dumps({"posts": posts}).encode(),
                        {"Content-Type": "application/json"},
                    )
                elif parsed.path == "/broken.xml":
                    self._send(500, b"down")
                else:
                    self._send(404, b"")

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
