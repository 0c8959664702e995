"""Production: refuses to start with unsafe or missing configuration."""

import os

from django.core.exceptions import ImproperlyConfigured

from eqiao.core.crypto import decode_key, parse_keys

from .base import *  # noqa: F403
from .base import (
    DATABASES,
    EQIAO_FIELD_HASH_KEY,
    EQIAO_FIELD_KEYS,
    EQIAO_SMS_HTTP_KEY,
    EQIAO_SMS_HTTP_URL,
    EQIAO_SMS_PROVIDER,
    SECRET_KEY,
    env_bool,
)

DEBUG = False
if SECRET_KEY.startswith("dev-only") or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("EQIAO_SECRET_KEY must be set to a long random value in production.")
# Settings cannot import the provider classes; the deploy check `channels.E001` (in
# eqiao/channels/checks.py) repeats this for every channel from the classes' declarations.
if EQIAO_SMS_PROVIDER in ("sms_file", "sms_locmem"):
    raise ImproperlyConfigured(
        "Production needs a real SMS provider (EQIAO_SMS_PROVIDER=sms_http; "
        f"{EQIAO_SMS_PROVIDER} is a fake)."
    )
if EQIAO_SMS_PROVIDER == "sms_http" and not (EQIAO_SMS_HTTP_URL and EQIAO_SMS_HTTP_KEY):
    raise ImproperlyConfigured(
        "The HTTP SMS provider needs EQIAO_SMS_HTTP_URL and EQIAO_SMS_HTTP_KEY."
    )
EQIAO_STAFF_TOTP_REQUIRED = True
# Identity numbers are encrypted at rest: no development key, no start (each raises
# ImproperlyConfigured naming the variable and how to make a key).
parse_keys(EQIAO_FIELD_KEYS)
if not EQIAO_FIELD_HASH_KEY:
    raise ImproperlyConfigured(
        "EQIAO_FIELD_HASH_KEY must be set in production (base64 of 32 random bytes, never changed)."
    )
decode_key(EQIAO_FIELD_HASH_KEY, name="EQIAO_FIELD_HASH_KEY")

SECURE_SSL_REDIRECT = env_bool("EQIAO_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("EQIAO_HSTS_SECONDS", 31536000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("EQIAO_HSTS_PRELOAD", False)
# On SQLite, writers queue for the write lock instead of polling for it (config/sqlite/base.py).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["ENGINE"] = "config.sqlite"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Preloading HSTS is a one-way decision for the whole domain; leave it to the operator.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
