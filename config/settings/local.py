"""Development and the embedded demo (`make run`)."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("EQIAO_DEBUG", True)
EQIAO_STAFF_TOTP_REQUIRED = env_bool("EQIAO_STAFF_TOTP_REQUIRED", False)

# Serve static files straight from the apps under waitress, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
