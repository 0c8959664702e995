"""The real SMS provider: a generic JSON SMS gateway over HTTP.

The protocol (the loopback fake in ``fake_server.py`` speaks it too):

- ``POST <EQIAO_SMS_HTTP_URL>`` with ``Authorization: Bearer <EQIAO_SMS_HTTP_KEY>`` and
  ``{"phone": "13812345678", "text": "…", "signature": "聊城检察", "client_id": "<key>",
  "template": "<code>", "params": {…}}``; a 2xx answer carries ``{"id": "<provider id>"}``.
  ``client_id`` is our idempotency key: the gateway answers a repeated id with the first
  message's id and does not send it again (Aliyun's ``OutId``, Tencent's ``SessionContext``).
  ``template``/``params`` are for gateways that send by registered template: ``template`` is
  the code the gateway assigned to our template, looked up in EQIAO_SMS_TEMPLATE_CODES
  (``{"intake.receipt": "SMS_123"}``), and is left out for a template without a code;
  ``text`` is the rendered message for gateways that take free text. With
  EQIAO_SMS_HTTP_TEMPLATE_ONLY (a gateway that takes no free text) a message whose template
  has no code is refused as a ``PermanentError`` before anything is sent; the system check
  ``channels.E004`` names such templates at start-up.
- ``POST <EQIAO_SMS_HTTP_BATCH_URL>`` with ``{"messages": [<the same objects>]}`` answers
  ``{"results": [{"client_id": …, "id": …} | {"client_id": …, "error": "<code>"}]}``.

The gateway takes at most EQIAO_SMS_HTTP_RATE messages a second (its QPS limit, a batch
counting each message): the provider paces its requests so that no second-long window holds
more (a batch larger than the limit is split), and the one pooled HTTP session keeps its
connection alive between requests.

How answers map to the delivery record (``channels.services.outbound``):
- 2xx → sent;
- timeout, connection failure, 429, 5xx → ``TransientError`` (retried with back-off);
- 401/403 → ``TransientError`` too: a wrong or rotated key is the operator's to fix, and the
  messages queued meanwhile must not be thrown away;
- any other 4xx → ``PermanentError`` (the provider will never take this message).

The provider's JSON never leaves this module: errors carry our own short text and at most
a sanitised error code, and never the phone number.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence

import httpx
from django.conf import settings

from eqiao.channels.providers import (
    BatchResult,
    Outgoing,
    PermanentError,
    Provider,
    SendResult,
    TransientError,
)

log = logging.getLogger(__name__)

# Explicit timeouts: a hung provider must not hold a worker for long. The delivery claim
# outlives them by far (EQIAO_CHANNELS_CLAIM_TIMEOUT), so a slow answer is never resent.
# EQIAO_SMS_HTTP_TIMEOUT (seconds, 10 by default) sets how long an answer is awaited.
TIMEOUT = httpx.Timeout(10.0, connect=3.0)
_CODE_RE = re.compile(r"^[A-Za-z0-9_.:-]{1,60}$")

_clients: dict[str, httpx.Client] = {}
_clients_lock = threading.Lock()


def _client(timeout: httpx.Timeout) -> httpx.Client:
    """One pooled HTTP session per process (and timeout), reused by every send."""
    key = repr(timeout)
    with _clients_lock:
        client = _clients.get(key)
        if client is None:
            client = httpx.Client(timeout=timeout, follow_redirects=False)
            _clients[key] = client
        return client


class Pacer:
    """At most `rate` messages in any window of `window` seconds, for every thread of the
    process: `acquire(n)` waits until n more fit. The window is a little over a second so
    that the gateway, counting by its own clock, never sees more than `rate` in one."""

    def __init__(
        self,
        rate: int,
        *,
        window: float = 1.05,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.rate, self.window, self._clock, self._sleep = rate, window, clock, sleep
        self._sent: deque[tuple[float, int]] = deque()
        self._count = 0
        self._lock = threading.Lock()

    def acquire(self, n: int) -> None:
        if self.rate <= 0:
            return
        if n > self.rate:
            raise ValueError(f"{n} messages at once exceed the rate of {self.rate} a second")
        while True:
            with self._lock:
                now = self._clock()
                while self._sent and self._sent[0][0] <= now - self.window:
                    self._count -= self._sent.popleft()[1]
                if self._count + n <= self.rate:
                    self._sent.append((now, n))
                    self._count += n
                    return
                wait = self._sent[0][0] + self.window - now
            self._sleep(max(wait, 0.001))


_pacers: dict[tuple[str, int], Pacer] = {}


def _pacer(url: str, rate: int) -> Pacer:
    """One pacer per gateway account and rate in the process, shared by every send."""
    with _clients_lock:
        return _pacers.setdefault((url, rate), Pacer(rate))


def _code(value: object) -> str:
    if isinstance(value, str | int) and not isinstance(value, bool):
        if _CODE_RE.match(str(value)):
            return str(value)
    return ""


def _json(response: httpx.Response) -> object:
    try:
        return response.json()
    except ValueError:
        return None


def _error_code(body: object) -> str:
    """The provider's error code if it gave a short, plain one; never its whole answer."""
    if not isinstance(body, dict):
        return ""
    for name in ("error", "code", "error_code"):
        if code := _code(body.get(name)):
            return code
    return ""


