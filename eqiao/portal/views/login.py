"""Citizen login by mobile number and SMS code: enter the phone, get a code, type it in.
The verified phone is kept in the session for two hours; see `portal.services`."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from eqiao.core.errors import ApplicationError, RateLimitedError
from eqiao.core.masking import mask_phone
from eqiao.core.ratelimit import client_ip
from eqiao.portal.content import hotline
from eqiao.portal.services import (
    LOGIN_CODE_TTL,
    citizen_login_code_send,
    citizen_login_code_verify,
)
from eqiao.portal.views.common import PENDING_PHONE_KEY, phone_login, phone_logout

NEXT_KEY = "portal_login_next"


def _safe_next(request: HttpRequest, value: str) -> str:
    ok = url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return value if value and ok else ""


def _phone_page(request, *, phone="", errors=None, status=200) -> HttpResponse:
    return render(
        request,
        "portal/login.html",
        {"phone": phone, "errors": errors or {}, "hotline": hotline(), "limited": status == 429},
        status=status,
    )


def _code_page(request, *, phone: str, errors=None, status=200) -> HttpResponse:
    return render(
        request,
        "portal/login_code.html",
        {
            "phone": phone,
            "phone_masked": mask_phone(phone),
            "errors": errors or {},
            "minutes": LOGIN_CODE_TTL.seconds // 60,
            "hotline": hotline(),
            # Count down to "send again" only right after sending, not on every wrong code.
            "countdown": 60 if request.method == "GET" else 0,
            "limited": status == 429,
        },
        status=status,
    )


def login(request: HttpRequest) -> HttpResponse:
    """Step 1: the phone number; POST sends the code (also the 'send again' button)."""
    if request.method != "POST":
        next_url = _safe_next(request, request.GET.get("next", ""))
        if next_url:
            request.session[NEXT_KEY] = next_url
        return _phone_page(request, phone=request.session.get(PENDING_PHONE_KEY, ""))
    phone = request.POST.get("phone", "")[:30]
    again = request.POST.get("again") == "1"
    try:
        sent = citizen_login_code_send(phone=phone, ip=client_ip(request))
    except RateLimitedError as exc:
        if again:
            return _code_page(request, phone=phone, errors={"__all__": exc.message}, status=429)
        return _phone_page(request, phone=phone, errors={"phone": exc.message}, status=429)
    except ApplicationError as exc:
        return _phone_page(
            request, phone=phone, errors={exc.field or "phone": exc.message}, status=400
        )
    request.session[PENDING_PHONE_KEY] = sent.phone
    if again:
        messages.success(request, _("新的验证码已发出，请看手机短信。"))
    return redirect("portal:login_code")


def login_code(request: HttpRequest) -> HttpResponse:
    """Step 2: the 6-digit code from the SMS."""
    phone = request.session.get(PENDING_PHONE_KEY, "")
    if not phone:
        return redirect("portal:login")
    if request.method != "POST":
        return _code_page(request, phone=phone)
    try:
        verified = citizen_login_code_verify(phone=phone, code=request.POST.get("code", "")[:20])
    except ApplicationError as exc:
        return _code_page(request, phone=phone, errors={"code": exc.message}, status=400)
    next_url = request.session.pop(NEXT_KEY, "")
    phone_login(request, verified)
    return redirect(_safe_next(request, next_url) or "portal:my_petitions")


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    phone_logout(request)
    messages.success(request, _("已退出。"))
    return redirect("portal:home")
