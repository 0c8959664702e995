"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2), JSON only.

Services are the five kinds of petition; a service request is a petition, its
`service_request_id` the tracking number. Deviations, all for the petitioner's privacy:
- GET requests.json needs `service_request_id` (at most 20, comma-separated): there is no
  public list of petitions.
- A request's public status carries no personal data: `description`, `address`, `lat`,
  `long`, `media_url` are null. `status_notes` holds the latest reply only for the API
  client that filed the request (its `api_key` on the query); anyone else gets a note of
  the stage reached, and the citizen reads the reply with the query password (v1, portal).
- XML is not provided (discovery lists application/json only).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Form, Router
from ninja import Status as Reply

from eqiao.api import schemas
from eqiao.api.auth import Open311ApiKey, optional_open311_client
from eqiao.api.catalogue import SERVICES, SERVICES_BY_CODE, SERVICES_CHANGESET
from eqiao.api.models import ApiClient
from eqiao.api.selectors import petition_progress, petitions_public_by_numbers, submission_by_token
from eqiao.api.services.lookup import lookup_budget, lookup_miss, number_clean
from eqiao.api.services.petitions import api_petition_submit
from eqiao.core.errors import ApplicationError, NotFoundError
from eqiao.core.ratelimit import client_ip
from eqiao.intake.models import Petition, Status
from eqiao.offices.models import Level, Procuratorate
from eqiao.offices.selectors import office_for_region

router = Router(tags=["Open311 GeoReport v2"])
ERRORS = {
    400: list[schemas.Open311Error],
    401: list[schemas.Open311Error],
    403: list[schemas.Open311Error],
    404: list[schemas.Open311Error],
    413: list[schemas.Open311Error],
    422: list[schemas.Open311Error],
    429: list[schemas.Open311Error],
}
SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
TRUE_WORDS = {"true", "1", "yes", "on"}
FALSE_WORDS = {"", "false", "0", "no", "off"}


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


@router.get("/discovery.json", response={200: schemas.Discovery, **ERRORS})
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
                "formats": ["application/json"],
            }
        ],
    }


@router.get(
    "/services.json",
    response={200: list[schemas.Open311Service], **ERRORS},
    url_name="open311_services",
)
def services(request: HttpRequest, jurisdiction_id: str = ""):
    """The five kinds of petition, as services."""
    _jurisdiction_office(jurisdiction_id)
    return [_service_out(service) for service in SERVICES]


@router.get(
    "/services/{service_code}.json", response={200: schemas.Open311ServiceDefinition, **ERRORS}
)
def service_definition(request: HttpRequest, service_code: str, jurisdiction_id: str = ""):
    """A service's definition. No service has extra attributes (`metadata` is false)."""
    _jurisdiction_office(jurisdiction_id)
    if service_code not in SERVICES_BY_CODE:
        raise NotFoundError(_("没有这项服务：%(code)s") % {"code": service_code[:40]})
    return {"service_code": service_code, "attributes": []}


def _jurisdiction_office(jurisdiction_id: str) -> Procuratorate | None:
    """None for the whole organisation (empty or the configured id); a city or county
    procuratorate whose 区划代码 is the id, to file there directly."""
    value = (jurisdiction_id or "").strip()
    if not value or value == settings.EQIAO_OPEN311_JURISDICTION_ID:
        return None
    office = Procuratorate.objects.filter(code=value, level__in=[Level.CITY, Level.COUNTY]).first()
    if office is None:
        raise NotFoundError(_("未知的 jurisdiction_id。"), field="jurisdiction_id")
    return office


def _flag(value: str, field: str) -> bool:
    word = (value or "").strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ApplicationError(_("“%(field)s”应为 true 或 false。") % {"field": field}, field=field)


def _request_fields(data: schemas.Open311RequestIn, client: ApiClient) -> dict:
    if not data.service_code.strip():
        raise ApplicationError(_("缺少必填项“service_code”。"), field="service_code")
    if data.service_code.strip() not in SERVICES_BY_CODE:
        raise ApplicationError(
            _("没有这项服务：%(code)s") % {"code": data.service_code.strip()[:40]},
            field="service_code",
        )
    if data.channel.strip() and data.channel.strip() != client.channel:
        raise ApplicationError(
            _("该接入方只能以“%(channel)s”渠道提交。") % {"channel": client.get_channel_display()},
            field="channel",
        )
    # Chinese names put the family name first: last_name + first_name.
    name = data.name.strip() or f"{data.last_name.strip()}{data.first_name.strip()}"
    return {
        "kind": data.service_code.strip(),
        "content": data.description,
        "title": data.title,
        "name": name,
        "phone": data.phone,
        "id_number": data.id_number,
        "address": data.address_string,
        "anonymous": _flag(data.anonymous, "anonymous"),
        "office": _jurisdiction_office(data.jurisdiction_id),
    }


def _notice(petition: Petition) -> str:
    notice = _("已受理，请在%(date)s前留意程序性答复。") % {
        "date": petition.procedural_reply_due.isoformat()
    }
    if petition.phone:
        notice += _("受理编号和查询密码已通过短信发送。")
    return notice


