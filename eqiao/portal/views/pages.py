"""The home page and the page that explains each kind of request."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from eqiao.intake.kinds import KINDS
from eqiao.intake.services.submission import (
    PROCEDURAL_REPLY_WORKING_DAYS,
    RESULT_REPLY_MONTHS,
)
from eqiao.portal.content import hotline


def _promise() -> dict:
    return {
        "hotline": hotline(),
        "reply_days": PROCEDURAL_REPLY_WORKING_DAYS,
        "result_months": RESULT_REPLY_MONTHS,
    }


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html", {"kinds": KINDS, **_promise()})


def services(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/services.html", {"kinds": KINDS, **_promise()})
