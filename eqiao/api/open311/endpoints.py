"""Open311 GeoReport v2 routes, each served as `.json` (in the OpenAPI document) and `.xml`
(the spec's other required format, same element names).

Services are the five kinds of petition; a service request is a petition, its
`service_request_id` the tracking number. Who may read a request: see `reading`.
"""

from __future__ import annotations

import functools
import re

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from ninja import File, Form, Header, Query, Router, UploadedFile
from ninja import Status as Reply

from eqiao.api import schemas
from eqiao.api.auth import Open311ApiKey, optional_open311_client
from eqiao.api.catalogue import SERVICES, SERVICES_BY_CODE, SERVICES_CHANGESET
from eqiao.api.models import ApiClient
from eqiao.api.open311 import reading
from eqiao.api.open311.xml import CONTENT_TYPE, xml_document
from eqiao.api.selectors import (
    petition_public,
    petitions_filed_by,
    petitions_public_listing,
    submission_by_token,
)
from eqiao.api.services.lookup import client_key
from eqiao.api.services.petitions import api_petition_submit
from eqiao.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from eqiao.core.ratelimit import client_ip
from eqiao.intake.models import Petition
from eqiao.intake.services.access import lookup_budget_check, lookup_miss_record, petition_unlock
from eqiao.offices.models import Level, Procuratorate
from eqiao.offices.selectors import office_for_region

router = Router(tags=["Open311 GeoReport v2"])
ERRORS = {code: list[schemas.Open311Error] for code in (400, 401, 403, 404, 413, 422, 429)}
SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
TRUE_WORDS = {"true", "1", "yes", "on"}
FALSE_WORDS = {"", "false", "0", "no", "off"}
PASSWORD_HEADER = "X-Query-Password"
JURISDICTION_RE = re.compile(r"[A-Za-z0-9_.-]{1,20}")
IDEMPOTENCY_HEADER = "Idempotency-Key"
MEDIA_FILE = File(None, description=schemas.MEDIA_HELP)
IDEMPOTENCY_KEY = Header(
    None,
    alias=IDEMPOTENCY_HEADER,
    description=schemas.IDEMPOTENCY_HELP,
    max_length=200,
)
QUERY_PASSWORD = Header(
    None,
    alias=PASSWORD_HEADER,
    description=schemas.PASSWORD_HELP,
    max_length=40,
)


def _documented(param, **schema):
    """`param` with `schema` stated in the OpenAPI document only: the value is checked by
    the service, whose message names what is wrong more plainly than a pattern mismatch."""
    param.json_schema_extra = {**(param.json_schema_extra or {}), **schema}
    return param


def _word_list(words) -> str:
    """A pattern for an empty value or a comma-separated list of `words`."""
    choice = "|".join(words)
    return f"^(({choice})(,({choice}))*)?$"


DATE_HELP = (
    "W3C 日期时间（如 2026-12-01T08:00:00+08:00）或日期；不带时区即北京时间。"
    " / A W3C datetime or a date; without an offset, China time."
)
STATUS_FILTER = _documented(
    Query("", description="open、closed，可用逗号分隔 / open, closed; comma-separated"),
    pattern=_word_list(reading.STATUS_WORDS),
)
SERVICE_CODE_FILTER = _documented(
    Query("", description="服务代码，可用逗号分隔 / service codes, comma-separated"),
    pattern=_word_list(schemas.KIND_CODES),
)
START_DATE = _documented(Query("", description=DATE_HELP), example="2026-12-01T00:00:00+08:00")
END_DATE = _documented(Query("", description=DATE_HELP), example="2026-12-07T23:59:59+08:00")


