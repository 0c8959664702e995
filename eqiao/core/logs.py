"""Log records never carry credentials.

Open311 puts the `api_key` in the query string of a GET (the spec wants it there), and v1
accepts the query password as `?password=`; the development server's request log
(`django.server`) writes the whole request line, so a wrong key or a password would reach
the log whole. The filter masks the values of those parameters in any record's message.
"""

from __future__ import annotations

import logging
import re

# Query or form parameters whose values are secrets.
SECRET_PARAMETERS = (
    "api_key",
    "password",
    "query_password",
    "key",
    "token",
    "secret",
    "access_token",  # WeChat API calls, logged by httpx
)
_NAMES = "|".join(SECRET_PARAMETERS)
_SECRET = re.compile(rf"(?P<name>(?:^|[?&;\s])(?:{_NAMES})=)[^&;\s\"']*", re.IGNORECASE)
MASK = "***"


def credentials_masked(text: str) -> str:
    """`text` with the value of every secret parameter replaced by ***."""
    return _SECRET.sub(lambda match: match.group("name") + MASK, text)


class CredentialsFilter(logging.Filter):
    """Masks secret query parameters in a record's message; lets every record through."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = credentials_masked(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True