@router.post(
    "/requests.json",
    auth=Open311ApiKey(),
    response={
        200: list[schemas.Open311RequestCreated],
        201: list[schemas.Open311RequestCreated],
        **ERRORS,
    },
)
def request_create(request: HttpRequest, data: Form[schemas.Open311RequestIn]):
    """File a petition. Form-encoded, with `api_key`. An `Idempotency-Key` header makes
    retries safe: the same key returns the first request (200 instead of 201)."""
    client: ApiClient = request.auth
    receipt = api_petition_submit(
        client=client,
        idempotency_key=request.headers.get("Idempotency-Key"),
        **_request_fields(data, client),
    )
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

# A note of the stage reached, for callers who may not read the reply itself.
STAGE_NOTES: dict[str, Callable[[], str]] = {
    Status.ACCEPTED.value: lambda: _("已受理，等待办理。"),
    Status.ASSIGNED.value: lambda: _("正在办理。"),
    Status.REPLIED.value: lambda: _("已作出答复。答复内容请凭受理编号和查询密码查看。"),
    Status.CLOSED.value: lambda: _("已办结。答复内容请凭受理编号和查询密码查看。"),
}


def _end_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(23, 59, 59)))


def _expected(petition: Petition) -> dt.datetime | None:
    if petition.status == Status.CLOSED:
        return None
    if petition.procedural_replied_at is None:
        return _end_of(petition.procedural_reply_due)
    if petition.result_replied_at is None:
        return _end_of(petition.result_reply_due)
    return None


def _request_out(petition: Petition, client: ApiClient | None) -> dict:
    progress = petition_progress(petition)
    submission = getattr(petition, "api_submission", None)
    filed_by_caller = bool(client and submission and submission.client_id == client.pk)
    if filed_by_caller and progress.latest_reply:
        notes = progress.latest_reply.text
    else:
        notes = STAGE_NOTES.get(petition.status, STAGE_NOTES[Status.ACCEPTED])()
    updated = max(
        [petition.submitted_at] + ([progress.latest_event.at] if progress.latest_event else [])
    )
    service = SERVICES_BY_CODE.get(petition.kind)
    return {
        "service_request_id": petition.tracking_number,
        "status": "closed" if petition.status == Status.CLOSED else "open",
        "status_notes": notes,
        "service_name": str(service.name) if service else petition.get_kind_display(),
        "service_code": petition.kind,
        "agency_responsible": petition.office.name,
        "service_notice": "",
        "requested_datetime": timezone.localtime(petition.submitted_at),
        "updated_datetime": timezone.localtime(updated),
        "expected_datetime": _expected(petition),
    }


def _lookup(request: HttpRequest, numbers: list[str]) -> tuple[list[Petition], ApiClient | None]:
    client = optional_open311_client(request)
    ip = client_ip(request)
    lookup_budget(ip=ip, client=client)
    cleaned = [n for n in (number_clean(x) for x in numbers) if n]
    found = petitions_public_by_numbers(numbers=cleaned)
    misses = len(set(numbers)) - len(found)
    if misses > 0:
        lookup_miss(ip=ip, client=client, count=misses)
    return found, client


@router.get("/requests.json", response={200: list[schemas.Open311Request], **ERRORS})
def request_list(
    request: HttpRequest,
    service_request_id: str = "",
    service_code: str = "",
    status: str = "",
    jurisdiction_id: str = "",
):
    """The public status of the requests named in `service_request_id` (comma-separated,
    at most 20), optionally narrowed by `service_code` and `status` (open/closed)."""
    numbers = [n.strip() for n in service_request_id.split(",") if n.strip()]
    if not numbers:
        raise ApplicationError(
            _("请提供 service_request_id。为保护来信人隐私，不提供信访件列表。"),
            field="service_request_id",
        )
    if len(numbers) > 20:
        raise ApplicationError(
            _("一次最多查询20个 service_request_id。"), field="service_request_id"
        )
    _jurisdiction_office(jurisdiction_id)
    found, client = _lookup(request, numbers)
    codes = {c for c in service_code.split(",") if c}
    statuses = {s for s in status.split(",") if s}
    results = [_request_out(p, client) for p in found]
    return [
        r
        for r in results
        if (not codes or r["service_code"] in codes) and (not statuses or r["status"] in statuses)
    ]


@router.get(
    "/requests/{service_request_id}.json", response={200: list[schemas.Open311Request], **ERRORS}
)
def request_detail(request: HttpRequest, service_request_id: str, jurisdiction_id: str = ""):
    """One request's public status (a list of one, as the spec has it)."""
    _jurisdiction_office(jurisdiction_id)
    found, client = _lookup(request, [service_request_id])
    if not found:
        raise NotFoundError(_("找不到该请求。"), field="service_request_id")
    return [_request_out(found[0], client)]


@router.get("/tokens/{token}.json", response={200: list[schemas.Open311Token], **ERRORS})
def token_detail(request: HttpRequest, token: str, jurisdiction_id: str = ""):
    """The service_request_id a token stands for."""
    _jurisdiction_office(jurisdiction_id)
    client = optional_open311_client(request)
    ip = client_ip(request)
    lookup_budget(ip=ip, client=client)
    submission = submission_by_token(token=token.strip())
    if submission is None:
        lookup_miss(ip=ip, client=client)
        raise NotFoundError(_("找不到该 token。"), field="token")
    return [{"service_request_id": submission.petition.tracking_number, "token": submission.token}]
