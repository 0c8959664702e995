"""Who is calling: an API client, by its key — `Authorization: Bearer <key>` on v1, the
`api_key` parameter on Open311 (a form field on POST, a query parameter on GET). No key is
401; a wrong or deactivated key is 403."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.security import APIKeyQuery, HttpBearer

from eqiao.api.errors import AuthenticationRequired
from eqiao.api.models import ApiClient
from eqiao.api.services.clients import api_client_authenticate
from eqiao.core.errors import PermissionDeniedError


def _client_for(key: str | None) -> ApiClient | None:
    if not key:
        return None
    client = api_client_authenticate(key=key)
    if client is None:
        raise PermissionDeniedError(_("接口密钥无效或已停用。"))
    return client


class ClientBearer(HttpBearer):
    """v1: `Authorization: Bearer <key>`."""

    def __call__(self, request: HttpRequest):
        if not request.headers.get("Authorization"):
            raise AuthenticationRequired(
                _("缺少接口密钥：请在请求头加上 Authorization: Bearer <密钥>。")
            )
        client = super().__call__(request)
        if client is None:  # a header that is not "Bearer <key>"
            raise AuthenticationRequired(_("Authorization 请求头应为“Bearer <密钥>”。"))
        return client

    def authenticate(self, request: HttpRequest, token: str) -> ApiClient | None:
        return _client_for(token)


class Open311ApiKey(APIKeyQuery):
    """Open311: `api_key`, in the form body of a POST (as the spec has it) or the query."""

    param_name = "api_key"

    def _get_key(self, request: HttpRequest) -> str | None:
        if request.method == "POST":
            return request.POST.get(self.param_name) or request.GET.get(self.param_name)
        return request.GET.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> ApiClient | None:
        if not key:
            raise AuthenticationRequired(_("缺少 api_key。请向检察院申请接口密钥。"))
        return _client_for(key)


def optional_open311_client(request: HttpRequest) -> ApiClient | None:
    """For Open311 reads, where a key is optional: the client if a valid key came, None if
    none came, PermissionDeniedError if a wrong one came."""
    return _client_for(request.GET.get("api_key"))


def optional_bearer_client(request: HttpRequest) -> ApiClient | None:
    header = request.headers.get("Authorization", "")
    scheme, _sep, key = header.partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        return None
    return _client_for(key.strip())
