"""Request and response shapes: Open311 GeoReport v2 and the native v1."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

# --- errors -------------------------------------------------------------------------------


class Open311Error(Schema):
    code: int
    description: str
    field: str | None = None


class FieldError(Schema):
    field: str | None
    message: str


class ErrorOut(Schema):
    detail: str
    field: str | None = None
    errors: list[FieldError] | None = None


# --- Open311 GeoReport v2 -------------------------------------------------------------------


class DiscoveryEndpoint(Schema):
    specification: str
    url: str
    changeset: str
    type: str
    formats: list[str]


class Discovery(Schema):
    changeset: str
    contact: str
    key_service: str
    endpoints: list[DiscoveryEndpoint]


class Open311Service(Schema):
    service_code: str
    service_name: str
    description: str
    metadata: bool
    type: str
    keywords: str
    group: str


class Open311ServiceDefinition(Schema):
    service_code: str
    attributes: list[dict]


class Open311RequestIn(Schema):
    """POST requests.json, form-encoded. Standard fields, then EQiao's extensions."""

    service_code: str = ""
    description: str = ""
    jurisdiction_id: str = ""
    first_name: str = ""
    last_name: str = ""
    phone: str = ""
    email: str = ""
    address_string: str = ""
    address_id: str = ""
    lat: str = ""
    long: str = ""
    device_id: str = ""
    account_id: str = ""
    media_url: str = ""
    # Extensions
    name: str = Field("", description="全名（扩展字段；中文姓名可代替 first_name/last_name）")
    title: str = Field("", description="标题（扩展字段）")
    id_number: str = Field("", description="身份证号（扩展字段）")
    anonymous: str = Field("", description="匿名举报：true/false（扩展字段）")
    channel: str = Field("", description="渠道（扩展字段；须与接入方的渠道一致）")


class Open311RequestCreated(Schema):
    service_request_id: str
    token: str
    service_notice: str
    account_id: str | None = None
    query_password: str | None = Field(None, description="查询密码（扩展字段，只在首次提交时返回）")
    procedural_reply_due: dt.date = Field(description="程序性答复期限（扩展字段）")
    result_reply_due: dt.date = Field(description="结果答复期限（扩展字段）")


class Open311Request(Schema):
    """A request's public status. Personal data (name, phone, address, the text) is never
    given: `description`, `address`, `lat`, `long` and `media_url` are always null."""

    service_request_id: str
    status: str
    status_notes: str
    service_name: str
    service_code: str
    description: str | None = None
    agency_responsible: str
    service_notice: str
    requested_datetime: dt.datetime
    updated_datetime: dt.datetime
    expected_datetime: dt.datetime | None
    address: str | None = None
    address_id: str | None = None
    zipcode: str | None = None
    lat: float | None = None
    long: float | None = None
    media_url: str | None = None


class Open311Token(Schema):
    service_request_id: str
    token: str


# --- native v1 ------------------------------------------------------------------------------


class ServiceOut(Schema):
    code: str
    name: str
    description: str
    group: str
    keywords: list[str]
    anonymous_allowed: bool


class PetitionIn(Schema):
    kind: str = Field(description="complaint / appeal / report / consultation / aid")
    content: str = Field(description="诉求内容，5–5000字")
    title: str = ""
    name: str = ""
    phone: str = ""
    id_number: str = ""
    address: str = ""
    origin: str = Field("", description="来源地（省份或国家）")
    anonymous: bool = Field(False, description="只有举报可以匿名")


class PetitionReceipt(Schema):
    tracking_number: str
    query_password: str | None = Field(
        description="查询密码：只在首次提交时返回（重试时一天内仍可返回），之后只在回执短信里"
    )
    created: bool
    kind: str
    status: str
    office: str
    submitted_at: dt.datetime
    procedural_reply_due: dt.date
    result_reply_due: dt.date
    notice: str


class PublicEvent(Schema):
    at: dt.datetime
    kind: str
    label: str
    text: str


class PetitionStatus(Schema):
    tracking_number: str
    kind: str
    kind_name: str
    status: str
    status_name: str
    office: str
    submitted_at: dt.datetime
    procedural_reply_due: dt.date
    result_reply_due: dt.date
    procedural_replied_at: dt.datetime | None
    result_replied_at: dt.datetime | None
    closed_at: dt.datetime | None
    outcome: str | None
    events: list[PublicEvent]


class MessageIn(Schema):
    text: str


class MessageOut(Schema):
    tracking_number: str
    at: dt.datetime
    text: str


class SmsInboundOut(Schema):
    result: str
    tracking_number: str | None = None


class SmsReceiptOut(Schema):
    result: str  # the message's status after the receipt, or "unknown"
