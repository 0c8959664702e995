"""The query password: stored as a keyed hash made before the submission's transaction,
checked the same way by the portal and the API (`petition_unlock`), old password-hasher
values still accepted and upgraded on the first right lookup."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.test import override_settings

from eqiao.channels.models import OutboundMessage as OutboundSms
from eqiao.core.crypto import new_key
from eqiao.core.errors import NotFoundError
from eqiao.intake.models import Petition
from eqiao.intake.services import query_password, submission
from eqiao.intake.services.access import petition_unlock
from eqiao.intake.services.query_password import (
    PREFIX,
    petition_password_ok,
    query_password_hash,
)
from eqiao.intake.services.submission import petition_submit
from eqiao.intake.tests.factories import PASSWORD, make_petition

pytestmark = pytest.mark.django_db

PBKDF2 = "django.contrib.auth.hashers.PBKDF2PasswordHasher"
MD5 = "django.contrib.auth.hashers.MD5PasswordHasher"
ADDRESS = "192.0.2.7"


def _submit():
    return petition_submit(
        kind="complaint",
        channel="web",
        name="李某某",
        phone="13912345678",
        content="单位拖欠工资三个月，多次讨要未果，请求检察机关监督。",
    )


def _unlock(petition, password):
    return petition_unlock(
        tracking_number=petition.tracking_number, password=password, address=ADDRESS
    )


def _wrong(password: str) -> str:
    return "000000" if password != "000000" else "111111"


def _stored(petition) -> str:
    return Petition.objects.values_list("query_password_hash", flat=True).get(pk=petition.pk)


def _old_format(password: str) -> str:
    """What a petition filed before the keyed hash holds: Django's PBKDF2 (fewer rounds than
    the default, so the test stays fast; the format and the check are the same)."""
    hasher = PBKDF2PasswordHasher()
    return hasher.encode(password, hasher.salt(), iterations=1000)


def test_a_new_petition_stores_a_keyed_hash_and_not_its_password(office_tree):
    result = _submit()
    stored = _stored(result.petition)
    assert stored.startswith(PREFIX) and result.query_password not in stored
    assert stored == query_password_hash(result.query_password)


def test_the_receipt_is_still_queued_with_the_petition(office_tree):
    result = _submit()
    receipt = OutboundSms.objects.get(purpose="receipt", ref=result.petition.tracking_number)
    assert result.query_password in receipt.text


def test_the_password_is_hashed_before_the_transaction_opens(office_tree, monkeypatch):
    """Nothing slow holds SQLite's write lock: the hash is made outside the atomic block."""
    outside = len(connection.atomic_blocks)
    depths = []

    def spy(password):
        depths.append(len(connection.atomic_blocks))
        return query_password_hash(password)

    monkeypatch.setattr(submission, "query_password_hash", spy)
    _submit()
    assert depths == [outside]


def test_the_right_password_unlocks_and_a_wrong_one_does_not(office_tree):
    result = _submit()
    assert _unlock(result.petition, result.query_password).pk == result.petition.pk
    with pytest.raises(NotFoundError):
        _unlock(result.petition, _wrong(result.query_password))


def test_the_new_format_does_not_use_the_password_hasher(office_tree, monkeypatch):
    """With Django's real (slow) hasher configured, a lookup never calls it."""

    def forbidden(*args, **kwargs):
        raise AssertionError("check_password called for a keyed hash")

    monkeypatch.setattr(query_password, "check_password", forbidden)
    with override_settings(PASSWORD_HASHERS=[PBKDF2]):
        result = _submit()
        assert _unlock(result.petition, result.query_password).pk == result.petition.pk
        with pytest.raises(NotFoundError):
            _unlock(result.petition, _wrong(result.query_password))
        with pytest.raises(NotFoundError):
            petition_unlock(tracking_number="999999999999", password="123456", address=ADDRESS)


def test_an_unknown_number_costs_what_a_wrong_password_costs(office_tree, monkeypatch):
    """One keyed hash either way, and no password hasher: the time does not tell which
    numbers exist."""
    petition = make_petition(office_tree.qingshui)
    calls = []
    real = query_password.keyed_hash

    def counting(value, *, purpose):
        calls.append(purpose)
        return real(value, purpose=purpose)

    monkeypatch.setattr(query_password, "keyed_hash", counting)
    with pytest.raises(NotFoundError):
        _unlock(petition, _wrong(PASSWORD))
    wrong_password = list(calls)
    calls.clear()
    with pytest.raises(NotFoundError):
        petition_unlock(tracking_number="999999999999", password=PASSWORD, address=ADDRESS)
    assert calls == wrong_password == ["query_password"]


def test_a_petition_stored_in_the_old_format_opens_and_is_upgraded(office_tree):
    with override_settings(PASSWORD_HASHERS=[PBKDF2, MD5]):
        petition = make_petition(office_tree.qingshui, query_password_hash=_old_format(PASSWORD))
        with pytest.raises(NotFoundError):
            _unlock(petition, _wrong(PASSWORD))
        assert _stored(petition).startswith("pbkdf2_sha256$")  # a wrong try changes nothing

        assert _unlock(petition, PASSWORD).pk == petition.pk

    upgraded = _stored(petition)
    assert upgraded == query_password_hash(PASSWORD) and PASSWORD not in upgraded
    assert _unlock(petition, PASSWORD).pk == petition.pk  # no password hasher needed now


def test_another_hash_key_does_not_open_the_stored_hash(office_tree):
    result = _submit()
    with override_settings(EQIAO_FIELD_HASH_KEY=new_key()):
        assert not petition_password_ok(petition=result.petition, password=result.query_password)
        with pytest.raises(NotFoundError):
            _unlock(result.petition, result.query_password)
    assert petition_password_ok(petition=result.petition, password=result.query_password)


@pytest.mark.parametrize("password", ["", "   "])
def test_an_empty_password_never_matches(office_tree, password):
    petition = make_petition(office_tree.qingshui)
    assert not petition_password_ok(petition=petition, password=password)
