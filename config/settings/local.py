"""Development (`make dev`): DEBUG, static files straight from the apps, auto-reload."""

from eqiao.core.crypto import dev_key

from .base import *  # noqa: F403
from .base import EQIAO_FIELD_HASH_KEY, EQIAO_FIELD_KEYS, SECRET_KEY, env_bool

DEBUG = env_bool("EQIAO_DEBUG", True)
EQIAO_STAFF_TOTP_REQUIRED = env_bool("EQIAO_STAFF_TOTP_REQUIRED", False)

# Serve static files straight from the apps, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Development keys for identity numbers, derived from the (development) secret key.
EQIAO_FIELD_KEYS = EQIAO_FIELD_KEYS or [dev_key(SECRET_KEY, "field-key")]
EQIAO_FIELD_HASH_KEY = EQIAO_FIELD_HASH_KEY or dev_key(SECRET_KEY, "field-hash-key")
