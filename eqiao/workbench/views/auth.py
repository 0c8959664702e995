"""Login (password, then TOTP; enrolment on first login) and logout."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import login, logout
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from eqiao.core.errors import ApplicationError, RateLimitedError
from eqiao.core.models import User
from eqiao.core.ratelimit import client_ip
from eqiao.workbench import auth

PENDING_MAX_AGE = 5 * 60


def _safe_next(request, candidate: str | None) -> str:
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return settings.LOGIN_REDIRECT_URL


def _finish(request, user: User, *, backend: str, next_url: str, second_factor: bool):
    request.session.pop(auth.PENDING_KEY, None)
    login(request, user, backend=backend)
    request.session[auth.OTP_OK_KEY] = second_factor
    auth.staff_login_record(user=user, ip=client_ip(request), second_factor=second_factor)
    return redirect(next_url)


@never_cache
def login_view(request):
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next"))
    error = None
    username = ""
    if request.method == "POST":
        username = request.POST.get("username", "")
        try:
            check = auth.staff_password_check(
                username=username,
                password=request.POST.get("password", ""),
                ip=client_ip(request),
            )
        except ApplicationError as exc:
            error = exc
        else:
            backend = check.user.backend
            if not check.needs_totp:
                return _finish(
                    request, check.user, backend=backend, next_url=next_url, second_factor=False
                )
            request.session[auth.PENDING_KEY] = {
                "user_id": check.user.pk,
                "backend": backend,
                "next": next_url,
                "at": time.time(),
                "secret": auth.totp_new_secret() if check.needs_enrolment else "",
            }
            return redirect("workbench:login_totp")
    return _with_wait(
        render(
            request,
            "workbench/login.html",
            {"error": error, "username": username, "next": next_url},
        ),
        error,
    )


def _with_wait(response: HttpResponse, error: ApplicationError | None) -> HttpResponse:
    """A refusal to check (too many failures) is a 429 that says when to come back."""
    if isinstance(error, RateLimitedError):
        response.status_code = 429
        response["Retry-After"] = str(error.extra.get("retry_after", 1))
    return response


def _pending(request) -> tuple[dict, User] | None:
    pending = request.session.get(auth.PENDING_KEY)
    if not pending or time.time() - pending.get("at", 0) > PENDING_MAX_AGE:
        return None
    user = User.objects.filter(pk=pending["user_id"], is_active=True).first()
    return (pending, user) if user else None


@never_cache
def login_totp_view(request):
    found = _pending(request)
    if found is None:
        request.session.pop(auth.PENDING_KEY, None)
        return redirect("workbench:login")
    pending, user = found
    enrolling = bool(pending.get("secret"))
    error = None
    if request.method == "POST":
        code = request.POST.get("code", "")
        try:
            if enrolling:
                auth.staff_totp_enrol(
                    user=user, secret=pending["secret"], code=code, ip=client_ip(request)
                )
            else:
                auth.staff_totp_verify(user=user, code=code)
        except ApplicationError as exc:
            error = exc
        else:
            return _finish(
                request,
                user,
                backend=pending["backend"],
                next_url=pending["next"],
                second_factor=True,
            )
    context = {"error": error, "enrolling": enrolling, "username": user.get_username()}
    if enrolling:
        uri = auth.totp_provisioning_uri(user=user, secret=pending["secret"])
        context.update(secret=pending["secret"], qr_svg=auth.totp_qr_svg(uri=uri))
    return _with_wait(render(request, "workbench/login_totp.html", context), error)


@require_POST
def logout_view(request) -> HttpResponseRedirect:
    logout(request)
    return redirect("workbench:login")


def login_cancel_view(request) -> HttpResponseRedirect:
    request.session.pop(auth.PENDING_KEY, None)
    return redirect("workbench:login")
