"""Public pages of case disclosure: released case information and published legal documents
(only what the public selectors allow), the bribery-record query (apply with a phone proved by
SMS code, download the certificate, check a certificate's code), and the people's
supervisor's invitation link."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from eqiao.cases.models import (
    BriberyPurpose,
    BriberyQueryStatus,
    DocumentKind,
    InvitationStatus,
    SubjectKind,
)
from eqiao.cases.selectors_disclosure import (
    bribery_query_get_for_phone,
    bribery_query_list_for_phone,
    document_get_public,
    document_list_public,
    release_get_public,
    release_list_public,
)
from eqiao.cases.services import bribery, supervisors
from eqiao.core.errors import ApplicationError, NotFoundError, RateLimitedError
from eqiao.core.ratelimit import client_ip
from eqiao.offices.models import Level, Procuratorate
from eqiao.portal.content import hotline
from eqiao.portal.views.common import verified_phone

APPLY_FIELDS = (
    "office",
    "applicant_unit",
    "applicant_credit_code",
    "contact_name",
    "purpose",
    "purpose_note",
    "subject_kind",
    "subject_name",
    "subject_credit_code",
    "subject_id_number",
)


def _public_url(request: HttpRequest, path: str) -> str:
    base = settings.EQIAO_PUBLIC_BASE_URL
    return f"{base}{path}" if base else request.build_absolute_uri(path)


def _offices():
    return Procuratorate.objects.filter(level__in=[Level.CITY, Level.COUNTY]).order_by("path")


def _office_param(request: HttpRequest) -> Procuratorate | None:
    value = request.GET.get("office", "")
    if value.isdigit():
        return _offices().filter(pk=int(value)).first()
    return None


# --- Releases and documents -------------------------------------------------------------


def releases(request: HttpRequest) -> HttpResponse:
    office = _office_param(request)
    return render(
        request,
        "portal/disclosure/releases.html",
        {"releases": release_list_public(office=office), "office": office, "offices": _offices()},
    )


def release_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        release = release_get_public(pk=pk)
    except NotFoundError as exc:
        raise Http404(exc.message) from exc
    return render(request, "portal/disclosure/release_detail.html", {"release": release})


def documents(request: HttpRequest) -> HttpResponse:
    office = _office_param(request)
    kind = request.GET.get("kind", "")
    kind = kind if kind in DocumentKind.values else ""
    return render(
        request,
        "portal/disclosure/documents.html",
        {
            "documents": document_list_public(office=office, kind=kind or None),
            "office": office,
            "offices": _offices(),
            "kind": kind,
            "kinds": DocumentKind.choices,
        },
    )


def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        document = document_get_public(pk=pk)
    except NotFoundError as exc:
        raise Http404(exc.message) from exc
    # Only the redacted text reaches the template: the original never leaves the workbench.
    return render(
        request,
        "portal/disclosure/document_detail.html",
        {"document": document, "text": document.redacted_text},
    )


# --- Bribery-record query ---------------------------------------------------------------


def _apply_page(request, *, values=None, errors=None, status=200) -> HttpResponse:
    return render(
        request,
        "portal/disclosure/bribery_apply.html",
        {
            "values": values or {"subject_kind": SubjectKind.COMPANY},
            "errors": errors or {},
            "offices": _offices(),
            "purposes": BriberyPurpose.choices,
            "subject_kinds": SubjectKind.choices,
            "phone": verified_phone(request),
            "limited": status == 429,
        },
        status=status,
    )


@never_cache
def bribery_apply(request: HttpRequest) -> HttpResponse:
    """The application form; the applicant's phone is the one proved by SMS code."""
    phone = verified_phone(request)
    if not phone:
        login = reverse("portal:login")
        return redirect(f"{login}?{urlencode({'next': reverse('portal:bribery_apply')})}")
    if request.method != "POST":
        return _apply_page(request)
    values = {name: request.POST.get(name, "")[:200] for name in APPLY_FIELDS}
    office = (
        _offices().filter(pk=int(values["office"])).first() if values["office"].isdigit() else None
    )
    try:
        if office is None:
            raise ApplicationError(_("请选择受理的检察院。"), field="office")
        query = bribery.bribery_query_apply(
            phone=phone, office=office, **{k: v for k, v in values.items() if k != "office"}
        )
    except RateLimitedError as exc:
        return _apply_page(request, values=values, errors={"__all__": exc.message}, status=429)
    except ApplicationError as exc:
        return _apply_page(
            request, values=values, errors={exc.field or "__all__": exc.message}, status=400
        )
    messages.success(request, _("申请已提交，申请编号%(number)s。") % {"number": query.number})
    return redirect("portal:bribery_mine")


