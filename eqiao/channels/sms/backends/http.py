"""A generic JSON SMS provider over HTTP.

The protocol: ``POST <EQIAO_SMS_HTTP_URL>`` with ``Authorization: Bearer <EQIAO_SMS_HTTP_KEY>``
and the body ``{"phone": "13812345678", "text": "…", "signature": "聊城检察"}``; a 2xx answer
carries ``{"id": "<provider message id>"}``. ``text`` is sent as stored (it already begins
with the bracketed signature); ``signature`` is the bare registered name, for providers that
need it separately.

How answers map to the delivery record (see ``channels.services.sms_deliver``):
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

import httpx
from django.conf import settings

from eqiao.channels.sms import PermanentError, SmsGateway, SmsResult, TransientError

log = logging.getLogger(__name__)

# Explicit timeouts: a hung provider must not hold a worker (or a row lock) for long.
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


def _error_code(response: httpx.Response) -> str:
    """The provider's error code if it gave a short, plain one; never its whole answer."""
    try:
        body = response.json()
    except ValueError:
        return ""
    if not isinstance(body, dict):
        return ""
    for name in ("error", "code", "error_code"):
        value = body.get(name)
        if isinstance(value, str | int) and _CODE_RE.match(str(value)):
            return str(value)
    return ""


def _provider_id(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        body = None
    value = body.get("id") if isinstance(body, dict) else None
    if isinstance(value, str | int) and _CODE_RE.match(str(value)):
        return str(value)
    # Accepted but without a usable id: the message went out, so it must not be resent.
    log.warning("sms provider accepted a message without a usable id")
    return ""


class HttpSmsGateway(SmsGateway):
    """The real gateway; configured by EQIAO_SMS_HTTP_URL, EQIAO_SMS_HTTP_KEY and
    EQIAO_SMS_SIGNATURE (arguments override them, for tests)."""

    def __init__(
        self,
        *,
        url: str | None = None,
        key: str | None = None,
        signature: str | None = None,
        timeout: httpx.Timeout = TIMEOUT,
    ):
        self.url = url if url is not None else settings.EQIAO_SMS_HTTP_URL
        self.key = key if key is not None else settings.EQIAO_SMS_HTTP_KEY
        raw = signature if signature is not None else settings.EQIAO_SMS_SIGNATURE
        self.signature = raw.strip().strip("【】[]")
        self.timeout = timeout

    def send(self, *, phone: str, text: str) -> SmsResult:
        if not self.url:
            raise TransientError("EQIAO_SMS_HTTP_URL is not set")
        payload = {"phone": phone, "text": text, "signature": self.signature}
        headers = {"Authorization": f"Bearer {self.key}", "Accept": "application/json"}
        try:
            response = _client(self.timeout).post(self.url, json=payload, headers=headers)
        except httpx.TimeoutException as exc:
            raise TransientError(f"sms provider timed out ({type(exc).__name__})") from None
        except httpx.HTTPError as exc:
            raise TransientError(f"sms provider unreachable ({type(exc).__name__})") from None
        return self._result(response)

    def _result(self, response: httpx.Response) -> SmsResult:
        status = response.status_code
        if 200 <= status < 300:
            return SmsResult(provider_id=_provider_id(response))
        code = _error_code(response)
        detail = f"HTTP {status}" + (f" {code}" if code else "")
        if status in (401, 403):
            log.error("sms provider refused our credentials (%s): check EQIAO_SMS_HTTP_KEY", detail)
            raise TransientError(f"sms provider refused the credentials ({detail})")
        if status in (408, 425, 429) or status >= 500:
            raise TransientError(f"sms provider busy or failing ({detail})")
        raise PermanentError(f"sms provider rejected the message ({detail})")
