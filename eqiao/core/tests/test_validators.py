import pytest
from django.core.exceptions import ValidationError

from eqiao.core.masking import mask_id_number, mask_name, mask_phone
from eqiao.core.validators import (
    id_number_checksum_ok,
    normalize_mobile,
    validate_id_number,
    validate_mobile,
)


def _with_check(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
    return first17 + "10X98765432"[total % 11]


def test_gb11643_checksum_accepts_valid_and_rejects_one_changed_digit():
    valid = _with_check("37150219800101123")
    assert id_number_checksum_ok(valid)
    tampered = valid[:5] + str((int(valid[5]) + 1) % 10) + valid[6:]
    assert not id_number_checksum_ok(tampered)


def test_lowercase_x_is_accepted():
    # 11010519491231002X is the standard's worked example.
    validate_id_number("11010519491231002x")


@pytest.mark.parametrize(
    ("value", "code"),
    [("37150219800101", "id_format"), ("371502198001011239", "id_checksum"), ("abc", "id_format")],
)
def test_bad_id_numbers_get_specific_errors(value, code):
    if code == "id_checksum" and id_number_checksum_ok(value):
        value = value[:-1] + ("0" if value[-1] != "0" else "1")
    with pytest.raises(ValidationError) as info:
        validate_id_number(value)
    assert info.value.code == code


@pytest.mark.parametrize("value", ["13812345678", "+86 138 1234 5678", "0086-19912345678"])
def test_mobile_numbers_in_common_forms(value):
    validate_mobile(value)
    assert len(normalize_mobile(value)) == 11


@pytest.mark.parametrize("value", ["12812345678", "1381234567", "0635-8241234", "電話"])
def test_not_a_mainland_mobile(value):
    with pytest.raises(ValidationError, match="手机号"):
        validate_mobile(value)


def test_masking_keeps_only_what_staff_need_in_lists():
    assert mask_id_number("371502198001011234") == "371***********1234"
    assert mask_phone("13812345678") == "138****5678"
    assert mask_name("张小明") == "张**"
    assert mask_id_number("") == mask_phone(None) == ""
