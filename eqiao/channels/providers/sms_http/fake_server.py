"""A loopback fake of the generic JSON SMS gateway that `sms_http.HttpSmsProvider` talks
to: the real client, the real HTTP, a provider we control.

    with FakeSmsProvider() as provider:          # 127.0.0.1, a free port
        provider.fail_next(2, status=503)        # the next two requests get 503
        ...  settings EQIAO_SMS_HTTP_URL = provider.url, EQIAO_SMS_HTTP_KEY = provider.key
        provider.messages[0].text

It checks the bearer key (401), the body (400 with an error code for a bad phone or empty
text), and records every accepted message once: a repeated ``client_id`` (our idempotency
key) is answered with the first message's id and not delivered again, as real gateways do
with a client message id. ``/sms/batch`` takes ``{"messages": [...]}``. It speaks HTTP/1.1
and keeps connections alive (`connections` counts those opened). With ``rate=N`` it
answers 429 to a request that would make more than N messages in one second of its clock,
as a gateway's QPS limit does. ``reply(phone, text, url=…)`` posts a person's reply to our
inbound webhook the way the gateway does, with the id of the message it answers
(``reply_to``, the gateway's reference: the id it gave our newest message to that phone).
`python -m eqiao.channels.providers.sms_http.fake_server --port 8025` runs it in the
foreground for `make run`-style manual testing.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

_PHONE_RE = re.compile(r"^1[3-9]\d{9}$")
MAX_BODY = 1024 * 1024


@dataclass(frozen=True)
class ReceivedSms:
    phone: str
    text: str
    signature: str
    provider_id: str
    client_id: str = ""
    template: str = ""
    params: dict = field(default_factory=dict)


@dataclass
class _Failure:
    status: int
    body: dict
    delay: float
    hold: float = 0.0  # accept the message, then wait this long before answering


class FakeSmsProvider:
    """A threaded HTTP server on 127.0.0.1 that behaves like the SMS provider."""

    def __init__(
        self, *, key: str | None = None, host: str = "127.0.0.1", port: int = 0, rate: int = 0
    ):
        self.key = key or f"fake-{secrets.token_hex(8)}"
        self.messages: list[ReceivedSms] = []
        self.requests = 0
        self.connections = 0
        self.throttled = 0  # requests answered 429 for going over `rate`
        self.rate = rate
        self._second = (0, 0)  # (the current second of the clock, messages taken in it)
        self._replies = itertools.count(1)
        self._failures: list[_Failure] = []
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._by_client_id: dict[str, str] = {}
        self._server = ThreadingHTTPServer((host, port), self._handler_class())
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    # --- control ---------------------------------------------------------------------

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        host = host.decode() if isinstance(host, bytes) else host
        return f"http://{host}:{port}/sms/send"

    @property
    def batch_url(self) -> str:
        return self.url.removesuffix("/send") + "/batch"

    def fail_next(self, count: int = 1, *, status: int = 503, error: str = "unavailable") -> None:
        """The next `count` requests get `status` with {"error": error}."""
        with self._lock:
            self._failures.extend(
                _Failure(status=status, body={"error": error}, delay=0.0) for _ in range(count)
            )

    def delay_next(self, count: int = 1, *, seconds: float) -> None:
        """The next `count` requests are answered (200) only after `seconds`, so a client
        with a shorter timeout gives up."""
        with self._lock:
            self._failures.extend(
                _Failure(status=200, body={}, delay=seconds) for _ in range(count)
            )

    def hold_next(self, count: int = 1, *, seconds: float) -> None:
        """The next `count` requests are accepted (the message is taken) and answered only
        after `seconds`: a worker killed meanwhile never learns that the message went out."""
        with self._lock:
            self._failures.extend(
                _Failure(status=200, body={}, delay=0.0, hold=seconds) for _ in range(count)
            )

    def reset(self) -> None:
        with self._lock:
            self.messages.clear()
            self._by_client_id.clear()
            self._failures.clear()
            self.requests = 0
            self.connections = 0
            self.throttled = 0

    def last_id(self, phone: str) -> str:
        """The id the gateway gave the newest message it took for `phone` ("" if none)."""
        with self._lock:
            return next((m.provider_id for m in reversed(self.messages) if m.phone == phone), "")

    def reply_payload(self, phone: str, text: str, *, reply_to: str | None = None) -> dict:
        """What the gateway posts to the inbound webhook when `phone` replies: with the id
        of the message answered (by default the newest one sent to that phone), if any."""
        payload = {"from": phone, "text": text, "id": f"fake-mo-{next(self._replies)}"}
        reply_to = self.last_id(phone) if reply_to is None else reply_to
        if reply_to:
            payload["reply_to"] = reply_to
        return payload

    def reply(self, phone: str, text: str, *, url: str, secret: str = "", **kw) -> dict:
        """Post `reply_payload(...)` to our webhook at `url` (with the shared secret
        header) and return the webhook's JSON answer."""
        import urllib.request

        data = json.dumps(self.reply_payload(phone, text, **kw)).encode()
        headers = {"Content-Type": "application/json", "X-EQiao-SMS-Secret": secret}
        request = urllib.request.Request(url, data=data, headers=headers, method="POST")
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - loopback
            return json.loads(response.read() or b"{}")

    def _throttle(self, count: int) -> bool:
        """Count `count` messages into the current second; False if that goes over `rate`."""
        if not self.rate:
            return True
        with self._lock:
            second = int(time.monotonic())
            taken = self._second[1] if self._second[0] == second else 0
            if taken + count > self.rate:
                self.throttled += 1
                return False
            self._second = (second, taken + count)
            return True

    def start(self) -> FakeSmsProvider:
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="fake-sms-provider",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeSmsProvider:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # --- behaviour -------------------------------------------------------------------

    def _next_failure(self) -> _Failure | None:
        with self._lock:
            self.requests += 1
            return self._failures.pop(0) if self._failures else None

    def _accept(self, payload: dict) -> tuple[int, dict]:
        phone, text = payload.get("phone"), payload.get("text")
        if not isinstance(phone, str) or not _PHONE_RE.match(phone):
            return 400, {"error": "invalid_phone"}
        if not isinstance(text, str) or not text.strip():
            return 400, {"error": "empty_text"}
        client_id = payload.get("client_id")
        client_id = client_id if isinstance(client_id, str) else ""
        raw_signature, template = payload.get("signature"), payload.get("template")
        params = payload.get("params")
        with self._lock:
            if client_id and client_id in self._by_client_id:
                return 200, {"id": self._by_client_id[client_id], "status": "duplicate"}
            provider_id = f"fake-{next(self._ids)}"
            if client_id:
                self._by_client_id[client_id] = provider_id
            self.messages.append(
                ReceivedSms(
                    phone=phone,
                    text=text,
                    signature=raw_signature if isinstance(raw_signature, str) else "",
                    provider_id=provider_id,
                    client_id=client_id,
                    template=template if isinstance(template, str) else "",
                    params=params if isinstance(params, dict) else {},
                )
            )
        return 200, {"id": provider_id, "status": "accepted"}

    def _accept_batch(self, payload: dict) -> tuple[int, dict]:
        items = payload.get("messages")
        if not isinstance(items, list) or not items or len(items) > 1000:
            return 400, {"error": "bad_batch"}
        results = []
        for item in items:
            status, body = self._accept(item) if isinstance(item, dict) else (400, {})
            client_id = item.get("client_id") if isinstance(item, dict) else None
            if status == 200:
                results.append({"client_id": client_id, "id": body["id"]})
            else:
                results.append({"client_id": client_id, "error": body.get("error", "bad")})
        return 200, {"results": results}

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive: one connection for many requests
            # Headers and body leave in one segment, as from a real server: without these a
            # kept-alive connection waits out Nagle's delay (~40 ms) on every answer.
            wbufsize = 64 * 1024
            disable_nagle_algorithm = True

            def setup(self):
                super().setup()
                with provider._lock:
                    provider.connections += 1

            def log_message(self, format, *args):  # noqa: A002 - quiet in tests
                pass

            def _reply(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):  # noqa: N802 - the http.server API
                length = int(self.headers.get("Content-Length") or 0)
                if length > MAX_BODY:
                    self.close_connection = True
                    return self._reply(413, {"error": "too_large"})
                raw = self.rfile.read(length)
                failure = provider._next_failure()
                if failure and failure.delay:
                    time.sleep(failure.delay)
                elif failure and not failure.hold:
                    return self._reply(failure.status, failure.body)
                if self.headers.get("Authorization") != f"Bearer {provider.key}":
                    return self._reply(401, {"error": "unauthorized"})
                try:
                    payload = json.loads(raw or b"{}")
                except ValueError:
                    return self._reply(400, {"error": "bad_json"})
                if not isinstance(payload, dict):
                    return self._reply(400, {"error": "bad_json"})
                items = payload.get("messages")
                count = (
                    len(items) if self.path.endswith("/batch") and isinstance(items, list) else 1
                )
                if not provider._throttle(count):
                    return self._reply(429, {"error": "rate_limited"})
                if self.path.endswith("/batch"):
                    status, body = provider._accept_batch(payload)
                else:
                    status, body = provider._accept(payload)
                if failure and failure.hold:
                    time.sleep(failure.hold)
                try:
                    self._reply(status, body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test); the message was still taken

        return Handler


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Run the loopback fake SMS provider.")
    parser.add_argument("--port", type=int, default=8025)
    parser.add_argument("--key", default="dev-sms-key")
    args = parser.parse_args(argv)
    provider = FakeSmsProvider(key=args.key, port=args.port)
    print(f"fake SMS provider at {provider.url} (key {provider.key}); Ctrl-C stops it")
    print("  EQIAO_SMS_PROVIDER=sms_http")
    print(f"  EQIAO_SMS_HTTP_URL={provider.url} EQIAO_SMS_HTTP_BATCH_URL={provider.batch_url}")
    print(f"  EQIAO_SMS_HTTP_KEY={provider.key}")
    provider.start()
    seen = 0
    try:
        while True:
            time.sleep(0.5)
            for sms in provider.messages[seen:]:
                print(f"[SMS → {sms.phone}] {sms.text}", flush=True)
            seen = len(provider.messages)
    except KeyboardInterrupt:
        pass
    finally:
        provider.stop()


if __name__ == "__main__":
    main()
