"""The Django admin behind the workbench's login: password + TOTP, never password alone."""

from __future__ import annotations

from django.conf import settings
from django.contrib.admin import AdminSite
from django.contrib.auth.views import redirect_to_login

from eqiao.workbench.decorators import _second_factor_ok


def admin_guard_install(site: AdminSite) -> None:
    """Make `site` require the workbench's second factor and send logins to the workbench."""
    password_only = site.has_permission

    def has_permission(request) -> bool:
        return password_only(request) and _second_factor_ok(request)

    def login(request, extra_context=None):
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)

    site.has_permission = has_permission  # type: ignore[method-assign]
    site.login = login  # type: ignore[method-assign]
