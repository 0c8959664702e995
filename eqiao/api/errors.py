"""Every failure becomes a 4xx a client can act on, in the shape its protocol expects:

- Open311 (`/api/open311/…`): ``[{"code": 400, "description": "…", "field": "…"}]``;
- native v1: ``{"detail": "…", "field": "…", "errors": [{"field": "…", "message": "…"}]}``.

Messages are the services' translated ones (Chinese by default). Unexpected exceptions are
not handled here: a bug is a bug and must reach the logs as a 500.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core.exceptions import BadRequest, RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from ninja.errors import HttpError, ValidationError

from eqiao.api.open311.xml import CONTENT_TYPE as XML
from eqiao.api.open311.xml import xml_errors
from eqiao.core.errors import ApplicationError

# A petition is at most 5,000 characters (15 KB in UTF-8); 64 KB leaves room for the rest.
MAX_BODY_BYTES = 64 * 1024


class AuthenticationRequired(ApplicationError):
    status_code = 401


def is_open311(request: HttpRequest) -> bool:
    return "/open311/" in request.path


def error_response(
    request: HttpRequest,
    status: int,
    message: str,
    *,
    field: str | None = None,
    errors: list[dict] | None = None,
    retry_after: int | None = None,
) -> HttpResponse:
    if is_open311(request) and request.path.endswith(".xml"):
        response = HttpResponse(xml_errors(status, message), status=status, content_type=XML)
        return _with_headers(request, response, status, retry_after)
    if is_open311(request):
        item: dict = {"code": status, "description": message}
        if field:
            item["field"] = field
        body: object = [item]
    else:
        native: dict = {"detail": message, "field": field}
        if errors:
            native["errors"] = errors
        body = native
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False),
        status=status,
        content_type="application/json; charset=utf-8",
    )
    return _with_headers(request, response, status, retry_after)


def _with_headers(
    request: HttpRequest, response: HttpResponse, status: int, retry_after: int | None
) -> HttpResponse:
    if retry_after:
        response["Retry-After"] = str(int(retry_after))
    if status == 401:
        response["WWW-Authenticate"] = (
            'Bearer realm="eqiao"' if not is_open311(request) else 'api_key realm="eqiao"'
        )
    return response


_TEXT = gettext_lazy("应为文字")
_BOOL = gettext_lazy("应为 true 或 false")
_INT = gettext_lazy("应为整数")
_OBJECT = gettext_lazy("应为 JSON 对象")
_TYPE_HINTS = {
    "string_type": _TEXT,
    "bool_type": _BOOL,
    "bool_parsing": _BOOL,
    "int_type": _INT,
    "int_parsing": _INT,
    "dict_type": _OBJECT,
    "model_type": _OBJECT,
    "model_attributes_type": _OBJECT,
    "list_type": gettext_lazy("应为列表"),
    "string_too_long": gettext_lazy("太长了"),
}


def _field_of(loc: tuple) -> str | None:
    # loc is ("body"|"form"|"file", <schema argument>, <field>, …) or
    # ("query"|"path"|"header", <parameter>)
    if loc and loc[0] in ("query", "path", "header", "cookie", "file"):
        return str(loc[-1]) if len(loc) > 1 else None
    names = [str(part) for part in loc[2:]] if len(loc) > 2 else []
    return ".".join(names) or None


def _message_for(error: dict, field: str | None) -> str:
    kind = error.get("type", "")
    if field is None:
        return _("请求体应为 JSON 对象。")
    if kind == "missing":
        return _("缺少必填项“%(field)s”。") % {"field": field}
    hint = _TYPE_HINTS.get(kind)
    if hint:
        return _("“%(field)s”的格式不对：%(hint)s。") % {"field": field, "hint": hint}
    return _("“%(field)s”的格式不对。") % {"field": field}


def _validation_errors(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors: list[dict] = []
    for error in exc.errors:
        field = _field_of(tuple(error.get("loc", ())))
        errors.append({"field": field, "message": _message_for(error, field)})
    if not errors:
        return error_response(request, 400, _("请求内容不正确。"))
    first = errors[0]
    return error_response(request, 400, first["message"], field=first["field"], errors=errors)


def _application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    return error_response(
        request,
        exc.status_code,
        exc.message,
        field=exc.field,
        retry_after=exc.extra.get("retry_after"),
    )


def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    cause = exc.__cause__
    if isinstance(cause, ApplicationError):
        return _application_error(request, cause)
    if isinstance(cause, SuspiciousOperation):
        return _suspicious(request, cause)
    messages = {
        400: _("请求体不是有效的 JSON（须为 UTF-8 编码的对象）。"),
        401: _("缺少接口密钥。"),
        403: _("接口密钥无效或已停用。"),
        429: _("请求太频繁，请稍后再试。"),
    }
    return error_response(request, exc.status_code, messages.get(exc.status_code, str(exc)))


def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(request, 404, _("找不到该资源。"))


def _suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
    if isinstance(exc, RequestDataTooBig):
        return _too_big(request)
    return error_response(request, 400, _("请求格式不正确。"))


def _too_big(request: HttpRequest) -> HttpResponse:
    return error_response(
        request, 413, _("请求内容太大，不能超过%(kb)d KB。") % {"kb": _body_limit(request) // 1024}
    )


# Open311 accepts one uploaded `media` file on POST requests: room for it beside the fields.
FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


def _body_limit(request: HttpRequest) -> int:
    if request.content_type == "multipart/form-data":
        return MAX_BODY_BYTES + settings.EQIAO_ATTACHMENT_MAX_BYTES
    return MAX_BODY_BYTES


def _unreadable_body(request: HttpRequest) -> str | None:
    """Parse a form body now, so that a malformed one (multipart without a boundary, a
    broken part, too many fields) is a clear 400 instead of an exception deep inside the
    authentication or the parameter parsing. None when the body can be read."""
    if request.method not in ("POST", "PUT", "PATCH") or request.content_type not in FORM_TYPES:
        return None
    try:
        # Read the raw body first: endpoints that take JSON read it after the form parse.
        _parsed = (request.body, request.POST, request.FILES)
    except (MultiPartParserError, BadRequest, SuspiciousOperation, UnicodeError, ValueError):
        return _(
            "请求体无法按 %(type)s 解析。multipart/form-data 须带 boundary，"
            "且各部分格式正确；表单须为 UTF-8 编码。"
        ) % {"type": request.content_type}
    return None


def body_size_guard(run):
    """View decorator: refuse an oversized or unreadable body before anything reads it."""

    def guarded(request: HttpRequest, *args, **kwargs):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return error_response(request, 400, _("请求格式不正确。"))
        if length > _body_limit(request):
            return _too_big(request)
        problem = _unreadable_body(request)
        if problem:
            return error_response(request, 400, problem)
        return run(request, *args, **kwargs)

    return guarded


def install(api) -> None:
    api.add_exception_handler(ApplicationError, _application_error)
    api.add_exception_handler(ValidationError, _validation_errors)
    api.add_exception_handler(HttpError, _http_error)
    api.add_exception_handler(Http404, _not_found)
    api.add_exception_handler(SuspiciousOperation, _suspicious)


@csrf_exempt
def unknown_path(request: HttpRequest, path: str = "") -> HttpResponse:
    """Anything else under /api/open311/ or /api/v1/: a JSON (or, for .xml, an XML) error,
    not an HTML page."""
    return error_response(request, 404, _("找不到该资源。"))
