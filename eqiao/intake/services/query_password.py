"""A petition's query password: stored as a keyed hash, checked in constant time.

The query password is six digits the system generates and texts to the citizen, not a
password a person chose and reuses elsewhere: a slow password hasher (PBKDF2, half a second
of CPU) protects nothing a server key does not, and made every submission and every lookup
pay for it. It is stored as

    hmac$<HMAC-SHA256 under EQIAO_FIELD_HASH_KEY, 64 hex digits>

(`core.crypto.keyed_hash`, the way Django's reset tokens are keyed by a server secret): a
stolen database without the key cannot be searched for the passwords, and guessing through
the lookup form is slowed by the throttles in `access`.

Petitions stored before this change hold a Django password hash (anything without the
prefix); it is still checked with `check_password`, and replaced by the keyed hash the first
time the right password opens the petition (`query_password_upgrade`).
"""

from __future__ import annotations

import hmac

from django.contrib.auth.hashers import check_password

from eqiao.core.crypto import keyed_hash
from eqiao.intake.models import Petition

PREFIX = "hmac$"
PURPOSE = "query_password"


def query_password_hash(password: str) -> str:
    """What is stored for `password` (no salt: the key is the secret; the same password gives
    the same value under the same EQIAO_FIELD_HASH_KEY). Cheap: compute it before a
    transaction opens all the same."""
    return PREFIX + keyed_hash(password, purpose=PURPOSE)


def query_password_matches(*, stored: str, password: str) -> bool:
    """Whether `password` is the one `stored` was made from, in either format. An empty
    password never matches."""
    if not password:
        return False
    if is_keyed(stored):
        return hmac.compare_digest(stored, query_password_hash(password))
    return check_password(password, stored)


def is_keyed(stored: str) -> bool:
    return stored.startswith(PREFIX)


def petition_password_ok(*, petition: Petition, password: str) -> bool:
    return query_password_matches(stored=petition.query_password_hash, password=password.strip())


def query_password_upgrade(*, petition: Petition, password: str) -> None:
    """Replace an old-format stored hash by the keyed hash of `password`.

    Precondition: `password` was just checked right (`petition_password_ok`). Does nothing
    when the stored value is already keyed. One UPDATE, conditioned on the old value so that
    a concurrent change (another lookup's upgrade) is not overwritten."""
    old = petition.query_password_hash
    if is_keyed(old):
        return
    new = query_password_hash(password.strip())
    Petition.objects.filter(pk=petition.pk, query_password_hash=old).update(query_password_hash=new)
    petition.query_password_hash = new
