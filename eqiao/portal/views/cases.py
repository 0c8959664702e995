"""Case parties and lawyers on the portal: the procedural-progress query (case number + ID
number + SMS code to the phone on the case), lawyer registration and a lawyer's cases.

A verified party is remembered for half an hour, by the party record only: the next person
at a kiosk finds nothing, and nothing else of the case is reachable from the session."""

from __future__ import annotations

import time

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from eqiao.cases.selectors import (
    case_progress_for_party,
    lawyer_case_progress,
    lawyer_cases,
    lawyer_for_phone,
)
from eqiao.cases.services.lawyers import lawyer_register
from eqiao.cases.services.progress import (
    CODE_TTL,
    case_query_by_lawyer_log,
    case_query_code_send,
    case_query_verify,
)
from eqiao.core import crypto
from eqiao.core.errors import ApplicationError, NotFoundError, RateLimitedError
from eqiao.core.masking import mask_phone
from eqiao.core.ratelimit import client_ip
from eqiao.portal.content import hotline
from eqiao.portal.views.common import verified_phone

PENDING_KEY = "portal_case_pending"
PARTY_KEY = "portal_case_party"
PENDING_SECONDS = 15 * 60
PARTY_SECONDS = 30 * 60


def _fresh(entry: dict | None, seconds: int) -> dict | None:
    if isinstance(entry, dict) and time.time() - entry.get("at", 0) <= seconds:
        return entry
    return None


def _render(request, template: str, context: dict, status: int = 200) -> HttpResponse:
    context = {"hotline": hotline(), "errors": {}, **context}
    context["limited"] = status == 429
    response = render(request, f"portal/cases/{template}", context, status=status)
    if status == 429:
        response["Retry-After"] = str(context.get("retry_after", 1))
    return response


@never_cache
def case_query(request: HttpRequest) -> HttpResponse:
    """Step 1: case number and ID number; POST asks for the code (always the same answer)."""
    if request.method != "POST":
        return _render(request, "query.html", {"number": request.GET.get("n", "")[:64]})
    number = request.POST.get("number", "")[:80]
    id_number = request.POST.get("id_number", "")[:30]
    try:
        case_query_code_send(number=number, id_number=id_number, address=client_ip(request))
    except RateLimitedError as exc:
        return _render(
            request,
            "query.html",
            {"number": number, "errors": {"__all__": exc.message}, **exc.extra},
            status=429,
        )
    except ApplicationError as exc:
        return _render(
            request,
            "query.html",
            {"number": number, "errors": {exc.field or "__all__": exc.message}},
            status=400,
        )
    # The ID number waits for the code sealed like the column it is checked against: a
    # session row must not hold it in clear.
    sealed = crypto.encrypt(id_number, purpose="id_number")
    request.session[PENDING_KEY] = {"number": number, "id_sealed": sealed, "at": time.time()}
    return redirect("portal:case_query_code")


@never_cache
def case_query_code(request: HttpRequest) -> HttpResponse:
    """Step 2: the code from the SMS."""
    pending = _fresh(request.session.get(PENDING_KEY), PENDING_SECONDS)
    if pending is None or "id_sealed" not in pending:
        return redirect("portal:case_query")
    context = {"number": pending["number"], "minutes": CODE_TTL.seconds // 60}
    try:
        id_number = crypto.decrypt(pending["id_sealed"], purpose="id_number")
    except Exception:  # a key rotated away, a tampered session: start again
        request.session.pop(PENDING_KEY, None)
        return redirect("portal:case_query")
    if request.method != "POST":
        return _render(request, "query_code.html", context)
    try:
        party = case_query_verify(
            number=pending["number"],
            id_number=id_number,
            code=request.POST.get("code", "")[:20],
            address=client_ip(request),
        )
    except RateLimitedError as exc:
        context.update(errors={"__all__": exc.message}, **exc.extra)
        return _render(request, "query_code.html", context, status=429)
    except ApplicationError as exc:
        context["errors"] = {exc.field or "__all__": exc.message}
        return _render(request, "query_code.html", context, status=400)
    request.session.pop(PENDING_KEY, None)
    request.session.cycle_key()
    request.session[PARTY_KEY] = {"party": party.pk, "at": time.time()}
    return redirect("portal:case_progress")


@never_cache
def case_progress(request: HttpRequest) -> HttpResponse:
    """The verified party's case: stages, dates, handling office; their own name only."""
    entry = _fresh(request.session.get(PARTY_KEY), PARTY_SECONDS)
    if entry is None:
        request.session.pop(PARTY_KEY, None)
        messages.info(request, _("查询已结束或超时，请重新验证。"))
        return redirect("portal:case_query")
    try:
        progress = case_progress_for_party(party_id=entry["party"])
    except NotFoundError:
        request.session.pop(PARTY_KEY, None)
        return redirect("portal:case_query")
    return _render(request, "progress.html", {"progress": progress, "end_url": "portal:case_end"})


@require_POST
def case_end(request: HttpRequest) -> HttpResponse:
    request.session.pop(PARTY_KEY, None)
    request.session.pop(PENDING_KEY, None)
    request.session.cycle_key()
    messages.success(request, _("已结束查询。"))
    return redirect("portal:case_query")


# --- Lawyers ----------------------------------------------------------------------------


def _login_first(request: HttpRequest, target: str) -> HttpResponse:
    return redirect(f"{reverse('portal:login')}?{urlencode({'next': reverse(target)})}")


@never_cache
def lawyer_home(request: HttpRequest) -> HttpResponse:
    """A lawyer's page: after phone login, their account status and, once verified, the
    cases where they are counsel."""
    phone = verified_phone(request)
    if not phone:
        return _render(request, "lawyer_start.html", {})
    lawyer = lawyer_for_phone(phone=phone)
    if lawyer is None:
        return redirect("portal:lawyer_register")
    return _render(
        request,
        "lawyer_home.html",
        {"lawyer": lawyer, "cases": list(lawyer_cases(lawyer=lawyer))},
    )


@never_cache
def lawyer_register_view(request: HttpRequest) -> HttpResponse:
    phone = verified_phone(request)
    if not phone:
        return _login_first(request, "portal:lawyer_register")
    if lawyer_for_phone(phone=phone) is not None:
        return redirect("portal:lawyer_home")
    values = {k: request.POST.get(k, "")[:120] for k in ("name", "licence_number", "firm")}
    context = {"values": values, "phone_masked": mask_phone(phone)}
    if request.method != "POST":
        return _render(request, "lawyer_register.html", context)
    try:
        lawyer_register(phone=phone, **values)
    except ApplicationError as exc:
        context["errors"] = {exc.field or "__all__": exc.message}
        return _render(request, "lawyer_register.html", context, status=400)
    messages.success(request, _("注册已提交，检察院核实执业信息后会通知您。"))
    return redirect("portal:lawyer_home")


@never_cache
def lawyer_case(request: HttpRequest, pk: int) -> HttpResponse:
    phone = verified_phone(request)
    if not phone:
        return _login_first(request, "portal:lawyer_home")
    lawyer = lawyer_for_phone(phone=phone)
    if lawyer is None:
        raise Http404
    try:
        case, progress = lawyer_case_progress(lawyer=lawyer, pk=pk)
    except NotFoundError as exc:
        raise Http404 from exc
    case_query_by_lawyer_log(lawyer=lawyer, case=case, address=client_ip(request))
    return _render(request, "progress.html", {"progress": progress, "lawyer": lawyer})
