"""Submitting a petition from the web and the receipt that follows.

Each form render carries a fresh idempotency key, so a double tap or a browser retry
creates one petition; the first receipt is kept in the session and shown again.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import unicodedata

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from eqiao.core.errors import ApplicationError
from eqiao.core.ratelimit import client_ip
from eqiao.core.throttle import wait_text
from eqiao.intake.kinds import KIND_BY_VALUE, KINDS
from eqiao.intake.models import Kind, Petition
from eqiao.intake.services.submission import SubmitResult, petition_submit
from eqiao.intake.services.validation import (
    MAX_CONTENT_CHARS,
    MIN_CONTENT_CHARS,
    SubmissionInvalid,
)
from eqiao.offices.models import Procuratorate
from eqiao.portal.content import hotline
from eqiao.portal.services import submit_count, submit_wait
from eqiao.portal.views.common import (
    receipt_for_key,
    receipt_for_number,
    remember_receipt,
    remember_tracked,
)

TEXT_FIELDS = ("kind", "title", "content", "name", "phone", "id_number", "address")
_KEY_RE = re.compile(r"^[A-Za-z0-9_-]{16,80}$")


def _new_key() -> str:
    return secrets.token_urlsafe(24)


def _clean_key(value: str) -> str:
    value = (value or "").strip()
    return value if _KEY_RE.match(value) else ""


def _render_form(
    request: HttpRequest,
    *,
    office: Procuratorate | None,
    values: dict,
    key: str,
    errors: dict | None = None,
    files_lost: bool = False,
    status: int = 200,
) -> HttpResponse:
    errors = errors or {}
    context = {
        "office": office,
        "kinds": KINDS,
        "values": values,
        "errors": errors,
        "key": key,
        "files_lost": files_lost,
        "show_anonymous": values.get("kind") == Kind.REPORT or "anonymous" in errors,
        # A kind chosen on the home page is shown as one line, the others folded away.
        "chosen": KIND_BY_VALUE.get(values.get("kind", "")) if "kind" not in errors else None,
        "content_max": MAX_CONTENT_CHARS,
        "content_min": MIN_CONTENT_CHARS,
        "max_files": settings.EQIAO_ATTACHMENT_MAX_COUNT,
        "max_mb": settings.EQIAO_ATTACHMENT_MAX_BYTES // 1048576,
        "hotline": hotline(),
        "form_action": request.path,
        "limited": status == 429,
    }
    return render(request, "portal/submit.html", context, status=status)


@csrf_exempt
def submit(request: HttpRequest, office_id: int | None = None) -> HttpResponse:
    """The form (GET) and taking it in (POST).

    Exempt from the CSRF middleware only so that an over-large or over-many upload, which
    Django refuses while parsing the body, gets a Chinese message here instead of a bare
    400; the CSRF check then runs as usual in `_submit`."""
    office = get_object_or_404(Procuratorate, pk=office_id) if office_id else None
    if request.method == "POST":
        try:
            request.POST  # noqa: B018 — parse now, to catch Django's own upload limits
            request.FILES  # noqa: B018
        except RequestDataTooBig:
            message = _("提交的内容太大了，系统收不下。请缩短文字、少选几个附件后再提交。")
            return _upload_refused(request, office, message)
        except (TooManyFilesSent, TooManyFieldsSent):
            message = _("一次选的附件太多了，最多可以上传%(n)d个。") % {
                "n": settings.EQIAO_ATTACHMENT_MAX_COUNT
            }
            return _upload_refused(request, office, message)
    return _submit(request, office)


def _upload_refused(request: HttpRequest, office, message: str) -> HttpResponse:
    # The body could not be read, so nothing typed survives: say so plainly.
    errors = {"attachments": message, "__all__": _("刚才填写的内容没能收到，请重新填写。")}
    return _render_form(
        request, office=office, values={}, key=_new_key(), errors=errors, status=400
    )


@csrf_protect
def _submit(request: HttpRequest, office: Procuratorate | None) -> HttpResponse:
    if request.method != "POST":
        kind = request.GET.get("kind", "")
        values = {"kind": kind if kind in Kind.values else ""}
        return _render_form(request, office=office, values=values, key=_new_key())
    key = _clean_key(request.POST.get("idempotency_key", ""))
    earlier = receipt_for_key(request, key)
    if earlier:  # a double tap or a retry of a form that was already taken in
        return redirect("portal:receipt", number=earlier["number"])
    values = {field: request.POST.get(field, "") for field in TEXT_FIELDS}
    for field in ("phone", "id_number"):
        # Digits typed with a Chinese input method come full-width (１３８…): accept them.
        values[field] = unicodedata.normalize("NFKC", values[field])
    values["anonymous"] = request.POST.get("anonymous") == "on"
    files = request.FILES.getlist("attachments")
    ip = client_ip(request)
    wait = submit_wait(ip=ip)
    if wait:
        # Refused, but with the form and what was typed, so nothing is lost meanwhile.
        message = _("从您这里提交的诉求太多了，请%(wait)s后再试。急事请拨打%(hotline)s。") % {
            "wait": wait_text(wait),
            "hotline": hotline(),
        }
        response = _render_form(
            request,
            office=office,
            values=values,
            key=key or _new_key(),
            errors={"__all__": message},
            files_lost=bool(files),
            status=429,
        )
        response["Retry-After"] = str(wait)
        return response
    errors: dict[str, str] = {}
    result = None
    try:
        result = petition_submit(
            channel="web",
            office=office,
            idempotency_key=key or None,
            attachments=files,
            **values,
        )
    except SubmissionInvalid as exc:  # every problem at once, by field
        errors = exc.errors
    except ApplicationError as exc:
        errors = {exc.field or "__all__": exc.message}
    if result is None:
        return _render_form(
            request,
            office=office,
            values=values,
            key=key or _new_key(),
            errors=errors,
            files_lost=bool(files),
            status=400,
        )
    if result.created:
        submit_count(ip=ip)
    return _after_submit(request, key, result)


def _after_submit(request: HttpRequest, key: str, result: SubmitResult) -> HttpResponse:
    petition = result.petition
    if not result.created:
        # An earlier request with this key created it (its response was lost, or it is
        # still finishing). Leave the session alone so that request's receipt is not
        # overwritten; the receipt page finds it there, or says the password went by SMS.
        url = reverse("portal:receipt", kwargs={"number": petition.tracking_number})
        return redirect(f"{url}?{urlencode({'k': key})}")
    remember_receipt(
        request,
        key or petition.tracking_number,
        {
            "number": petition.tracking_number,
            "password": result.query_password,
            "phone": petition.masked_phone,
            "kind": petition.kind,
            "due": petition.procedural_reply_due.isoformat(),
            "result_due": petition.result_reply_due.isoformat(),
            "office": petition.office.name,
        },
    )
    remember_tracked(request, petition.tracking_number)
    return redirect("portal:receipt", number=petition.tracking_number)


@never_cache
def receipt(request: HttpRequest, number: str) -> HttpResponse:
    """The tracking number and query password in large type. Shown from the session only;
    without it, the holder of the form's key sees the number and that the password went by
    SMS; anyone else is sent to the tracking page."""
    kept = receipt_for_number(request, number)
    if kept:
        shown = {**kept, "due": dt.date.fromisoformat(kept["due"])}
        return render(
            request,
            "portal/receipt.html",
            {
                "receipt": shown,
                "kind": _kind_label(kept["kind"]),
                "hotline": hotline(),
            },
        )
    key = _clean_key(request.GET.get("k", ""))
    petition = (
        Petition.objects.filter(idempotency_key=key, tracking_number=number).first()
        if key
        else None
    )
    if petition is None:
        return redirect(f"{reverse('portal:track')}?{urlencode({'n': number})}")
    return render(
        request,
        "portal/receipt.html",
        {
            "receipt": None,
            "repeat_number": petition.tracking_number,
            "repeat_has_phone": bool(petition.phone),
            "kind": petition.get_kind_display(),
            "hotline": hotline(),
        },
    )


def _kind_label(kind: str) -> str:
    return str(dict(Kind.choices).get(kind, ""))
