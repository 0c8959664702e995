"""Access to the workbench: a logged-in user with an active `Staff` profile."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from eqiao.offices.models import Staff
from eqiao.workbench.auth import OTP_OK_KEY


def _second_factor_ok(request) -> bool:
    """A session opened elsewhere (the admin's password-only login) does not count: the
    workbench wants its own TOTP step whenever the setting requires it."""
    if not settings.EQIAO_STAFF_TOTP_REQUIRED:
        return True
    return bool(request.session.get(OTP_OK_KEY))


def staff_required(view):
    """Let only active staff in, and put their profile on `request.staff`.

    An anonymous visitor, or one who skipped the TOTP step, is sent to the login page; a logged-in user without an active
    staff profile (a citizen account, a deactivated officer) gets 403.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated or not _second_factor_ok(request):
            return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
        try:
            staff = (
                Staff.objects.select_related("office", "user")
                .prefetch_related("roles")
                .get(user=request.user)
            )
        except Staff.DoesNotExist:
            staff = None
        if staff is None or not staff.is_active:
            raise PermissionDenied
        if not staff.office.path_is_valid:
            # A broken office path could widen every scoped query; show nothing instead.
            raise PermissionDenied
        request.staff = staff
        return view(request, *args, **kwargs)

    return wrapper
