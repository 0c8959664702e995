"""`make run`: one office's own machine, served as a deployment is — DEBUG off, cached
templates, static files collected with hashed names and served compressed by WhiteNoise,
persistent database connections — with the embedded demo's conveniences: development keys
derived from the secret key, SMS written to files, staff TOTP off, plain-http cookies (the
server listens on loopback unless HOST says otherwise). `config.settings.production` is the
one that refuses to start without real keys, a real SMS provider and HTTPS."""

from eqiao.core.crypto import dev_key

from .base import *  # noqa: F403
from .base import DATABASES, EQIAO_FIELD_HASH_KEY, EQIAO_FIELD_KEYS, SECRET_KEY, env_bool

DEBUG = env_bool("EQIAO_DEBUG", False)
EQIAO_STAFF_TOTP_REQUIRED = env_bool("EQIAO_STAFF_TOTP_REQUIRED", False)

# Writers queue for SQLite's write lock instead of polling for it (config/sqlite/base.py).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["ENGINE"] = "config.sqlite"

# `collectstatic` (run by `make run`) writes hashed, pre-compressed copies; WhiteNoise serves
# them from memory-mapped files with far-future cache headers.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Development keys for identity numbers, derived from the (development) secret key.
EQIAO_FIELD_KEYS = EQIAO_FIELD_KEYS or [dev_key(SECRET_KEY, "field-key")]
EQIAO_FIELD_HASH_KEY = EQIAO_FIELD_HASH_KEY or dev_key(SECRET_KEY, "field-hash-key")