@never_cache
def bribery_mine(request: HttpRequest) -> HttpResponse:
    phone = verified_phone(request)
    if not phone:
        login = reverse("portal:login")
        return redirect(f"{login}?{urlencode({'next': reverse('portal:bribery_mine')})}")
    return render(
        request,
        "portal/disclosure/bribery_mine.html",
        {"queries": bribery_query_list_for_phone(phone=phone)},
    )


@never_cache
def bribery_certificate(request: HttpRequest, number: str) -> HttpResponse:
    phone = verified_phone(request)
    if not phone:
        return redirect("portal:bribery_mine")
    try:
        query = bribery_query_get_for_phone(phone=phone, number=number)
        pdf = bribery.bribery_certificate_pdf(
            query=query, verify_url=_public_url(request, reverse("portal:bribery_verify"))
        )
    except NotFoundError as exc:
        raise Http404(exc.message) from exc
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("portal:bribery_mine")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{query.number}.pdf"'
    return response


@never_cache
def bribery_verify(request: HttpRequest) -> HttpResponse:
    """Anyone checks a certificate's code (from the QR code or typed in)."""
    # POST from the form, or GET ?code= from the certificate's QR code.
    code = (request.POST if request.method == "POST" else request.GET).get("code", "")[:40]
    context = {"code": code, "errors": {}, "found": None, "checked": False}
    status = 200
    if request.method == "POST" or code:
        try:
            context["found"] = bribery.bribery_certificate_verify(code=code, ip=client_ip(request))
            context["checked"] = True
        except RateLimitedError as exc:
            context["errors"], context["limited"], status = {"__all__": exc.message}, True, 429
        except ApplicationError as exc:
            context["errors"], status = {"code": exc.message}, 400
    context["answered"] = BriberyQueryStatus.ANSWERED
    return render(request, "portal/disclosure/bribery_verify.html", context, status=status)


# --- People's supervisor's link ---------------------------------------------------------


@never_cache
def supervision_invitation(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = supervisors.invitation_from_token(token)
    except NotFoundError as exc:
        return render(
            request,
            "portal/disclosure/link_invalid.html",
            {"message": exc.message, "hotline": hotline()},
            status=404,
        )
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action in ("accept", "decline"):
                supervisors.invitation_respond(token=token, accept=action == "accept")
                messages.success(
                    request,
                    _("已接受邀请，谢谢！") if action == "accept" else _("已收到您的谢绝。"),
                )
            elif action == "opinion":
                supervisors.opinion_submit_by_link(
                    token=token, text=request.POST.get("text", "")[:6000]
                )
                messages.success(request, _("监督意见已提交，我们会尽快答复。"))
            return redirect("portal:supervision_invitation", token=token)
        except ApplicationError as exc:
            errors, status = {exc.field or "__all__": exc.message}, 400
        invitation = supervisors.invitation_from_token(token)
    return render(
        request,
        "portal/disclosure/supervision_invitation.html",
        {
            "invitation": invitation,
            "opinions": invitation.supervisor.opinions.filter(activity=invitation.activity),
            "errors": errors,
            "accepted": invitation.status == InvitationStatus.ACCEPTED,
        },
        status=status,
    )
