"""The WeChat official account's server callback (服务器配置 → URL): WeChat's server GETs it
to verify the URL and POSTs every message and event to it, as XML, signed with the Token and
in 安全模式 encrypted with the EncodingAESKey. Not a JSON endpoint, so a plain Django view.

The body size is checked before anything is read or parsed; the signature, the timestamp
window, the encryption and the XML are checked by the provider's protocol module; a refused
request writes nothing and gets a short plain-text reason. The answer (a passive reply or
"success") comes back within WeChat's five seconds: anything slow is the worker's.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from eqiao.channels.providers.wechat.callback import (
    MAX_BODY_BYTES,
    CallbackConfig,
    CallbackRefused,
    parse_push,
    render_reply,
    verify_url,
)
from eqiao.channels.services.wechat import wechat_push_receive

log = logging.getLogger(__name__)


def _config() -> CallbackConfig:
    return CallbackConfig(
        token=settings.EQIAO_WECHAT_TOKEN,
        aes_key=settings.EQIAO_WECHAT_AES_KEY,
        app_id=settings.EQIAO_WECHAT_APP_ID,
        max_age=dt.timedelta(seconds=settings.EQIAO_WECHAT_CALLBACK_MAX_AGE),
    )


def _refused(reason: str, status: int) -> HttpResponse:
    return HttpResponse(reason, status=status, content_type="text/plain; charset=utf-8")


def _body(request: HttpRequest) -> bytes:
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        raise CallbackRefused("bad Content-Length") from None
    if length > MAX_BODY_BYTES:
        raise CallbackRefused("body too large", status=413)
    data = request.read(MAX_BODY_BYTES + 1)
    if len(data) > MAX_BODY_BYTES:
        raise CallbackRefused("body too large", status=413)
    return data


@csrf_exempt
@require_http_methods(["GET", "POST"])
def callback(request: HttpRequest) -> HttpResponse:
    config = _config()
    if not config.token or settings.EQIAO_WECHAT_PROVIDER == "wechat_off":
        # No account: nothing could answer the followers, so WeChat gets no endpoint.
        return _refused("wechat callback is not configured", 404)
    now = timezone.now()
    try:
        if request.method == "GET":
            return HttpResponse(verify_url(config, request.GET, now), content_type="text/plain")
        incoming = parse_push(config, request.GET, _body(request), now)
    except CallbackRefused as refused:
        log.warning("wechat callback refused: %s", refused.reason)
        return _refused(refused.reason, refused.status)
    answer = wechat_push_receive(incoming=incoming)
    reply = render_reply(config, incoming, answer, nonce=secrets.token_hex(8), now=now)
    content_type = "text/plain" if reply == "success" else "application/xml"
    return HttpResponse(reply, content_type=f"{content_type}; charset=utf-8")
