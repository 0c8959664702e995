"""The environment of a child Django process (a real `db_worker`, a management command) that
a test starts against its own database: base settings, the test's database and directory,
no development field keys from the parent's environment, quiet logs."""

from __future__ import annotations

import base64
import os
from pathlib import Path

from django.conf import settings


def child_env(url: str, var_dir: Path | str, **extra: str) -> dict[str, str]:
    """The parent's environment without its EQIAO_/DJANGO_ settings, plus base settings on
    `url` with `var_dir` for files and fixed field keys (the children read no identity
    numbers a test compares with the parent's); `extra` overrides any of it."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("EQIAO_", "DJANGO_"))}
    return {
        **base,
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DATABASE_URL": url,
        "PYTHONPATH": str(settings.BASE_DIR),
        "EQIAO_VAR_DIR": str(var_dir),
        "EQIAO_LOG_LEVEL": "WARNING",
        "EQIAO_FIELD_KEYS": base64.b64encode(b"k" * 32).decode(),
        "EQIAO_FIELD_HASH_KEY": base64.b64encode(b"h" * 32).decode(),
        **extra,
    }
