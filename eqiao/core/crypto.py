"""Encryption at rest for personal identifiers, and keyed hashes to look them up.

Values are sealed with AES-256-GCM under the newest key of ``EQIAO_FIELD_KEYS`` (comma-separated
base64 32-byte keys, newest first); every older key still opens what it sealed, so keys can be
rotated without downtime (``eqiao field_keys_rotate``). A sealed value reads

    eqf1$<key id>$<base64url(nonce || ciphertext || tag)>

where the key id is a fingerprint of the key: it names which key opens the value and can never
be mislabelled. The purpose ("id_number") is bound in as associated data, so a value moved to a
column of another purpose does not open.

Look-ups use ``keyed_hash``: HMAC-SHA256 under ``EQIAO_FIELD_HASH_KEY``, a separate key that
does not change when the encryption keys rotate (the same number always has the same hash).

Nothing here is decided by a caller: a missing, malformed or unknown key and a tampered value
raise ``FieldKeyError`` / ``FieldDecryptionError`` with a message that says what to fix.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from dataclasses import dataclass
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

TOKEN_PREFIX = "eqf1$"
KEY_BYTES = 32
NONCE_BYTES = 12


class FieldKeyError(ImproperlyConfigured):
    """The field keys are missing or malformed: fix the environment, then restart."""


class FieldDecryptionError(Exception):
    """A stored value cannot be opened: written under a key that is no longer configured, or
    altered since it was written."""


@dataclass(frozen=True)
class FieldKey:
    key_id: str
    secret: bytes


def key_fingerprint(secret: bytes) -> str:
    """The key id written into each value: 8 hex digits of a hash of the key."""
    return hashlib.sha256(b"eqiao-field-key-id\x00" + secret).hexdigest()[:8]


def decode_key(text: str, *, name: str) -> bytes:
    """A base64 (standard or URL-safe) 32-byte key, or FieldKeyError naming the variable."""
    cleaned = text.strip().replace("-", "+").replace("_", "/")
    try:
        secret = base64.b64decode(cleaned + "=" * (-len(cleaned) % 4), validate=True)
    except (binascii.Error, ValueError):
        secret = b""
    if len(secret) != KEY_BYTES:
        raise FieldKeyError(
            f"{name} must hold base64-encoded {KEY_BYTES}-byte keys "
            f"(make one with: python -c 'import os,base64;print(base64.b64encode(os.urandom(32))"
            ".decode())'); one entry is not."
        )
    return secret


def new_key() -> str:
    """A fresh key, base64-encoded, for EQIAO_FIELD_KEYS or EQIAO_FIELD_HASH_KEY."""
    return base64.b64encode(os.urandom(KEY_BYTES)).decode()


def dev_key(secret_key: str, purpose: str) -> str:
    """A development-only key derived from SECRET_KEY (local and test settings); production
    refuses to start without real keys."""
    digest = hashlib.sha256(f"eqiao-dev-{purpose}\x00{secret_key}".encode()).digest()
    return base64.b64encode(digest).decode()


def parse_keys(entries: list[str]) -> tuple[FieldKey, ...]:
    """The configured keys, newest first; FieldKeyError when none or one is malformed."""
    if not entries:
        raise FieldKeyError(
            "EQIAO_FIELD_KEYS is not set: identity numbers are encrypted at rest and need at "
            "least one key (base64, 32 bytes; newest first, comma-separated)."
        )
    keys = []
    for entry in entries:
        secret = decode_key(entry, name="EQIAO_FIELD_KEYS")
        keys.append(FieldKey(key_fingerprint(secret), secret))
    ids = [key.key_id for key in keys]
    if len(set(ids)) != len(ids):
        raise FieldKeyError("EQIAO_FIELD_KEYS lists the same key twice.")
    return tuple(keys)


@lru_cache(maxsize=8)
def _keyring(entries: tuple[str, ...]) -> tuple[FieldKey, ...]:
    return parse_keys(list(entries))


@lru_cache(maxsize=8)
def _hash_key(entry: str) -> bytes:
    if not entry:
        raise FieldKeyError(
            "EQIAO_FIELD_HASH_KEY is not set: look-ups of identity numbers need a keyed-hash key "
            "(base64, 32 bytes) that never changes."
        )
    return decode_key(entry, name="EQIAO_FIELD_HASH_KEY")


def keyring() -> tuple[FieldKey, ...]:
    """The keys from settings, newest first (parsed once per distinct setting)."""
    return _keyring(tuple(getattr(settings, "EQIAO_FIELD_KEYS", None) or ()))


def newest_key_id() -> str:
    return keyring()[0].key_id


def token_prefix(key_id: str) -> str:
    """What every value sealed under `key_id` starts with (for SQL prefix filters)."""
    return f"{TOKEN_PREFIX}{key_id}$"


def is_token(value: str) -> bool:
    return value.startswith(TOKEN_PREFIX)


def token_key_id(token: str) -> str:
    parts = token.split("$")
    if len(parts) != 3 or not is_token(token):
        raise FieldDecryptionError("A stored encrypted value is malformed (tampered or corrupt).")
    return parts[1]


def encrypt(plaintext: str, *, purpose: str) -> str:
    """Seal `plaintext` under the newest key; the empty string stays empty."""
    if not plaintext:
        return ""
    key = keyring()[0]
    nonce = os.urandom(NONCE_BYTES)
    sealed = AESGCM(key.secret).encrypt(nonce, plaintext.encode(), purpose.encode())
    body = base64.urlsafe_b64encode(nonce + sealed).decode().rstrip("=")
    return token_prefix(key.key_id) + body


def decrypt(token: str, *, purpose: str) -> str:
    """Open a value sealed by `encrypt` under any configured key."""
    if not token:
        return ""
    key_id = token_key_id(token)
    keys = {key.key_id: key for key in keyring()}
    if key_id not in keys:
        raise FieldDecryptionError(
            f"A stored value was encrypted under key {key_id}, which is not in EQIAO_FIELD_KEYS "
            f"(configured: {', '.join(keys)}). Add the old key back after the newest one."
        )
    body = token.split("$", 2)[2]
    try:
        raw = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        plain = AESGCM(keys[key_id].secret).decrypt(
            raw[:NONCE_BYTES], raw[NONCE_BYTES:], purpose.encode()
        )
    except (InvalidTag, binascii.Error, ValueError) as exc:
        raise FieldDecryptionError(
            f"A stored value under key {key_id} failed authentication: it was altered "
            "(tampered or corrupt) or belongs to another field."
        ) from exc
    return plain.decode()


def keyed_hash(value: str, *, purpose: str) -> str:
    """HMAC-SHA256 of `value` for look-ups (64 hex digits); empty for the empty string."""
    if not value:
        return ""
    key = _hash_key(getattr(settings, "EQIAO_FIELD_HASH_KEY", "") or "")
    message = purpose.encode() + b"\x00" + value.encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def check_field_keys(app_configs: object = None, **kwargs: object) -> list:
    """System check (every `eqiao` command, the server's start): the keys parse."""
    from django.core.checks import Error

    problems = []
    try:
        keyring()
        _hash_key(getattr(settings, "EQIAO_FIELD_HASH_KEY", "") or "")
    except FieldKeyError as exc:
        problems.append(Error(str(exc), id="eqiao.E001"))
    return problems
