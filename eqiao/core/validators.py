"""Validation of personal identifiers: GB 11643 resident ID numbers and mainland mobiles."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_ID_RE = re.compile(r"^\d{17}[\dX]$")
_MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


def id_number_checksum_ok(value: str) -> bool:
    """True when `value` is an 18-character ID whose last character is the GB 11643 check."""
    value = value.strip().upper()
    if not _ID_RE.match(value):
        return False
    total = sum(int(d) * w for d, w in zip(value[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == value[17]


def normalize_id_number(value: str) -> str:
    return value.strip().replace(" ", "").upper()


def validate_id_number(value: str) -> None:
    value = normalize_id_number(value)
    if not re.match(r"^\d{17}[\dXx]$", value):
        raise ValidationError(_("身份证号应为18位，最后一位可以是数字或X。"), code="id_format")
    if not id_number_checksum_ok(value):
        raise ValidationError(_("身份证号校验不通过，请核对后重新输入。"), code="id_checksum")


def normalize_mobile(value: str) -> str:
    """Strip spaces, dashes and a +86/0086 prefix."""
    value = re.sub(r"[\s\-]", "", value.strip())
    for prefix in ("+86", "0086"):
        if value.startswith(prefix):
            value = value[len(prefix) :]
    return value


def validate_mobile(value: str) -> None:
    if not _MOBILE_RE.match(normalize_mobile(value)):
        raise ValidationError(
            _("手机号应为11位数字，以1开头，例如 13812345678。"), code="mobile_format"
        )
