"""The native JSON API, v1: services, filing a petition, its public status with the query
password, the citizen's follow-up messages, and the inbound SMS webhook."""

from __future__ import annotations

import datetime as dt
import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from ninja import Router, Status

from eqiao.api import schemas
from eqiao.api.appointments import router as appointments_router
from eqiao.api.auth import ClientBearer, optional_bearer_client
from eqiao.api.catalogue import SERVICES
from eqiao.api.errors import AuthenticationRequired
from eqiao.api.lateness import late_notice
from eqiao.api.publishing import router as publishing_router
from eqiao.api.selectors import petition_public
from eqiao.api.services.lookup import client_key
from eqiao.api.services.petitions import api_petition_message, api_petition_submit
from eqiao.api.times import china_time
from eqiao.channels.providers.sms_http.inbound import (
    MAX_ID_CHARS,
    MAX_TEXT_CHARS,
    InboundSmsError,
    sms_inbound_parse,
    sms_receipt_parse,
)
from eqiao.channels.services import inbound_dispatch, message_receipt_record
from eqiao.core.errors import PermissionDeniedError
from eqiao.core.ratelimit import client_ip
from eqiao.intake.models import EventKind, Outcome, Petition
from eqiao.intake.selectors import citizen_clock
from eqiao.intake.services.access import petition_unlock

router = Router(tags=["EQiao v1"])
router.add_router("/appointments", appointments_router)
ERRORS = {code: schemas.ErrorOut for code in (400, 401, 403, 404, 413, 422, 429)}
PASSWORD_HEADER = "X-Query-Password"
SMS_SECRET_HEADER = "X-EQiao-Sms-Secret"
IDEMPOTENCY_HEADER = "Idempotency-Key"


def _header_doc(name: str, description: str, *, max_length: int) -> dict:
    """An optional header the endpoint reads, stated in the OpenAPI document."""
    schema = {"type": "string", "maxLength": max_length}
    return {"in": "header", "name": name, "required": False, "description": description} | {
        "schema": schema
    }


IDEMPOTENCY_DOC = {
    "parameters": [
        _header_doc(IDEMPOTENCY_HEADER, schemas.IDEMPOTENCY_HELP, max_length=200),
    ]
}
PASSWORD_DOC = {"parameters": [_header_doc(PASSWORD_HEADER, schemas.PASSWORD_HELP, max_length=40)]}


@router.get("/services", response=list[schemas.ServiceOut])
def services(request: HttpRequest):
    """The five kinds of petition a citizen can file."""
    return [
        {
            "code": s.code,
            "name": str(s.name),
            "description": str(s.description),
            "group": str(s.group),
            "keywords": [str(k) for k in s.keywords],
            "anonymous_allowed": s.anonymous_allowed,
        }
        for s in SERVICES
    ]


def _receipt_notice(petition: Petition, created: bool, password: str | None) -> str:
    if created or password:
        return _("已受理。请告知来信人受理编号和查询密码，凭此查询办理进度。")
    return _("这是先前已受理的同一件诉求；查询密码已通过回执短信发给来信人。")


@router.post(
    "/petitions",
    auth=ClientBearer(),
    response={200: schemas.PetitionReceipt, 201: schemas.PetitionReceipt, **ERRORS},
    openapi_extra=IDEMPOTENCY_DOC,
)
def petition_create(request: HttpRequest, payload: schemas.PetitionIn):
    """File a petition as the calling client (its channel is recorded). Send an
    `Idempotency-Key` header: a retry with the same key returns the first petition (200)
    instead of filing another (201)."""
    receipt = api_petition_submit(
        client=request.auth,
        idempotency_key=request.headers.get("Idempotency-Key"),
        **payload.dict(),
    )
    petition = receipt.petition
    return receipt_response(
        201 if receipt.created else 200,
        {
            "tracking_number": petition.tracking_number,
            "query_password": receipt.query_password,
            "created": receipt.created,
            "kind": petition.kind,
            "status": petition.status,
            "office": petition.office.name,
            "submitted_at": _local(petition.submitted_at),
            "procedural_reply_due": petition.procedural_reply_due,
            "result_reply_due": petition.result_reply_due,
            "notice": _receipt_notice(petition, receipt.created, receipt.query_password),
        },
    )


# The receipt's fields and the types each may hold, as `schemas.PetitionReceipt` has them.
_RECEIPT_TYPES: dict[str, tuple[type, ...]] = {
    "tracking_number": (str,),
    "query_password": (str, type(None)),
    "created": (bool,),
    "kind": (str,),
    "status": (str,),
    "office": (str,),
    "submitted_at": (dt.datetime,),
    "procedural_reply_due": (dt.date,),
    "result_reply_due": (dt.date,),
    "notice": (str,),
}