def open311(method: str, path: str, *, root: str, item: str | None = None, **options):
    """Register a view at `<path>.json` and at `<path>.xml`; the XML answer is the JSON
    one's data under `root` (list items named `item`)."""

    def register(view):
        @functools.wraps(view)
        def as_xml(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            result = view(request, *args, **kwargs)
            status = 200
            if isinstance(result, Reply):
                status, result = result.status_code, result.value
            return HttpResponse(
                xml_document(root, result, item=item), status=status, content_type=CONTENT_TYPE
            )

        as_xml.__name__ = f"{view.__name__}_xml"
        url_name = options.pop("url_name", None)
        router.api_operation([method], f"{path}.json", url_name=url_name, **options)(view)
        router.api_operation([method], f"{path}.xml", include_in_schema=False, **options)(as_xml)
        return view

    return register


def _service_out(service) -> dict:
    return {
        "service_code": service.code,
        "service_name": str(service.name),
        "description": str(service.description),
        "metadata": False,
        "type": "realtime",
        "keywords": ",".join(str(k) for k in service.keywords),
        "group": str(service.group),
    }


def _jurisdiction_office(jurisdiction_id: str) -> Procuratorate | None:
    """None for the whole organisation (empty or the configured id); a city or county
    procuratorate whose 区划代码 is the id, to file there directly. 404 for any other."""
    value = (jurisdiction_id or "").strip()
    if not value or value == settings.EQIAO_OPEN311_JURISDICTION_ID:
        return None
    # Only a plain code reaches the query (PostgreSQL refuses NUL characters with an error).
    office = None
    if JURISDICTION_RE.fullmatch(value):
        office = Procuratorate.objects.filter(
            code=value, level__in=[Level.CITY, Level.COUNTY]
        ).first()
    if office is None:
        raise NotFoundError(_("未知的 jurisdiction_id。"), field="jurisdiction_id")
    return office


@open311("GET", "/discovery", root="discovery", response={200: schemas.Discovery, **ERRORS})
def discovery(request: HttpRequest):
    """Service discovery: where the GeoReport v2 endpoint is and what it speaks."""
    services_url = request.build_absolute_uri(reverse("api:open311_services"))
    city = office_for_region(region=None)
    contact = " ".join(filter(None, [city.name, city.phone, city.address])) if city else ""
    return {
        "changeset": SERVICES_CHANGESET,
        "contact": contact,
        "key_service": _("接口密钥（api_key）由检察院发放，请联系：%(contact)s")
        % {"contact": contact or _("检察院技术部门")},
        "endpoints": [
            {
                "specification": SPECIFICATION,
                "url": services_url.rsplit("/", 1)[0],
                "changeset": SERVICES_CHANGESET,
                "type": "production",
                "formats": ["application/json", "text/xml"],
            }
        ],
    }


@open311(
    "GET",
    "/services",
    root="services",
    item="service",
    response={200: list[schemas.Open311Service], **ERRORS},
    url_name="open311_services",
)
def services(request: HttpRequest, jurisdiction_id: str = ""):
    """The five kinds of petition, as services."""
    _jurisdiction_office(jurisdiction_id)
    return _services_out(translation.get_language())


@functools.cache
def _services_out(language: str) -> list[dict]:
    """The service list in `language`: the catalogue is code, the same for every caller
    until the next release, so it is translated once per language and process."""
    with translation.override(language):
        return [_service_out(service) for service in SERVICES]


@open311(
    "GET",
    "/services/{service_code}",
    root="service_definition",
    response={200: schemas.Open311ServiceDefinition, **ERRORS},
)
def service_definition(request: HttpRequest, service_code: str, jurisdiction_id: str = ""):
    """A service's definition. No service has extra attributes (`metadata` is false)."""
    _jurisdiction_office(jurisdiction_id)
    if service_code not in SERVICES_BY_CODE:
        raise NotFoundError(_("没有这项服务：%(code)s") % {"code": service_code[:40]})
    return {"service_code": service_code, "attributes": []}


# --- filing -------------------------------------------------------------------------------


def _flag(value: str, field: str) -> bool:
    word = (value or "").strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ApplicationError(_("“%(field)s”应为 true 或 false。") % {"field": field}, field=field)


def _request_fields(
    data: schemas.Open311RequestIn, client: ApiClient, media: UploadedFile | None
) -> dict:
    code = data.service_code.strip()
    if not code:
        raise ApplicationError(_("缺少必填项“service_code”。"), field="service_code")
    if code not in SERVICES_BY_CODE:
        raise NotFoundError(_("没有这项服务：%(code)s") % {"code": code[:40]}, field="service_code")
    if data.channel.strip() and data.channel.strip() != client.channel:
        raise ApplicationError(
            _("该接入方只能以“%(channel)s”渠道提交。") % {"channel": client.get_channel_display()},
            field="channel",
        )
    if data.media_url.strip():
        raise ApplicationError(
            _(
                "不接收 media_url：本系统不从互联网下载文件。"
                "请把照片或文件放在 media 字段里直接上传（multipart/form-data）。"
            ),
            field="media_url",
        )
    # Chinese names put the family name first: last_name + first_name.
    name = data.name.strip() or f"{data.last_name.strip()}{data.first_name.strip()}"
    return {
        "kind": code,
        "content": data.description,
        "title": data.title,
        "name": name,
        "phone": data.phone,
        "id_number": data.id_number,
        "address": data.address_string,
        "anonymous": _flag(data.anonymous, "anonymous"),
        "office": _jurisdiction_office(data.jurisdiction_id),
        # GeoReport v2 makes every personal field optional: a phone to call back is enough.
        "name_optional": bool(data.phone.strip() or data.email.strip()),
        "attachments": [media] if media is not None else [],
    }


def _notice(petition: Petition) -> str:
    notice = _("已受理，请在%(date)s前留意程序性答复。") % {
        "date": petition.procedural_reply_due.isoformat()
    }
    if petition.phone:
        notice += _("受理编号和查询密码已通过短信发送。")
    return notice


# Open311 clients post form-encoded bodies; the document states that besides multipart
# (which django-ninja derives from the `media` file parameter).
FORM_ENCODED = {
    "requestBody": {
        "content": {
            "application/x-www-form-urlencoded": {
                "schema": schemas.Open311RequestIn.model_json_schema()
            }
        }
    }
}


@open311(
    "POST",
    "/requests",
    root="service_requests",
    item="request",
    auth=Open311ApiKey(),
    openapi_extra=FORM_ENCODED,
    response={
        200: list[schemas.Open311RequestCreated],
        201: list[schemas.Open311RequestCreated],
        **ERRORS,
    },
)
def request_create(
    request: HttpRequest,
    data: Form[schemas.Open311RequestIn],
    media: UploadedFile | None = MEDIA_FILE,
    idempotency_key: str | None = IDEMPOTENCY_KEY,
):
    """File a petition: form-encoded (or multipart with a `media` file), with `api_key`.
    A retry files nothing new: the same `Idempotency-Key`, or without one the identical
    submission within 10 minutes, returns the first request (200 instead of 201)."""
    client: ApiClient = request.auth
    try:
        receipt = api_petition_submit(
            client=client,
            idempotency_key=idempotency_key,
            **_request_fields(data, client, media),
        )
    except ApplicationError as exc:
        if exc.field == "attachments":  # intake's name for what Open311 calls `media`
            exc.field = "media"
        raise
    petition = receipt.petition
    return Reply(
        201 if receipt.created else 200,
        [
            {
                "service_request_id": petition.tracking_number,
                "token": receipt.token,
                "service_notice": _notice(petition),
                "account_id": None,
                "query_password": receipt.query_password,
                "procedural_reply_due": petition.procedural_reply_due,
                "result_reply_due": petition.result_reply_due,
            }
        ],
    )


# --- reading requests ---------------------------------------------------------------------


@open311(
    "GET",
    "/requests",
    root="service_requests",
    item="request",
    response={200: list[schemas.Open311Request], **ERRORS},
)
def request_list(
    request: HttpRequest,
    service_request_id: str = "",
    service_code: str = SERVICE_CODE_FILTER,
    status: str = STATUS_FILTER,
    start_date: str = START_DATE,
    end_date: str = END_DATE,
    jurisdiction_id: str = "",
    api_key: str = "",
):
    """With `service_request_id` (up to 20, comma-separated; it overrides every other
    filter): those of the requests the caller may see. Without: the calling client's own
    requests (`api_key`) of the last 90 days or of `start_date`–`end_date`, narrowed by
    `status` and `service_code`; with no key, the public listing if an administrator
    switched it on (never anonymous reports), else 403."""
    client = optional_open311_client(request)
    _jurisdiction_office(jurisdiction_id)
    numbers = reading.numbers_wanted(service_request_id)
    if numbers:
        found = reading.requests_by_numbers(request, numbers, client)
        return [reading.request_out(p, full_notes=reading.filed_by(p, client)) for p in found]
    wanted = reading.request_filter(
        start_date=start_date,
        end_date=end_date,
        status=status,
        service_code=service_code,
        now=timezone.now(),
    )
    if client is None and not reading.public_listing_enabled():
        raise PermissionDeniedError(
            _(
                "不提供公开的请求列表。请带上 api_key 查看本接入方提交的请求，"
                "或用 service_request_id 查询。"
            ),
            field="api_key",
        )
    lookup_budget_check(address=client_ip(request), client_key=client_key(client))
    if client is not None:
        own = petitions_filed_by(client=client, wanted=wanted)
        return [reading.request_out(p, full_notes=True) for p in own]
    listed = petitions_public_listing(wanted=wanted)
    return [reading.request_out(p, full_notes=False) for p in listed]


@open311(
    "GET",
    "/requests/{service_request_id}",
    root="service_requests",
    item="request",
    response={200: list[schemas.Open311Request], **ERRORS},
)
def request_detail(
    request: HttpRequest,
    service_request_id: str,
    jurisdiction_id: str = "",
    api_key: str = "",
    query_password: str | None = QUERY_PASSWORD,
):
    """One request (a list of one, as the spec has it), for the client that filed it, for
    whoever gives its query password, or (public listing on) for anyone unless it is an
    anonymous report. Anyone else gets the same 404 as for a number that does not exist."""
    _jurisdiction_office(jurisdiction_id)
    client = optional_open311_client(request)
    if query_password:
        petition = petition_unlock(
            tracking_number=service_request_id,
            password=query_password,
            address=client_ip(request),
            client_key=client_key(client),
        )
        return [reading.request_out(petition_public(petition=petition), full_notes=True)]
    found = reading.requests_by_numbers(request, [service_request_id], client)
    if not found:
        raise reading.not_found()
    return [reading.request_out(found[0], full_notes=reading.filed_by(found[0], client))]


@open311(
    "GET",
    "/tokens/{token}",
    root="service_requests",
    item="request",
    response={200: list[schemas.Open311Token], **ERRORS},
)
def token_detail(request: HttpRequest, token: str, jurisdiction_id: str = ""):
    """The service_request_id a token stands for. The token is a secret only the filing
    client received, so holding it is enough."""
    _jurisdiction_office(jurisdiction_id)
    client = optional_open311_client(request)
    ip = client_ip(request)
    lookup_budget_check(address=ip, client_key=client_key(client))
    submission = submission_by_token(token=token.strip())
    if submission is None:
        lookup_miss_record(address=ip, client_key=client_key(client))
        raise NotFoundError(_("找不到该 token。"), field="token")
    return [{"service_request_id": submission.petition.tracking_number, "token": submission.token}]
