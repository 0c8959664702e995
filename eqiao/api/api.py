"""The API root: one NinjaAPI with the Open311 and v1 routers, the OpenAPI document at
/api/openapi.json and its Swagger UI at /api/docs — served from django-ninja's own static
files (no CDN), so the docs work on an offline network too."""

from __future__ import annotations

from ninja import NinjaAPI, Swagger
from ninja.renderers import JSONRenderer

from eqiao.api import errors
from eqiao.api.open311.endpoints import router as open311_router
from eqiao.api.v1 import router as v1_router

DESCRIPTION = """
E桥 (EQiao) 检察院群众服务接口 — the citizen-service API of the procuratorate.

* **Open311 GeoReport v2** under `/api/open311/v2/`: the five kinds of petition are the
  services; POST requests form-encoded (or multipart with a `media` file) with `api_key`.
  Every endpoint also answers in XML: replace `.json` by `.xml` (not listed below). A
  request is visible only to the client that filed it (`api_key`) or with its query
  password (`X-Query-Password`); it never carries personal data.
* **v1** under `/api/v1/`: JSON in and out; writes need `Authorization: Bearer <key>`;
  `Idempotency-Key` makes retries safe; reading a petition needs its query password
  (`X-Query-Password`).

Errors are 4xx with a message in Chinese: Open311 `[{"code", "description"}]`, v1
`{"detail", "field", "errors"}`. Lookups and writes are rate-limited (429 + Retry-After).
Keys: `eqiao api_client_create NAME --channel kiosk`.
"""


class Utf8JSONRenderer(JSONRenderer):
    """Chinese as characters, not \\u escapes: readable in curl and in logs."""

    json_dumps_params = {"ensure_ascii": False}


class OfflineSwagger(Swagger):
    """Swagger UI without calls to validator.swagger.io."""

    def __init__(self):
        super().__init__(settings={"validatorUrl": None, "defaultModelsExpandDepth": 0})


api = NinjaAPI(
    title="E桥 EQiao API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs=OfflineSwagger(),
    docs_url="/docs",
    openapi_url="/openapi.json",
    renderer=Utf8JSONRenderer(),
)
for router in (open311_router, v1_router):
    router.add_decorator(errors.body_size_guard, mode="view")
api.add_router("/open311/v2/", open311_router)
api.add_router("/v1/", v1_router)
errors.install(api)
