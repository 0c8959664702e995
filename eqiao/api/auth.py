"""Who is calling: an API client, by its key — `Authorization: Bearer <key>` on v1, the
`api_key` parameter on Open311 (a form field on POST, a query parameter on GET).

v1: no key is 401, a wrong or deactivated key 403. Open311 (as GeoReport v2 has it): a
missing or wrong `api_key` on a write is 403.

A key is a credential: it never reaches a log. A refused key is logged by a short
fingerprint (the first hex digits of its SHA-256), enough to tell two callers apart and to
match a client's own copy, not enough to use or recover it.
"""

from __future__ import annotations

import hashlib
import logging

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import APIKeyQuery, HttpBearer

from eqiao.api.errors import AuthenticationRequired
from eqiao.api.models import ApiClient
from eqiao.api.services.clients import api_client_authenticate
from eqiao.core.errors import PermissionDeniedError

logger = logging.getLogger(__name__)


def key_fingerprint(key: str) -> str:
    """Eight hex digits of the key's SHA-256: safe to log, useless to an attacker."""
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:8]


def _client_for(key: str | None) -> ApiClient | None:
    if not key:
        return None
    client = api_client_authenticate(key=key)
    if client is None:
        logger.warning("API key refused (fingerprint %s)", key_fingerprint(key))
        raise PermissionDeniedError(_("接口密钥无效或已停用。"))
    return client


def _bearer_key(request: HttpRequest) -> str | None:
    """The key of an `Authorization: Bearer <key>` header; None for any other shape."""
    scheme, _sep, key = request.headers.get("Authorization", "").strip().partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        return None
    return key.strip()


class ClientBearer(HttpBearer):
    """v1: `Authorization: Bearer <key>`. The header is parsed here rather than by
    django-ninja, whose parser logs an unexpected header whole (`Token <key>`)."""

    def __call__(self, request: HttpRequest):
        if not request.headers.get("Authorization"):
            raise AuthenticationRequired(
                _("缺少接口密钥：请在请求头加上 Authorization: Bearer <密钥>。")
            )
        key = _bearer_key(request)
        if key is None:  # "Token <key>", "Basic …", "Bearer" alone
            raise AuthenticationRequired(_("Authorization 请求头应为“Bearer <密钥>”。"))
        return self.authenticate(request, key)

    def authenticate(self, request: HttpRequest, token: str) -> ApiClient | None:
        return _client_for(token)


class Open311ApiKey(APIKeyQuery):
    """Open311: `api_key`, in the form body of a POST (as the spec has it) or the query.
    The body was parsed by the body guard before this runs."""

    param_name = "api_key"

    def _get_key(self, request: HttpRequest) -> str | None:
        if request.method == "POST":
            return request.POST.get(self.param_name) or request.GET.get(self.param_name)
        return request.GET.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> ApiClient | None:
        if not key:
            raise PermissionDeniedError(_("缺少 api_key。请向检察院申请接口密钥。"))
        return _client_for(key)


def optional_open311_client(request: HttpRequest) -> ApiClient | None:
    """For Open311 reads, where a key is optional: the client if a valid key came, None if
    none came, PermissionDeniedError if a wrong one came."""
    return _client_for(request.GET.get("api_key"))


def optional_bearer_client(request: HttpRequest) -> ApiClient | None:
    key = _bearer_key(request)
    return _client_for(key) if key else None
