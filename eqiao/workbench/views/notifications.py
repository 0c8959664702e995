"""The staff member's own in-app notifications."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from eqiao.core.notifications import notification_link
from eqiao.workbench.decorators import staff_required
from eqiao.workbench.selectors import notification_get, notification_list
from eqiao.workbench.services import notification_mark_read
from eqiao.workbench.views.common import paginate


@staff_required
def notification_page(request):
    page = paginate(request, notification_list(user=request.user))
    return render(request, "workbench/notifications.html", {"page": page})


@staff_required
@require_POST
def notification_read(request, pk: int):
    """Mark one notification read, then open what it points to (if it is one of ours)."""
    notification_mark_read(user=request.user, pk=pk)
    notification = notification_get(user=request.user, pk=pk)
    target = notification_link(notification) if notification else ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("workbench:notifications")


@staff_required
@require_POST
def notification_read_all(request):
    notification_mark_read(user=request.user)
    return redirect("workbench:notifications")
