"""The rules a petition must meet to be taken in, from any channel: one set of rules and
messages for the portal's form, the API and staff entry.

Every problem is found at once and reported by field (`SubmissionInvalid.errors`), so an
elderly person fixes them in one round rather than one per tap; callers that report one
problem read the first (`.field`, `.message`), in the order the fields are checked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from eqiao.core.errors import ApplicationError
from eqiao.core.validators import (
    normalize_id_number,
    normalize_mobile,
    validate_id_number,
    validate_mobile,
)
from eqiao.intake.kinds import anonymous_allowed
from eqiao.intake.models import Channel, Kind
from eqiao.intake.services.attachments import (
    CheckedAttachment,
    UploadedFile,
    attachment_validate,
)
from eqiao.intake.services.common import text_clean

MAX_CONTENT_CHARS = 5000
MIN_CONTENT_CHARS = 5
MAX_TITLE_CHARS = 100
MAX_NAME_CHARS = 50
MAX_ADDRESS_CHARS = 200
MAX_ORIGIN_CHARS = 60

# Channels that identify the person by the number they write from: a name may follow later.
NAMELESS_CHANNELS = frozenset({Channel.SMS, Channel.WECHAT})

T = TypeVar("T")


class SubmissionInvalid(ApplicationError):
    """One or more fields break the rules; `errors` maps each field to its message."""

    def __init__(self, errors: dict[str, str]):
        field, message = next(iter(errors.items()))
        super().__init__(message, field=field, extra={"errors": dict(errors)})
        self.errors = dict(errors)


@dataclass(frozen=True)
class CleanSubmission:
    """What passed the rules, normalised: texts trimmed, phone and ID number in plain form,
    attachments read and typed by content."""

    kind: str
    content: str
    title: str
    name: str
    phone: str
    id_number: str
    address: str
    origin: str
    anonymous: bool
    attachments: list[CheckedAttachment]


class _Errors:
    def __init__(self) -> None:
        self.by_field: dict[str, str] = {}

    def add(self, field: str, message: str) -> None:
        self.by_field.setdefault(field, message)

    def check(self, field: str, run: Callable[[], T], fallback: T) -> T:
        """`run()`, or `fallback` after noting its error under its field (or `field`)."""
        try:
            return run()
        except ApplicationError as exc:
            self.add(exc.field or field, exc.message)
        except ValidationError as exc:
            self.add(field, exc.messages[0])
        return fallback


def _text(errors: _Errors, value: str, field: str, label: str, **limits: int) -> str:
    return errors.check(
        field, lambda: text_clean(value, field=field, label=label, **limits), fallback=""
    )


def petition_validate(
    *,
    kind: str,
    channel: str,
    content: str,
    title: str = "",
    name: str = "",
    phone: str = "",
    id_number: str = "",
    address: str = "",
    origin: str = "",
    anonymous: bool = False,
    name_optional: bool = False,
    attachments: Sequence[UploadedFile] = (),
) -> CleanSubmission:
    """Check a submission against every rule; SubmissionInvalid lists every problem.

    `name_optional`: the caller reaches the person by phone (Open311, where every personal
    field is optional); staff ask for the name later. Uploads are read (to check their type
    by content), and returned checked."""
    errors = _Errors()
    if kind not in Kind.values:
        errors.add("kind", _("请选择诉求类别。"))
    if channel not in Channel.values:
        errors.add("channel", _("未知的来源渠道。"))
    content = _text(
        errors,
        content,
        "content",
        _("诉求内容"),
        max_chars=MAX_CONTENT_CHARS,
        min_chars=MIN_CONTENT_CHARS,
    )
    title = _text(errors, title, "title", _("标题"), max_chars=MAX_TITLE_CHARS)
    address = _text(errors, address, "address", _("地址"), max_chars=MAX_ADDRESS_CHARS)
    origin = _text(errors, origin, "origin", _("来源地"), max_chars=MAX_ORIGIN_CHARS)
    if anonymous and kind in Kind.values and not anonymous_allowed(kind):
        errors.add("anonymous", _("只有举报可以匿名提交。"))
    name = _text(errors, name, "name", _("姓名"), max_chars=MAX_NAME_CHARS)
    phone = normalize_mobile(phone or "")
    id_number = normalize_id_number(id_number or "")
    if not anonymous:
        if not name and not name_optional and channel not in NAMELESS_CHANNELS:
            errors.add("name", _("请填写姓名。"))
        if not phone:
            errors.add("phone", _("请填写手机号，方便我们联系您。"))
    if phone:
        errors.check("phone", lambda: validate_mobile(phone), fallback=None)
    if id_number:
        errors.check("id_number", lambda: validate_id_number(id_number), fallback=None)
    checked = _attachments(errors, attachments)
    if errors.by_field:
        raise SubmissionInvalid(errors.by_field)
    return CleanSubmission(
        kind=kind,
        content=content,
        title=title,
        name=name,
        phone=phone,
        id_number=id_number,
        address=address,
        origin=origin,
        anonymous=anonymous,
        attachments=checked,
    )


def _attachments(errors: _Errors, uploads: Sequence[UploadedFile]) -> list[CheckedAttachment]:
    files = list(uploads)
    if len(files) > settings.EQIAO_ATTACHMENT_MAX_COUNT:
        errors.add(
            "attachments",
            _("最多上传%(n)d个附件。") % {"n": settings.EQIAO_ATTACHMENT_MAX_COUNT},
        )
        return []
    checked: list[CheckedAttachment] = []
    for upload in files:
        try:
            checked.append(attachment_validate(upload))
        except ApplicationError as exc:
            errors.add(exc.field or "attachments", exc.message)
    return checked
