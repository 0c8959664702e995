"""The test suite: fast hashing, in-memory adapters, immediate tasks."""

import os
import tempfile
from pathlib import Path

from eqiao.core.crypto import dev_key

from .base import *  # noqa: F403
from .base import DATABASES, EQIAO_FIELD_HASH_KEY, EQIAO_FIELD_KEYS, SECRET_KEY

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EQIAO_SMS_PROVIDER = "sms_locmem"
EQIAO_WECHAT_PROVIDER = "wechat_locmem"
EQIAO_STAFF_TOTP_REQUIRED = True
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="eqiao-test-media-"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "EQIAO_TEST_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        ),
        "QUEUES": ["default"],
    }
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": ""}
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="eqiao-test-static-"))
WHITENOISE_USE_FINDERS = True

# Development keys for identity numbers, derived from the (development) secret key.
EQIAO_FIELD_KEYS = EQIAO_FIELD_KEYS or [dev_key(SECRET_KEY, "field-key")]
EQIAO_FIELD_HASH_KEY = EQIAO_FIELD_HASH_KEY or dev_key(SECRET_KEY, "field-hash-key")
