"""The home page, the page that explains each kind of request, and the language switch."""

from __future__ import annotations

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from eqiao.intake.kinds import KINDS
from eqiao.intake.services.submission import (
    PROCEDURAL_REPLY_WORKING_DAYS,
    RESULT_REPLY_MONTHS,
)
from eqiao.portal.content import hotline


def _promise() -> dict:
    return {
        "hotline": hotline(),
        "reply_days": PROCEDURAL_REPLY_WORKING_DAYS,
        "result_months": RESULT_REPLY_MONTHS,
    }


# The home page is the same for every visitor in a language: rendered once per language
# and process, then served from the cache. A settings change (the hotline) reaches it at
# once (the key names it); a new release, within HOME_CACHE_SECONDS at most.
HOME_CACHE_SECONDS = 600


def home(request: HttpRequest) -> HttpResponse:
    """The portal's home page. Served from the cache unless the visitor has a flash message
    waiting (its cookie; reading it touches no session) or the address carries a query
    string (the language links echo the address): then rendered for them."""
    if request.GET or len(get_messages(request)):
        return render(request, "portal/home.html", {"kinds": KINDS, **_promise()})
    promise = _promise()
    key = f"portal:home-page:{get_language()}:{promise['hotline']}"
    content = cache.get(key)
    if content is None:
        content = render(request, "portal/home.html", {"kinds": KINDS, **promise}).content
        cache.set(key, content, timeout=HOME_CACHE_SECONDS)
    return HttpResponse(content)


def services(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/services.html", {"kinds": KINDS, **_promise()})


@never_cache
@require_GET
def language(request: HttpRequest, code: str) -> HttpResponse:
    """Switch the portal's language by a plain link (`/lang/en/?next=/track/`): every page
    can offer it without a form, so no page needs a CSRF token of its own for it, and a page
    the same for every visitor can be cached whole. What a forged link can do is switch
    someone's language, which they switch back on the page they land on. `next` must be a
    path on this site; anything else goes home."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    response = HttpResponseRedirect(target if safe and target else reverse("portal:home"))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
