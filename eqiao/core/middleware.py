"""Response headers for the whole site: the Content Security Policy (everything is served
from our own origin, vendored assets, no CDN, so the policy can be strict) and no caching of
staff pages; and the lean path of the JSON API.

The lean path: an API call that carries no session cookie (a client with its key, a
citizen's lookup, an SMS gateway's webhook) has no use for static files, sessions, the
signed-in user, flash messages or htmx, and each of those middlewares costs it time (CSRF's
stays: it does next to nothing for an exempt view, and the deployment checks look for it).
`pages_only(Middleware)` wraps one so that it steps aside for such calls (which get an
anonymous `request.user`, as an anonymous visitor would); a call with a session cookie (a
member of staff using the API from the workbench, `django_auth`) goes through all of them.
The security headers, the language, the CSP and the common middleware still run for all.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.utils.cache import add_never_cache_headers
from django_htmx.middleware import HtmxMiddleware
from whitenoise.middleware import WhiteNoiseMiddleware

API_PREFIX = "/api/"


def is_lean(request) -> bool:
    """An API call without a session cookie (decided once per request)."""
    lean = getattr(request, "_eqiao_lean", None)
    if lean is None:
        lean = request._eqiao_lean = request.path_info.startswith(API_PREFIX) and (
            "HTTP_COOKIE" not in request.META or settings.SESSION_COOKIE_NAME not in request.COOKIES
        )
    return lean


def pages_only(middleware: type, *, anonymous_user: bool = False) -> type:
    """A subclass of `middleware` (the admin's checks look for its class) that steps aside
    for lean API calls (see the module docstring)."""

    def step_aside(name: str):
        def method(self, request, *args):
            if is_lean(request):
                return None
            return getattr(super(PagesOnly, self), name)(request, *args)

        return method

    class PagesOnly(middleware):  # type: ignore[valid-type,misc]
        async_capable = False

        def __call__(self, request):
            if is_lean(request):
                if anonymous_user:
                    request.user = AnonymousUser()
                return self.get_response(request)
            return super().__call__(request)

    for hook in ("process_view", "process_exception", "process_template_response"):
        if hasattr(middleware, hook):
            setattr(PagesOnly, hook, step_aside(hook))
    PagesOnly.__name__ = PagesOnly.__qualname__ = f"PagesOnly{middleware.__name__}"
    return PagesOnly


def _authentication_middleware() -> type:
    from django.contrib.auth.middleware import AuthenticationMiddleware

    return AuthenticationMiddleware


PagesOnlyWhiteNoiseMiddleware = pages_only(WhiteNoiseMiddleware)
PagesOnlySessionMiddleware = pages_only(SessionMiddleware)
PagesOnlyAuthenticationMiddleware = pages_only(_authentication_middleware(), anonymous_user=True)
PagesOnlyMessageMiddleware = pages_only(MessageMiddleware)
PagesOnlyHtmxMiddleware = pages_only(HtmxMiddleware)

POLICY = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
    "form-action 'self'; object-src 'none'"
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(("/admin/", "/api/docs")):
            response.headers.setdefault("Content-Security-Policy", POLICY)
        return response


class StaffNoStoreMiddleware:
    """Staff pages and the admin show personal data: no browser or proxy may keep a copy
    (a shared office computer's back button, a disk cache). Citizen pages decide for
    themselves (`never_cache` where they show a petition)."""

    PREFIXES = ("/staff/", "/admin/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.PREFIXES):
            add_never_cache_headers(response)
        return response
