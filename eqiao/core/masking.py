"""Masking of personal data for lists, logs and exceptions (370***********1234)."""

from __future__ import annotations


def mask_id_number(value: str | None) -> str:
    if not value:
        return ""
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_phone(value: str | None) -> str:
    if not value:
        return ""
    if len(value) < 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_name(value: str | None) -> str:
    """张小明 → 张**; keeps the surname so staff can still address the person."""
    if not value:
        return ""
    return value[0] + "*" * (len(value) - 1)
