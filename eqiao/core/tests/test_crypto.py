"""Encryption at rest: values open only with a configured key, tampering is detected, and a
missing or malformed key stops the program with a message that says what to set."""

from __future__ import annotations

import pytest

from eqiao.core import crypto

ID = "11010519491231002X"


@pytest.fixture
def two_keys(settings):
    old, new = crypto.new_key(), crypto.new_key()
    settings.EQIAO_FIELD_KEYS = [old]
    yield old, new


def test_a_sealed_value_hides_the_number_and_opens_again():
    token = crypto.encrypt(ID, purpose="id_number")
    assert ID not in token and "1949" not in token
    assert token.startswith(crypto.token_prefix(crypto.newest_key_id()))
    assert crypto.decrypt(token, purpose="id_number") == ID
    # A fresh nonce each time: equal numbers do not give equal ciphertexts.
    assert crypto.encrypt(ID, purpose="id_number") != token


def test_older_keys_still_open_what_they_sealed(settings, two_keys):
    old, new = two_keys
    token = crypto.encrypt(ID, purpose="id_number")
    settings.EQIAO_FIELD_KEYS = [new, old]
    assert crypto.decrypt(token, purpose="id_number") == ID
    assert crypto.token_key_id(crypto.encrypt(ID, purpose="id_number")) == crypto.newest_key_id()
    assert crypto.newest_key_id() != crypto.token_key_id(token)


def test_a_value_under_a_removed_key_fails_naming_the_key(settings, two_keys):
    old, new = two_keys
    token = crypto.encrypt(ID, purpose="id_number")
    settings.EQIAO_FIELD_KEYS = [new]
    with pytest.raises(crypto.FieldDecryptionError, match="not in EQIAO_FIELD_KEYS") as exc:
        crypto.decrypt(token, purpose="id_number")
    assert crypto.token_key_id(token) in str(exc.value)


@pytest.mark.parametrize("where", [-3, 20])
def test_a_tampered_value_fails_loudly(where):
    token = crypto.encrypt(ID, purpose="id_number")
    flipped = "A" if token[where] != "A" else "B"
    tampered = token[:where] + flipped + token[where + 1 :]
    with pytest.raises(crypto.FieldDecryptionError, match="tampered"):
        crypto.decrypt(tampered, purpose="id_number")


def test_a_value_moved_to_a_field_of_another_purpose_does_not_open():
    token = crypto.encrypt(ID, purpose="id_number")
    with pytest.raises(crypto.FieldDecryptionError):
        crypto.decrypt(token, purpose="passport_number")


@pytest.mark.parametrize("keys", [[], ["too-short"], ["not base64 !!"]])
def test_missing_or_malformed_keys_fail_with_what_to_set(settings, keys):
    settings.EQIAO_FIELD_KEYS = keys
    with pytest.raises(crypto.FieldKeyError, match="EQIAO_FIELD_KEYS"):
        crypto.encrypt(ID, purpose="id_number")


def test_the_same_key_listed_twice_is_refused(settings):
    key = crypto.new_key()
    settings.EQIAO_FIELD_KEYS = [key, key]
    with pytest.raises(crypto.FieldKeyError, match="twice"):
        crypto.keyring()


def test_keys_in_url_safe_base64_are_accepted(settings):
    key = crypto.new_key()
    settings.EQIAO_FIELD_KEYS = [key.replace("+", "-").replace("/", "_").rstrip("=")]
    assert crypto.keyring()[0].key_id == crypto.key_fingerprint(crypto.decode_key(key, name="x"))


def test_the_keyed_hash_is_stable_and_needs_its_key(settings, two_keys):
    old, new = two_keys
    before = crypto.keyed_hash(ID, purpose="id_number")
    settings.EQIAO_FIELD_KEYS = [new, old]  # rotating encryption keys keeps look-ups working
    assert crypto.keyed_hash(ID, purpose="id_number") == before
    assert ID not in before and len(before) == 64
    settings.EQIAO_FIELD_HASH_KEY = ""
    with pytest.raises(crypto.FieldKeyError, match="EQIAO_FIELD_HASH_KEY"):
        crypto.keyed_hash(ID, purpose="id_number")


def test_the_system_check_names_a_malformed_key(settings):
    from django.core.checks import run_checks

    assert not [e for e in run_checks() if e.id == "eqiao.E001"]
    settings.EQIAO_FIELD_KEYS = ["bm90IGEga2V5"]
    (error,) = [e for e in run_checks() if e.id == "eqiao.E001"]
    assert "EQIAO_FIELD_KEYS" in error.msg