def receipt_response(status: int, receipt: dict) -> HttpResponse | Status:
    """The receipt as django-ninja answers it (the response schema validates the dict, dumps
    it and the API's renderer writes the JSON), rendered straight from the dict when it
    already holds exactly the schema's fields with its types — the schema would pass each
    value through unchanged — which spares the validation and dump on every petition filed.
    Anything else goes through django-ninja (`Status`)."""
    if list(receipt) != list(_RECEIPT_TYPES) or any(
        not isinstance(value, _RECEIPT_TYPES[name])
        or (name.endswith("_due") and isinstance(value, dt.datetime))
        for name, value in receipt.items()
    ):
        return Status(status, receipt)
    from eqiao.api.api import api  # the API module imports this router

    plain = {name: str(v) if type(v) not in _PLAIN else v for name, v in receipt.items()}
    return HttpResponse(
        api.renderer.render(None, plain, response_status=status),  # type: ignore[arg-type]
        status=status,
        content_type=api.get_content_type(),
    )


_PLAIN = frozenset({str, bool, type(None), dt.datetime, dt.date})


def _local(moment: dt.datetime | None) -> dt.datetime | None:
    """Times in China time (+08:00), as citizens and staff read them."""
    return china_time(moment)


def _password(request: HttpRequest, password: str) -> str:
    return request.headers.get(PASSWORD_HEADER) or password or ""


def _status_out(petition: Petition) -> dict:
    petition = petition_public(petition=petition)
    events = petition.public_events
    clock = citizen_clock(petition=petition, today=timezone.localdate())
    return {
        "tracking_number": petition.tracking_number,
        "kind": petition.kind,
        "kind_name": petition.get_kind_display(),
        "status": petition.status,
        "status_name": petition.get_status_display(),
        "office": petition.office.name,
        "submitted_at": _local(petition.submitted_at),
        "procedural_reply_due": petition.procedural_reply_due,
        "result_reply_due": petition.result_reply_due,
        "procedural_replied_at": _local(petition.procedural_replied_at),
        "result_replied_at": _local(petition.result_replied_at),
        "closed_at": _local(petition.closed_at),
        "outcome": str(Outcome(petition.outcome).label) if petition.outcome else None,
        "late": clock.late if clock.overdue else None,
        "late_days": clock.late_days,
        "late_notice": late_notice(clock) or None,
        "events": [
            {
                "at": _local(e.at),
                "kind": e.kind,
                "label": str(EventKind(e.kind).label),
                "text": e.text,
            }
            for e in events
        ],
    }


@router.get(
    "/petitions/{tracking_number}",
    response={200: schemas.PetitionStatus, **ERRORS},
    openapi_extra=PASSWORD_DOC,
)
def petition_status(request: HttpRequest, tracking_number: str, password: str = ""):
    """A petition's status and public replies, for whoever holds its query password
    (header `X-Query-Password`, or `?password=`). A wrong number and a wrong password get
    the same 404; repeated misses are refused with 429 for a while."""
    petition = petition_unlock(
        tracking_number=tracking_number,
        password=_password(request, password),
        address=client_ip(request),
        client_key=client_key(optional_bearer_client(request)),
    )
    return _status_out(petition)


@router.post(
    "/petitions/{tracking_number}/messages",
    auth=ClientBearer(),
    response={201: schemas.MessageOut, **ERRORS},
    openapi_extra=PASSWORD_DOC,
)
def petition_message(
    request: HttpRequest, tracking_number: str, payload: schemas.MessageIn, password: str = ""
):
    """Add the citizen's follow-up message (needs the query password, like the status).
    Sending the same text again within minutes is the same message."""
    petition = petition_unlock(
        tracking_number=tracking_number,
        password=_password(request, password),
        address=client_ip(request),
        client_key=client_key(request.auth),
    )
    event = api_petition_message(client=request.auth, petition=petition, text=payload.text)
    return Status(
        201,
        {"tracking_number": petition.tracking_number, "at": _local(event.at), "text": event.text},
    )


def _check_sms_secret(request: HttpRequest) -> None:
    secret = settings.EQIAO_SMS_INBOUND_SECRET
    if not secret:
        raise PermissionDeniedError(
            _("未配置上行短信密钥（EQIAO_SMS_INBOUND_SECRET），接口未启用。")
        )
    given = request.headers.get(SMS_SECRET_HEADER, "")
    if not given:
        raise AuthenticationRequired(_("缺少上行短信密钥请求头。"))
    if not constant_time_compare(given, secret):
        raise PermissionDeniedError(_("上行短信密钥不对。"))


