"""Answering a questionnaire: through its public link (or QR code) or through the signed
link of an SMS invitation. Large type, one column, every error said in words."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache

from eqiao.core import ratelimit
from eqiao.core.errors import ApplicationError, NotFoundError
from eqiao.core.ratelimit import client_ip
from eqiao.portal.qr import qr_svg
from eqiao.portal.views.offices import public_url
from eqiao.surveys.models import Invitation, Response, Survey
from eqiao.surveys.selectors import survey_get_public, survey_questions
from eqiao.surveys.services import (
    AlreadyAnsweredError,
    invitation_from_token,
    invitation_page_register,
    response_submit,
    survey_open_error,
)

invitation_page_register(lambda token: reverse("portal:survey_invited", args=[token]))

# Answers through a public link from one address to one survey: a family, a township
# office's shared Wi-Fi may answer several times; a script may not answer hundreds.
PUBLIC_LIMIT = 10
PUBLIC_WINDOW = 3600
ANSWERED_KEY = "portal_surveys_answered"
SCALE_LABELS = [
    (1, gettext_lazy("很不满意")),
    (2, gettext_lazy("不满意")),
    (3, gettext_lazy("一般")),
    (4, gettext_lazy("满意")),
    (5, gettext_lazy("很满意")),
]


def _answered_here(request: HttpRequest, survey: Survey) -> bool:
    return survey.pk in request.session.get(ANSWERED_KEY, [])


def _remember_answered(request: HttpRequest, survey: Survey) -> None:
    answered = [pk for pk in request.session.get(ANSWERED_KEY, []) if pk != survey.pk]
    request.session[ANSWERED_KEY] = [*answered[-49:], survey.pk]


def _page(
    request: HttpRequest,
    survey: Survey,
    *,
    action: str,
    values=None,
    errors=None,
    notice: str = "",
    status: int = 200,
) -> HttpResponse:
    values, errors = values or {}, errors or {}
    items = []
    for number, question in enumerate(survey_questions(survey), 1):
        name = f"q{question.pk}"
        given = values.get(name, [])
        items.append(
            {
                "number": number,
                "question": question,
                "name": name,
                "selected": {str(v) for v in given},
                "text": "\n".join(given),
                "error": errors.get(name, ""),
            }
        )
    # The summary above the form names each question by its number; the note beside the
    # question says only what is wrong.
    numbers = {item["name"]: item["number"] for item in items}
    summary = {
        name: (
            _("第%(n)d题：%(message)s") % {"n": numbers[name], "message": message}
            if name in numbers
            else message
        )
        for name, message in errors.items()
    }
    context = {
        "survey": survey,
        "items": items,
        "action": action,
        "errors": summary,
        "notice": notice,
        "scale": [(str(v), label) for v, label in SCALE_LABELS],
    }
    return render(request, "portal/surveys/answer.html", context, status=status)


def _closed(request: HttpRequest, survey: Survey, message: str, status: int = 200):
    return render(
        request,
        "portal/surveys/message.html",
        {"survey": survey, "message": message},
        status=status,
    )


def _values(request: HttpRequest) -> dict[str, list[str]]:
    return {key: request.POST.getlist(key) for key in request.POST if key.startswith("q")}


def _answer(request: HttpRequest, survey: Survey, *, invitation: Invitation | None, action: str):
    values = _values(request)
    try:
        response_submit(survey=survey, data=values, invitation=invitation)
    except AlreadyAnsweredError as exc:
        return _closed(request, survey, exc.message, status=409)
    except ApplicationError as exc:
        errors = dict(exc.extra.get("errors") or {})
        if not errors:
            return _closed(request, survey, exc.message, status=400)
        return _page(
            request,
            survey,
            action=action,
            values=values,
            errors=errors,
            notice=exc.message,
            status=400,
        )
    _remember_answered(request, survey)
    return redirect("portal:survey_thanks", key=survey.public_key)


@never_cache
def survey_public(request: HttpRequest, key: str) -> HttpResponse:
    try:
        survey = survey_get_public(key=key)
    except NotFoundError as exc:
        raise Http404(_("没有找到这份问卷，请核对链接。")) from exc
    reason = survey_open_error(survey) or (
        "" if survey.anonymous else _("该问卷只能通过短信邀请链接填写。")
    )
    if reason:
        return _closed(request, survey, reason)
    action = request.path
    if request.method != "POST":
        notice = (
            _("您在这台设备上已经填写过这份问卷，感谢参与！")
            if _answered_here(request, survey)
            else ""
        )
        return _page(request, survey, action=action, notice=notice)
    limit_key = f"survey:{survey.pk}:{client_ip(request)}"
    if not ratelimit.hit(limit_key, limit=PUBLIC_LIMIT, window_seconds=PUBLIC_WINDOW):
        minutes = -(-ratelimit.seconds_left(limit_key, window_seconds=PUBLIC_WINDOW) // 60)
        response = _page(
            request,
            survey,
            action=action,
            values=_values(request),
            errors={"__all__": _("从您这里提交的答卷太多了，请%(n)d分钟后再试。") % {"n": minutes}},
            status=429,
        )
        response["Retry-After"] = str(minutes * 60)
        return response
    return _answer(request, survey, invitation=None, action=action)


@never_cache
def survey_invited(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = invitation_from_token(token)
    except NotFoundError as exc:
        raise Http404(exc.message) from exc
    survey = invitation.survey
    if Response.objects.filter(invitation=invitation).exists():
        return _closed(
            request, survey, _("您已经提交过这份问卷，每个邀请只能填写一次。感谢您的参与！")
        )
    reason = survey_open_error(survey)
    if reason:
        return _closed(request, survey, reason)
    if request.method != "POST":
        return _page(request, survey, action=request.path)
    return _answer(request, survey, invitation=invitation, action=request.path)


def survey_thanks(request: HttpRequest, key: str) -> HttpResponse:
    survey = Survey.objects.filter(public_key=key).select_related("office").first()
    if survey is None:
        raise Http404(_("没有找到这份问卷，请核对链接。"))
    return render(request, "portal/surveys/thanks.html", {"survey": survey})


def survey_poster(request: HttpRequest, key: str) -> HttpResponse:
    """A printable A4 poster with the survey's QR code, for a reception hall's wall."""
    try:
        survey = survey_get_public(key=key)
    except NotFoundError as exc:
        raise Http404(_("没有找到这份问卷，请核对链接。")) from exc
    url = public_url(request, reverse("portal:survey", args=[survey.public_key]))
    qr = qr_svg(url, label=_("扫码填写问卷：%(title)s") % {"title": survey.title})
    return render(request, "portal/surveys/poster.html", {"survey": survey, "url": url, "qr": qr})
