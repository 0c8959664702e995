"""Errors a service raises for a person to read. Views turn them into messages, the API into
4xx responses; they never become a 500."""

from __future__ import annotations


class ApplicationError(Exception):
    """A rule was broken by the request; `message` is translated and safe to show."""

    status_code = 400

    def __init__(self, message: str, *, field: str | None = None, extra: dict | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.extra = extra or {}


class PermissionDeniedError(ApplicationError):
    status_code = 403


class NotFoundError(ApplicationError):
    status_code = 404


class RateLimitedError(ApplicationError):
    status_code = 429
