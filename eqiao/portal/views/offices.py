"""Choosing the office to write to (a list by county and a map), and a printable poster per
office whose QR code opens that office's submit page."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from eqiao.offices.models import Procuratorate
from eqiao.portal.content import hotline
from eqiao.portal.officemap import offices_map_svg
from eqiao.portal.qr import qr_svg
from eqiao.portal.selectors import office_directory


def _submit_path(office: Procuratorate) -> str:
    return reverse("portal:submit_to_office", kwargs={"office_id": office.pk})


def offices(request: HttpRequest) -> HttpResponse:
    directory = office_directory()
    office_map = offices_map_svg(
        directory.offices, link=_submit_path, title=_("各检察院、检察室位置图")
    )
    return render(
        request,
        "portal/offices.html",
        {"directory": directory, "office_map": office_map, "hotline": hotline()},
    )


def public_url(request: HttpRequest, path: str) -> str:
    """`path` on the address citizens use: EQIAO_PUBLIC_BASE_URL, else this request's host."""
    base = settings.EQIAO_PUBLIC_BASE_URL
    return f"{base}{path}" if base else request.build_absolute_uri(path)


def office_poster(request: HttpRequest, office_id: int) -> HttpResponse:
    office = get_object_or_404(Procuratorate, pk=office_id)
    url = public_url(request, _submit_path(office))
    qr = qr_svg(url, label=_("扫码给%(office)s写信") % {"office": office.name})
    return render(
        request,
        "portal/poster.html",
        {"office": office, "url": url, "qr": qr, "hotline": hotline()},
    )
