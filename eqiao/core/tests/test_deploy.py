"""Production settings: the deploy checks pass when configured, and refuse unsafe set-ups."""

from __future__ import annotations

import base64
import os
import secrets
import subprocess
import sys

import pytest

GOOD_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "EQIAO_SECRET_KEY": secrets.token_urlsafe(60),
    "EQIAO_ALLOWED_HOSTS": "jcy.example.cn",
    "EQIAO_SMS_GATEWAY": "eqiao.channels.sms.backends.http.HttpSmsGateway",
    "EQIAO_SMS_HTTP_URL": "https://sms.example.cn/send",
    "EQIAO_SMS_HTTP_KEY": "key",
    "EQIAO_FIELD_KEYS": f"{base64.b64encode(os.urandom(32)).decode()},"
    f"{base64.urlsafe_b64encode(os.urandom(32)).decode()}",
    "EQIAO_FIELD_HASH_KEY": base64.b64encode(os.urandom(32)).decode(),
}


def _check(env: dict) -> subprocess.CompletedProcess:
    # A deployment's environment: none of the test run's own settings (the browser tests set
    # DJANGO_ALLOW_ASYNC_UNSAFE in this process), only what GOOD_ENV gives.
    test_only = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {
        k: v for k, v in os.environ.items() if not k.startswith("EQIAO_") and k not in test_only
    }
    return subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_checks_pass_with_production_configuration():
    result = _check(GOOD_ENV)
    assert result.returncode == 0, result.stderr


def test_production_refuses_the_development_secret_key():
    env = {k: v for k, v in GOOD_ENV.items() if k != "EQIAO_SECRET_KEY"}
    result = _check(env)
    assert result.returncode != 0
    assert "EQIAO_SECRET_KEY" in result.stderr


def test_production_refuses_the_file_sms_gateway():
    result = _check(
        {**GOOD_ENV, "EQIAO_SMS_GATEWAY": "eqiao.channels.sms.backends.file.FileSmsGateway"}
    )
    assert result.returncode != 0
    assert "SMS" in result.stderr


def test_production_refuses_a_fake_provider_by_its_new_setting_name():
    env = {k: v for k, v in GOOD_ENV.items() if k != "EQIAO_SMS_GATEWAY"}
    result = _check({**env, "EQIAO_SMS_PROVIDER": "sms_locmem"})
    assert result.returncode != 0
    assert "SMS" in result.stderr and "sms_locmem" in result.stderr


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"EQIAO_FIELD_KEYS": None}, "EQIAO_FIELD_KEYS is not set"),
        ({"EQIAO_FIELD_KEYS": "c2hvcnQ="}, "EQIAO_FIELD_KEYS must hold base64-encoded 32-byte"),
        ({"EQIAO_FIELD_HASH_KEY": None}, "EQIAO_FIELD_HASH_KEY must be set"),
        ({"EQIAO_FIELD_HASH_KEY": "not a key"}, "EQIAO_FIELD_HASH_KEY must hold base64"),
    ],
)
def test_production_refuses_to_start_without_real_field_keys(changes, named):
    env = {**GOOD_ENV, **changes}
    result = _check({k: v for k, v in env.items() if v is not None})
    assert result.returncode != 0
    assert named in result.stderr
