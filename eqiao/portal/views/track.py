"""Finding a petition (tracking number + query password, or a verified phone), its status
page with the public history, and the citizen's follow-up message (补充说明)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from eqiao.core.errors import ApplicationError, RateLimitedError
from eqiao.core.masking import mask_phone
from eqiao.core.ratelimit import client_ip
from eqiao.core.throttle import wait_text
from eqiao.intake.kinds import KIND_BY_VALUE
from eqiao.intake.models import Petition, Status
from eqiao.intake.selectors import petition_public_history
from eqiao.intake.services.access import petition_unlock
from eqiao.intake.services.handling import MAX_CITIZEN_MESSAGE, petition_citizen_message
from eqiao.portal.content import hotline
from eqiao.portal.selectors import (
    petition_citizen_clock,
    petition_get_by_number,
    petition_list_for_phone,
    petition_progress,
)
from eqiao.portal.services import message_wait
from eqiao.portal.views.common import (
    forget_petition,
    may_view,
    remember_tracked,
    verified_phone,
)

# What each status means, in the words a citizen would use.
STATUS_WORDS = {
    Status.ACCEPTED: (gettext_lazy("已受理"), gettext_lazy("我们已收到，正在安排专人办理。")),
    Status.ASSIGNED: (gettext_lazy("办理中"), gettext_lazy("已有检察官在办理您的事。")),
    Status.REPLIED: (gettext_lazy("已答复"), gettext_lazy("我们已给您答复，事情还在继续办理。")),
    Status.CLOSED: (gettext_lazy("已办结"), gettext_lazy("这件事已经办完了。")),
}


def _track_form(request, *, number: str = "", errors=None, status: int = 200) -> HttpResponse:
    return render(
        request,
        "portal/track.html",
        {"number": number, "errors": errors or {}, "hotline": hotline(), "limited": status == 429},
        status=status,
    )


def track(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _track_form(request, number=request.GET.get("n", "")[:20])
    number = request.POST.get("tracking_number", "")[:40]
    try:
        petition = petition_unlock(
            tracking_number=number,
            password=request.POST.get("password", "")[:40],
            address=client_ip(request),
        )
    except RateLimitedError as exc:
        response = _track_form(request, number=number, errors={"__all__": exc.message}, status=429)
        response["Retry-After"] = str(exc.extra.get("retry_after", 1))
        return response
    except ApplicationError as exc:
        return _track_form(
            request, number=number, errors={exc.field or "__all__": exc.message}, status=400
        )
    remember_tracked(request, petition.tracking_number)
    return redirect("portal:petition", number=petition.tracking_number)


def _viewable(request: HttpRequest, number: str) -> Petition | None:
    """The petition if this browser has proved it may see it; None for unknown and for
    not-yours alike, so the answer says nothing about whether the number exists."""
    petition = petition_get_by_number(tracking_number=number[:20])
    if petition is None or not may_view(request, petition):
        return None
    return petition


def _to_track(number: str) -> HttpResponse:
    return redirect(f"{reverse('portal:track')}?{urlencode({'n': number[:20]})}")


def _status_page(
    request: HttpRequest, petition: Petition, *, text: str = "", errors=None, status: int = 200
) -> HttpResponse:
    words, meaning = STATUS_WORDS.get(petition.status, (petition.get_status_display(), ""))
    help_ = KIND_BY_VALUE.get(petition.kind)
    return render(
        request,
        "portal/petition.html",
        {
            "petition": petition,
            "kind": help_.label if help_ else petition.get_kind_display(),
            "status_words": words,
            "status_meaning": meaning,
            "steps": petition_progress(petition=petition),
            "clock": petition_citizen_clock(petition=petition, today=timezone.localdate()),
            "events": petition_public_history(petition=petition),
            "text": text,
            "message_max": MAX_CITIZEN_MESSAGE,
            "errors": errors or {},
            "hotline": hotline(),
            "by_phone": bool(verified_phone(request)),
            "limited": status == 429,
        },
        status=status,
    )


@never_cache
def petition_status(request: HttpRequest, number: str) -> HttpResponse:
    petition = _viewable(request, number)
    if petition is None:
        return _to_track(number)
    return _status_page(request, petition)


@require_POST
def petition_message(request: HttpRequest, number: str) -> HttpResponse:
    petition = _viewable(request, number)
    if petition is None:
        return _to_track(number)
    text = request.POST.get("text", "")
    wait = message_wait(ip=client_ip(request))
    if wait:
        message = _("留言次数太多了，请%(wait)s后再试。急事请拨打%(hotline)s。") % {
            "wait": wait_text(wait),
            "hotline": hotline(),
        }
        response = _status_page(request, petition, text=text, errors={"text": message}, status=429)
        response["Retry-After"] = str(wait)
        return response
    try:
        petition_citizen_message(petition=petition, text=text)
    except ApplicationError as exc:
        field = "text" if exc.field in (None, "text") else exc.field
        return _status_page(request, petition, text=text, errors={field: exc.message}, status=400)
    messages.success(request, _("已收到您的补充说明，承办人会看到。"))
    return redirect(f"{reverse('portal:petition', kwargs={'number': number})}#history")


@require_POST
def petition_end(request: HttpRequest, number: str) -> HttpResponse:
    """ "结束查看": forget the petition on this browser and go back to the lookup page, so
    the next person at a kiosk or on a shared phone cannot open it."""
    forget_petition(request, number[:20])
    messages.success(request, _("已结束查看。别人用这台设备看不到您的信访件了。"))
    return redirect("portal:track")


@never_cache
def my_petitions(request: HttpRequest) -> HttpResponse:
    phone = verified_phone(request)
    if not phone:
        return redirect(f"{reverse('portal:login')}?{urlencode({'next': request.path})}")
    petitions = [
        (p, STATUS_WORDS.get(p.status, (p.get_status_display(), ""))[0])
        for p in petition_list_for_phone(phone=phone)
    ]
    return render(
        request,
        "portal/my_petitions.html",
        {
            "petitions": petitions,
            "phone": mask_phone(phone),
            "hotline": hotline(),
        },
    )
