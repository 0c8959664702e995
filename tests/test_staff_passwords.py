"""Staff passwords are hashed with Argon2; one stored with PBKDF2 (before the switch) still
logs in, and is re-hashed with Argon2 then."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import make_password

import config.settings.base as base
from eqiao.core.models import User


@pytest.mark.django_db
def test_a_pbkdf2_password_still_checks_and_is_upgraded_to_argon2(settings):
    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS
    user = User.objects.create(
        username="old_staff",
        password=make_password("pass-1234", hasher="pbkdf2_sha256"),
    )
    assert user.password.startswith("pbkdf2_sha256$")
    assert user.check_password("pass-1234")
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password("pass-1234") and not user.check_password("wrong")
