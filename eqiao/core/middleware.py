"""Response headers for the whole site: the Content Security Policy (everything is served
from our own origin, vendored assets, no CDN, so the policy can be strict) and no caching of
staff pages."""

from __future__ import annotations

from django.utils.cache import add_never_cache_headers

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
