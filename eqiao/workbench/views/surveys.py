"""Questionnaires for staff (build, publish, invite, read the results, export) and the
satisfaction index pages (the office's subtree and each office below it, the trend, and
for heads each prosecutor). The URL patterns are here and joined to the workbench's."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from eqiao.cases.models import Case
from eqiao.core.errors import ApplicationError
from eqiao.core.exports import export_file, export_response
from eqiao.intake.models import Petition
from eqiao.offices.capabilities import can
from eqiao.offices.selectors import office_get_in_scope, office_subtree
from eqiao.surveys.models import Question, QuestionKind, SurveyStatus
from eqiao.surveys.periods import KINDS, MONTH, Period
from eqiao.surveys.satisfaction import (
    MIN_SAMPLE,
    satisfaction_by_prosecutor,
    satisfaction_overview,
)
from eqiao.surveys.selectors import (
    survey_export_rows,
    survey_get_for_staff,
    survey_list_for_staff,
    survey_questions,
    survey_results,
)
from eqiao.surveys.services import (
    invitations_send,
    question_delete,
    question_move,
    question_save,
    survey_close,
    survey_publish,
    survey_save,
)
from eqiao.workbench.decorators import staff_required
from eqiao.workbench.forms import StaffForm
from eqiao.workbench.views.common import form_error, get_or_404, paginate

MANAGE = "survey.manage"
_DT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


def _require(request, capability: str) -> None:
    if not can(request.staff, capability):
        raise PermissionDenied(_("您没有“%(what)s”的权限。") % {"what": capability})


class SurveyForm(StaffForm):
    title = forms.CharField(label=gettext_lazy("标题"), max_length=120)
    intro = forms.CharField(
        label=gettext_lazy("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    office = forms.ModelChoiceField(label=gettext_lazy("所属单位"), queryset=None)
    anonymous = forms.BooleanField(
        label=gettext_lazy("匿名（可通过公开链接和二维码填写）"), required=False, initial=True
    )
    opens_at = forms.DateTimeField(label=gettext_lazy("开始时间"), required=False, widget=_DT)
    closes_at = forms.DateTimeField(label=gettext_lazy("截止时间"), required=False, widget=_DT)

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = office_subtree(office=staff.office)
        self.fields["office"].initial = staff.office.pk


class QuestionForm(StaffForm):
    kind = forms.ChoiceField(label=gettext_lazy("题型"), choices=QuestionKind.choices)
    text = forms.CharField(label=gettext_lazy("题目"), max_length=300)
    choices = forms.CharField(
        label=gettext_lazy("选项"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("选择题填写，每行一个选项。"),
    )
    required = forms.BooleanField(label=gettext_lazy("必答"), required=False, initial=True)
    counts_toward_satisfaction = forms.BooleanField(
        label=gettext_lazy("计入满意度（仅1–5分评分题）"), required=False
    )


class InviteForm(StaffForm):
    case_number = forms.CharField(
        label=gettext_lazy("案件编号"),
        required=False,
        max_length=64,
        help_text=gettext_lazy("邀请该案有手机号的全部当事人。"),
    )
    tracking_number = forms.CharField(
        label=gettext_lazy("信访件受理编号"),
        required=False,
        max_length=20,
        help_text=gettext_lazy("邀请该信访件的信访人。"),
    )
    phones = forms.CharField(
        label=gettext_lazy("手机号码"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("每行一个，或用逗号分开。已退订短信的号码不会收到。"),
    )


# --- questionnaires ---------------------------------------------------------------------


@staff_required
def survey_list(request):
    status = request.GET.get("status", "")
    page = paginate(request, survey_list_for_staff(staff=request.staff, status=status))
    return render(
        request,
        "workbench/surveys/list.html",
        {
            "page": page,
            "status": status,
            "statuses": SurveyStatus.choices,
            "may_manage": can(request.staff, MANAGE),
        },
    )


@staff_required
def survey_edit(request, pk: int | None = None):
    _require(request, MANAGE)
    survey = get_or_404(survey_get_for_staff, staff=request.staff, pk=pk) if pk else None
    initial = {}
    if survey:
        initial = {
            "title": survey.title,
            "intro": survey.intro,
            "office": survey.office_id,
            "anonymous": survey.anonymous,
            "opens_at": survey.opens_at,
            "closes_at": survey.closes_at,
        }
    form = SurveyForm(request.POST or None, initial=initial, staff=request.staff)
    if request.method == "POST" and form.is_valid():
        try:
            saved = survey_save(actor=request.staff, survey=survey, **form.cleaned_data)
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("问卷已保存。"))
            return redirect("workbench:survey_detail", pk=saved.pk)
    return render(request, "workbench/surveys/form.html", {"form": form, "survey": survey})


def _public_links(request, survey) -> dict:
    if not survey.anonymous or survey.status == SurveyStatus.DRAFT:
        return {}
    answer = reverse("portal:survey", args=[survey.public_key])
    return {
        "public_url": request.build_absolute_uri(answer),
        "poster_url": reverse("portal:survey_poster", args=[survey.public_key]),
    }


@staff_required
def survey_detail(request, pk: int):
    survey = get_or_404(survey_get_for_staff, staff=request.staff, pk=pk)
    context = {
        "survey": survey,
        "questions": survey_questions(survey),
        "question_form": QuestionForm(),
        "invite_form": InviteForm(),
        "may_manage": can(request.staff, MANAGE, survey.office),
        "responses": survey.responses.count(),
        "invitations": survey.invitations.count(),
        **_public_links(request, survey),
    }
    return render(request, "workbench/surveys/detail.html", context)


def _question_data(form) -> dict:
    data = dict(form.cleaned_data)
    data["choices"] = [line for line in data.pop("choices").splitlines()]
    return data


@staff_required
def question_edit(request, pk: int, question_pk: int | None = None):
    _require(request, MANAGE)
    survey = get_or_404(survey_get_for_staff, staff=request.staff, pk=pk)
    question = get_object_or_404(Question, pk=question_pk, survey=survey) if question_pk else None
    initial = {}
    if question:
        initial = {
            "kind": question.kind,
            "text": question.text,
            "required": question.required,
            "counts_toward_satisfaction": question.counts_toward_satisfaction,
            "choices": "\n".join(c.text for c in question.choices.all()),
        }
    form = QuestionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            question_save(
                actor=request.staff, survey=survey, question=question, **_question_data(form)
            )
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("题目已保存。"))
            return redirect("workbench:survey_detail", pk=survey.pk)
    return render(
        request,
        "workbench/surveys/question_form.html",
        {"form": form, "survey": survey, "question": question},
        status=400 if request.method == "POST" else 200,
    )


@staff_required
@require_POST
def question_act(request, pk: int, question_pk: int, action: str):
    _require(request, MANAGE)
    survey = get_or_404(survey_get_for_staff, staff=request.staff, pk=pk)
    question = get_object_or_404(Question, pk=question_pk, survey=survey)
    try:
        if action == "delete":
            question_delete(actor=request.staff, question=question)
        elif action in ("up", "down"):
            question_move(actor=request.staff, question=question, up=action == "up")
        else:
            raise Http404
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("workbench:survey_detail", pk=survey.pk)


@staff_required
@require_POST
def survey_act(request, pk: int, action: str):
    _require(request, MANAGE)
    survey = get_or_404(survey_get_for_staff, staff=request.staff, pk=pk)
    services = {"publish": survey_publish, "close": survey_close}
    if action not in services:
        raise Http404
    try:
        services[action](actor=request.staff, survey=survey)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("问卷已发布。") if action == "publish" else _("问卷已结束，不再接受填写。")
        )
    return redirect("workbench:survey_detail", pk=survey.pk)


def _phones(text: str) -> list[str]:
    for sep in ",，;；、 \t":
        text = text.replace(sep, "\n")
    return [p for p in text.splitlines() if p.strip()]


@staff_required
@require_POST
def survey_invite(request, pk: int):
    _require(request, MANAGE)
    survey = get_or_404(survey_get_for_staff, staff=request.staff, pk=pk)
    form = InviteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("邀请内容有误，请检查。"))
        return redirect("workbench:survey_detail", pk=survey.pk)
    case = None
    number = form.cleaned_data["case_number"].strip()
    if number:
        case = Case.objects.filter(number=number).select_related("office").first()
        if case is None or not case.office.is_within(request.staff.office):
            messages.error(request, _("没有找到案件“%(n)s”。") % {"n": number})
            return redirect("workbench:survey_detail", pk=survey.pk)
    petition = None
    tracking = form.cleaned_data["tracking_number"].strip()
    if tracking:
        petition = (
            Petition.objects.filter(tracking_number=tracking).select_related("office").first()
        )
        if petition is None or not petition.office.is_within(request.staff.office):
            messages.error(request, _("没有找到信访件“%(n)s”。") % {"n": tracking})
            return redirect("workbench:survey_detail", pk=survey.pk)
    try:
        result = invitations_send(
            actor=request.staff,
            survey=survey,
            phones=_phones(form.cleaned_data["phones"]),
            case=case,
            petition=petition,
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("workbench:survey_detail", pk=survey.pk)
    messages.success(
        request,
        _("已发送%(sent)d条邀请；已退订跳过%(out)d个；此前已邀请跳过%(already)d个。")
        % {"sent": result.sent, "out": result.skipped_opted_out, "already": result.skipped_already},
    )
    if result.skipped_invalid:
        messages.error(
            request,
            _("以下号码格式不对，未发送：%(list)s") % {"list": "、".join(result.skipped_invalid)},
        )
    return redirect("workbench:survey_detail", pk=survey.pk)


@staff_required
def survey_results_page(request, pk: int):
    survey = get_or_404(survey_get_for_staff, staff=request.staff, pk=pk)
    results = survey_results(survey)
    charts = [
        {
            "id": f"chart-{r.question.pk}",
            "kind": r.question.kind,
            "title": r.question.text,
            "labels": [o[0] for o in r.options] or [_("%(n)d分") % {"n": v} for v, _n in r.scale],
            "values": [o[1] for o in r.options] or [n for _v, n in r.scale],
        }
        for r in results.questions
        if r.options or r.scale
    ]
    return render(
        request,
        "workbench/surveys/results.html",
        {"results": results, "survey": survey, "charts": charts},
    )


@staff_required
def survey_export(request, pk: int):
    survey = get_or_404(survey_get_for_staff, staff=request.staff, pk=pk)
    header, rows = survey_export_rows(survey)
    header[0] = _("提交时间")
    return export_response(
        export_file(
            fmt="xlsx",
            stem=f"survey-{survey.pk}",
            sheet_title=survey.title,
            header=header,
            rows=rows,
        )
    )


# --- the satisfaction index ------------------------------------------------------------


def _office_and_period(request):
    staff = request.staff
    office = staff.office
    if request.GET.get("office", "").isdigit() and len(request.GET["office"]) < 10:
        office = get_or_404(office_get_in_scope, staff=staff, pk=int(request.GET["office"]))
    kind = request.GET.get("kind", MONTH)
    kind = kind if kind in KINDS else MONTH
    error = ""
    period = Period.current(kind)
    if request.GET.get("period"):
        try:
            period = Period.parse(request.GET["period"])
        except ApplicationError as exc:
            error = exc.message
    return office, period, error


@staff_required
def satisfaction_page(request):
    _require(request, "satisfaction.view")
    office, period, error = _office_and_period(request)
    overview = satisfaction_overview(office=office, period=period)
    trend = {
        "labels": [i.period.label for i in overview.trend],
        "values": [i.value for i in overview.trend],
        "counts": [i.n for i in overview.trend],
    }
    return render(
        request,
        "workbench/surveys/satisfaction.html",
        {
            "overview": overview,
            "office": office,
            "period": period,
            "error": error,
            "trend": trend,
            "min_sample": MIN_SAMPLE,
            "kinds": [(k, Period.current(k).key) for k in KINDS],
            "may_view_staff": can(request.staff, "satisfaction.view_staff", office),
        },
    )


@staff_required
def satisfaction_staff_page(request):
    _require(request, "satisfaction.view_staff")
    office, period, error = _office_and_period(request)
    if not can(request.staff, "satisfaction.view_staff", office):
        raise PermissionDenied
    rows = satisfaction_by_prosecutor(office=office, period=period)
    return render(
        request,
        "workbench/surveys/satisfaction_staff.html",
        {
            "rows": rows,
            "office": office,
            "period": period,
            "error": error,
            "min_sample": MIN_SAMPLE,
        },
    )


urlpatterns = [
    path("surveys/", survey_list, name="surveys"),
    path("surveys/new/", survey_edit, name="survey_new"),
    path("surveys/<int:pk>/", survey_detail, name="survey_detail"),
    path("surveys/<int:pk>/edit/", survey_edit, name="survey_edit"),
    path("surveys/<int:pk>/act/<slug:action>/", survey_act, name="survey_act"),
    path("surveys/<int:pk>/questions/new/", question_edit, name="survey_question_new"),
    path(
        "surveys/<int:pk>/questions/<int:question_pk>/", question_edit, name="survey_question_edit"
    ),
    path(
        "surveys/<int:pk>/questions/<int:question_pk>/<slug:action>/",
        question_act,
        name="survey_question_act",
    ),
    path("surveys/<int:pk>/invite/", survey_invite, name="survey_invite"),
    path("surveys/<int:pk>/results/", survey_results_page, name="survey_results"),
    path("surveys/<int:pk>/results.xlsx", survey_export, name="survey_export"),
    path("satisfaction/", satisfaction_page, name="satisfaction"),
    path("satisfaction/prosecutors/", satisfaction_staff_page, name="satisfaction_staff"),
]