def _provider_id(body: object) -> str:
    value = _code(body.get("id")) if isinstance(body, dict) else ""
    if not value:
        # Accepted but without a usable id: the message went out, so it must not be resent.
        log.warning("sms provider accepted a message without a usable id")
    return value


class HttpSmsProvider(Provider):
    """Configured by EQIAO_SMS_HTTP_URL, EQIAO_SMS_HTTP_BATCH_URL, EQIAO_SMS_HTTP_KEY,
    EQIAO_SMS_SIGNATURE, EQIAO_SMS_TEMPLATE_CODES, EQIAO_SMS_HTTP_TEMPLATE_ONLY and
    EQIAO_SMS_HTTP_RATE (arguments override them, for tests)."""

    slug = "sms_http"
    channel = "sms"
    supports_batch = True
    supports_receipts = True
    supports_idempotency_key = True
    max_batch = 100
    required_settings = ("EQIAO_SMS_HTTP_URL", "EQIAO_SMS_HTTP_KEY")

    def __init__(
        self,
        *,
        url: str | None = None,
        batch_url: str | None = None,
        key: str | None = None,
        signature: str | None = None,
        timeout: httpx.Timeout | None = None,
        template_codes: Mapping[str, str] | None = None,
        template_only: bool | None = None,
        rate: int | None = None,
    ):
        self.url = url if url is not None else settings.EQIAO_SMS_HTTP_URL
        self.batch_url = batch_url if batch_url is not None else settings.EQIAO_SMS_HTTP_BATCH_URL
        self.key = key if key is not None else settings.EQIAO_SMS_HTTP_KEY
        raw = signature if signature is not None else settings.EQIAO_SMS_SIGNATURE
        self.signature = raw.strip().strip("【】[]")
        read = settings.EQIAO_SMS_HTTP_TIMEOUT
        self.timeout = timeout or (httpx.Timeout(read, connect=3.0) if read != 10 else TIMEOUT)
        codes = template_codes if template_codes is not None else settings.EQIAO_SMS_TEMPLATE_CODES
        self.template_codes = dict(codes)
        self.template_only = (
            template_only if template_only is not None else settings.EQIAO_SMS_HTTP_TEMPLATE_ONLY
        )
        self.rate = max(0, rate if rate is not None else settings.EQIAO_SMS_HTTP_RATE)
        self.pacer = _pacer(f"{self.url} {self.key}", self.rate)

    def template_code(self, name: str) -> str:
        return self.template_codes.get(name, "") if name else ""

    def _payload(self, message: Outgoing) -> dict:
        """The request body; PermanentError for a message this gateway cannot send."""
        payload: dict = {"phone": message.recipient, "text": message.text}
        payload["signature"] = self.signature
        if message.idempotency_key:
            payload["client_id"] = message.idempotency_key
        if code := self.template_code(message.template):
            payload["template"] = code
            payload["params"] = dict(message.params)
        elif self.template_only:
            raise PermanentError(
                f"template {message.template or '(none)'} has no provider code in "
                "EQIAO_SMS_TEMPLATE_CODES, and this gateway sends templates only"
            )
        return payload

    def _post(self, url: str, payload: dict) -> httpx.Response:
        if not url:
            raise TransientError("EQIAO_SMS_HTTP_URL is not set")
        headers = {"Authorization": f"Bearer {self.key}", "Accept": "application/json"}
        try:
            return _client(self.timeout).post(url, json=payload, headers=headers)
        except httpx.TimeoutException as exc:
            raise TransientError(f"sms provider timed out ({type(exc).__name__})") from None
        except httpx.HTTPError as exc:
            raise TransientError(f"sms provider unreachable ({type(exc).__name__})") from None

    def batch_size(self) -> int:
        return self.max_batch if self.batch_url else 1

    def claim_size(self) -> int:
        """Five batches, or what the rate limit lets out in a minute if that is fewer."""
        size = 5 * self.batch_size() if self.batch_size() > 1 else 1
        return min(size, 60 * self.rate) if self.rate else size

    def send(self, message: Outgoing) -> SendResult:
        payload = self._payload(message)
        self.pacer.acquire(1)
        response = self._post(self.url, payload)
        body = _json(response)
        self._raise_for_status(response.status_code, body)
        return SendResult(provider_id=_provider_id(body))

    def send_batch(self, messages: Sequence[Outgoing]) -> list[BatchResult]:
        """One request for up to `max_batch` messages (several when the rate limit is
        smaller); without a batch URL, one by one over the kept-alive connection."""
        if not self.batch_url or len(messages) == 1:
            return super().send_batch(messages)
        step = min(len(messages), self.rate) if self.rate else len(messages)
        if step < len(messages):
            results: list[BatchResult] = []
            for start in range(0, len(messages), step):
                results += self._send_batch(messages[start : start + step])
            return results
        return self._send_batch(messages)

    def _send_batch(self, messages: Sequence[Outgoing]) -> list[BatchResult]:
        payloads: list[dict | PermanentError] = []
        for message in messages:
            try:
                payloads.append(self._payload(message))
            except PermanentError as exc:
                payloads.append(exc)  # this one is refused; the others still go
        sendable = [p for p in payloads if isinstance(p, dict)]
        if not sendable:
            return [p for p in payloads if isinstance(p, PermanentError)]
        try:
            self.pacer.acquire(len(sendable))
            response = self._post(self.batch_url, {"messages": sendable})
            body = _json(response)
            self._raise_for_status(response.status_code, body)
        except (TransientError, PermanentError) as exc:
            return [p if isinstance(p, PermanentError) else exc for p in payloads]
        results = body.get("results") if isinstance(body, dict) else None
        by_key = {}
        for item in results if isinstance(results, list) else []:
            if isinstance(item, dict) and (key := item.get("client_id")) is not None:
                by_key[str(key)] = item
        return [
            p if isinstance(p, PermanentError) else self._batch_item(by_key.get(m.idempotency_key))
            for m, p in zip(messages, payloads, strict=True)
        ]

    @staticmethod
    def _batch_item(item: dict | None) -> BatchResult:
        if item is None:
            # Not in the answer: we do not know; the idempotency key makes a retry safe.
            return TransientError("sms provider's batch answer left this message out")
        if "id" in item:
            return SendResult(provider_id=_provider_id(item))
        code = _error_code(item)
        return PermanentError(f"sms provider rejected the message ({code or 'no code'})")

    @staticmethod
    def _raise_for_status(status: int, body: object) -> None:
        if 200 <= status < 300:
            return
        code = _error_code(body)
        detail = f"HTTP {status}" + (f" {code}" if code else "")
        if status in (401, 403):
            log.error("sms provider refused our credentials (%s): check EQIAO_SMS_HTTP_KEY", detail)
            raise TransientError(f"sms provider refused the credentials ({detail})")
        if status in (408, 425, 429) or status >= 500:
            raise TransientError(f"sms provider busy or failing ({detail})")
        raise PermanentError(f"sms provider rejected the message ({detail})")
