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


KIND_CODES = ["complaint", "appeal", "report", "consultation", "aid"]
CLIENT_CHANNELS = ["web", "wechat", "sms", "kiosk"]
IDEMPOTENCY_HELP = (
    "重试安全：同一个键只受理一次；同键不同内容返回 422。最长200个字符。"
    " / Makes retries safe; the same key with other content is 422."
)
PASSWORD_HELP = "查询密码（6位数字，见回执短信）/ the query password from the receipt SMS"
MEDIA_HELP = "附件：照片、PDF、Word 文档或录音，最大5 MB / one photo, PDF, Word file or recording"


def _text(description: str, max_length: int, min_length: int = 0, default="", example=None):
    """A text field whose limits the services enforce (with a specific Chinese message)
    and the OpenAPI document states."""
    extra: dict = {"maxLength": max_length} | ({"minLength": min_length} if min_length else {})
    return Field(default, description=description, json_schema_extra=extra | _example(example))


def _choice(description: str, choices: list[str], default="", example=None):
    extra = {"enum": choices} | _example(example)
    return Field(default, description=description, json_schema_extra=extra)


def _example(example) -> dict:
    return {"example": example} if example is not None else {}


PHONE = {"pattern": "^1[3-9][0-9]{9}$", "maxLength": 11, "example": "13906358888"}
# The example is the sample number of the national standard (GB 11643), not a person's.
ID_NUMBER = {"pattern": "^[0-9]{17}[0-9Xx]$", "example": "11010519491231002X"}


class Open311RequestIn(Schema):
    """POST requests.json, form-encoded. Standard fields, then EQiao's extensions. Every
    personal field is optional, but a request that is not an anonymous report needs a
    `phone` (mainland mobile), and a `name` (or `last_name`/`first_name`) unless a phone
    or an email is given."""

    service_code: str = _choice("服务代码（诉求类别）", KIND_CODES, ..., "consultation")
    description: str = _text("诉求内容，5–5000字", 5000, 5, ..., "请问离婚后孩子抚养费怎么计算？")
    jurisdiction_id: str = _text(
        "辖区：liaocheng（默认，全市）或市院、县区院的区划代码，如 371581", 20
    )
    first_name: str = _text("名", 50, example="磊")
    last_name: str = _text("姓", 50, example="赵")
    phone: str = Field("", description="手机号（11位）", json_schema_extra=PHONE)
    email: str = _text("电子邮箱（不保存）", 254)
    address_string: str = _text("地址", 200)
    address_id: str = _text("（不使用）", 100)
    lat: str = _text("纬度（不保存）", 30)
    long: str = _text("经度（不保存）", 30)
    device_id: str = _text("（不使用）", 100)
    account_id: str = _text("（不使用）", 100)
    media_url: str = Field(
        "",
        description="不接收：本系统不从互联网下载文件；请用 media 字段直接上传",
        json_schema_extra={"maxLength": 0},
    )
    # Extensions
    name: str = _text("全名（扩展字段；中文姓名可代替 first_name/last_name）", 50)
    title: str = _text("标题（扩展字段）", 100)
    id_number: str = Field(
        "", description="身份证号（扩展字段，18位）", json_schema_extra=ID_NUMBER
    )
    anonymous: str = _choice(
        "匿名举报（扩展字段；只有 report 可以匿名）", ["", "true", "false"], example="false"
    )
    channel: str = _choice(
        "渠道（扩展字段；可不填，填则须与接入方的渠道一致）", ["", *CLIENT_CHANNELS], example=""
    )


class Open311RequestCreated(Schema):
    service_request_id: str
    token: str
    service_notice: str
    account_id: str | None = None
    query_password: str | None = Field(None, description="查询密码（扩展字段，只在首次提交时返回）")
    procedural_reply_due: dt.date = Field(description="程序性答复期限（扩展字段）")
    result_reply_due: dt.date = Field(description="结果答复期限（扩展字段）")


class Open311Request(Schema):
    """A request's status. Personal data (name, phone, address, the text) is never given:
    `description`, `address`, `lat`, `long` and `media_url` are always null."""

    service_request_id: str
    status: str = Field(json_schema_extra={"enum": ["open", "closed"]})
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
    """A petition. The services check every limit below and answer 400 with a message that
    names the field; a non-anonymous petition needs `name` (except on the wechat and sms
    channels) and `phone`."""

    kind: str = _choice(
        "诉求类别：complaint / appeal / report / consultation / aid",
        KIND_CODES,
        ...,
        "consultation",
    )
    content: str = _text("诉求内容，5–5000字", 5000, 5, ..., "请问离婚后孩子抚养费怎么计算？")
    title: str = _text("标题", 100, example="抚养费")
    name: str = _text("姓名", 50, example="赵磊")
    phone: str = Field("", description="手机号（11位）", json_schema_extra=PHONE)
    id_number: str = Field("", description="身份证号（18位）", json_schema_extra=ID_NUMBER)
    address: str = _text("地址", 200)
    origin: str = _text("来源地（省份或国家）", 60)
    anonymous: bool = Field(False, description="只有举报（report）可以匿名")


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
    late: str | None = Field(
        description="已超期的答复：procedural（程序性答复）或 result（办理结果），未超期为 null"
        " / the reply that is late, if any",
        json_schema_extra={"enum": ["procedural", "result", None]},
    )
    late_days: int = Field(description="超期天数，未超期为0 / days late")
    late_notice: str | None = Field(
        description="超期时给群众看的说明（含致歉和下一步），未超期为 null"
        " / what to tell the citizen when a reply is late"
    )
    events: list[PublicEvent]


class MessageIn(Schema):
    text: str = _text("留言内容，1–2000字", 2000, 1, ..., "补充：对方姓王。")


class MessageOut(Schema):
    tracking_number: str
    at: dt.datetime
    text: str


class SmsInboundOut(Schema):
    result: str
    tracking_number: str | None = None


class SmsReceiptOut(Schema):
    result: str  # the message's status after the receipt, or "unknown"