# What sms_inbound_parse and sms_receipt_parse accept, stated for generated clients.
SMS_ID_SCHEMA = {"type": "string", "pattern": r"^[A-Za-z0-9_.:\-]+$", "maxLength": MAX_ID_CHARS}
SMS_INBOUND_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["from", "text", "id"],
                    "properties": {
                        "from": {
                            "type": "string",
                            "pattern": r"^(\+?86)?1[3-9][0-9]{9}$",
                            "example": "13906351234",
                        },
                        "text": {
                            "type": "string",
                            "minLength": 1,
                            "maxLength": MAX_TEXT_CHARS,
                            "pattern": r"\S",
                            "description": "not blank",
                        },
                        "id": SMS_ID_SCHEMA | {"description": "provider message id"},
                        "reply_to": SMS_ID_SCHEMA
                        | {"description": "the gateway's id of our message this one answers"},
                    },
                }
            }
        },
    },
    "parameters": [
        {"in": "header", "name": SMS_SECRET_HEADER, "required": True, "schema": {"type": "string"}}
    ],
}


def _sms_webhook_payload(request: HttpRequest) -> object:
    """The SMS gateway's JSON body, once its shared secret checks out."""
    _check_sms_secret(request)
    try:
        return json.loads(request.body or b"null")
    except (ValueError, RecursionError) as exc:
        raise InboundSmsError(_("请求体不是有效的 JSON。")) from exc


@router.post(
    "/channels/sms/inbound",
    response={200: schemas.SmsInboundOut, **ERRORS},
    openapi_extra=SMS_INBOUND_BODY,
)
def sms_inbound(request: HttpRequest):
    """The SMS provider's webhook for messages citizens send, handed to the channels
    dispatcher: 退订/TD/STOP/N opts out, a reply a follow-up campaign recognises goes there,
    and otherwise intake takes it (a follow-up on the sender's newest open petition, or a
    new petition on the SMS channel). The same provider id twice is taken in once."""
    sms = sms_inbound_parse(_sms_webhook_payload(request))
    record = inbound_dispatch(
        channel="sms",
        provider="sms_http",
        provider_message_id=sms.provider_id,
        sender=sms.phone,
        text=sms.text,
        reply_to=sms.reply_to,
    )
    return {"result": record.outcome, "tracking_number": record.ref or None}


SMS_RECEIPT_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["id", "status"],
                    "properties": {
                        "id": SMS_ID_SCHEMA | {"description": "the id the gateway gave"},
                        "status": {"type": "string", "enum": ["delivered", "failed"]},
                        "error": {"type": "string", "description": "the gateway's error code"},
                    },
                }
            }
        },
    },
    "parameters": SMS_INBOUND_BODY["parameters"],
}


@router.post(
    "/channels/sms/receipt",
    response={200: schemas.SmsReceiptOut, **ERRORS},
    openapi_extra=SMS_RECEIPT_BODY,
)
def sms_receipt(request: HttpRequest):
    """The SMS gateway's delivery receipt: the message reached the phone (delivered) or
    not (failed). A receipt for an id we never sent is acknowledged and ignored, so the
    gateway does not retry it forever."""
    receipt = sms_receipt_parse(_sms_webhook_payload(request))
    message = message_receipt_record(
        provider="sms_http",
        provider_id=receipt.provider_id,
        delivered=receipt.delivered,
        error=receipt.error,
    )
    return {"result": message.status if message else "unknown"}


# Each domain's endpoints live in their own module and join the v1 router here.
from eqiao.api.cases import router as cases_router  # noqa: E402

router.add_router("", cases_router)
router.add_router("/publishing/", publishing_router)
# Case disclosure (public reads): eqiao/api/disclosure.py.
from eqiao.api.disclosure import router as disclosure_router  # noqa: E402

router.add_router("/", disclosure_router)

# The knowledge base's endpoints (/api/v1/knowledge/…) live in their own module.
from eqiao.api.knowledge import router as knowledge_router  # noqa: E402

router.add_router("/knowledge/", knowledge_router)

# Monitoring connectors push posts (/api/v1/opinion/posts): eqiao/api/opinion.py.
from eqiao.api.opinion import router as opinion_router  # noqa: E402

router.add_router("/opinion/", opinion_router)
# The satisfaction index (/api/v1/satisfaction) lives in eqiao/api/surveys.py.
from eqiao.api.surveys import router as surveys_router  # noqa: E402

router.add_router("/", surveys_router)
