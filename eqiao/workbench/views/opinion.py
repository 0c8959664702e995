"""Public-opinion monitoring (舆情监测): dashboard, posts, events and their handling
(研判 → 处置 → 引导 → 总结), alerts."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from eqiao.core.errors import ApplicationError, PermissionDeniedError
from eqiao.offices.capabilities import require
from eqiao.offices.models import Procuratorate
from eqiao.opinion.models import EventStatus, RiskLevel, Sentiment
from eqiao.opinion.selectors import (
    alert_get_for_staff,
    alerts_for_staff,
    dashboard,
    event_get_for_staff,
    events_for_staff,
    posts_for_staff,
)
from eqiao.opinion.services.alerts import alert_acknowledge
from eqiao.opinion.services.workflow import event_assess, event_close, event_guide, event_handle
from eqiao.workbench.decorators import staff_required
from eqiao.workbench.views.common import form_error, get_or_404, paginate

CAPABILITY = "opinion.analyse"


class AssessForm(forms.Form):
    risk_level = forms.ChoiceField(label=gettext_lazy("风险等级"), choices=RiskLevel.choices)
    risk_note = forms.CharField(
        label=gettext_lazy("研判意见"), widget=forms.Textarea, max_length=2000
    )


class HandleForm(forms.Form):
    office = forms.ModelChoiceField(
        label=gettext_lazy("承办单位"), queryset=Procuratorate.objects.none()
    )
    note = forms.CharField(label=gettext_lazy("处置意见"), widget=forms.Textarea, max_length=2000)
    petition = forms.CharField(
        label=gettext_lazy("关联信访件受理编号"), required=False, max_length=40
    )
    case = forms.CharField(label=gettext_lazy("关联案件编号"), required=False, max_length=64)

    def __init__(self, *args, staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        if staff is not None:
            self.fields["office"].queryset = Procuratorate.objects.filter(
                path__startswith=staff.office.path
            )


class GuideForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("回应稿件标题"), max_length=120)
    body = forms.CharField(
        label=gettext_lazy("回应稿件正文"), widget=forms.Textarea, max_length=20000
    )


class CloseForm(forms.Form):
    summary = forms.CharField(label=gettext_lazy("总结"), widget=forms.Textarea, max_length=4000)


def _analyst(request) -> None:
    require(request.staff, CAPABILITY, None)


def _guard(view):
    def wrapper(request, *args, **kwargs):
        try:
            _analyst(request)
        except PermissionDeniedError as exc:
            return render(
                request, "workbench/opinion/denied.html", {"reason": exc.message}, status=403
            )
        return view(request, *args, **kwargs)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@staff_required
@_guard
def opinion_dashboard(request):
    data = dashboard(staff=request.staff)
    chart = {
        "days": data["days"],
        "volume": data["volume"],
        "sentiment": [
            {"name": str(label), "value": data["sentiment"][value]}
            for value, label in Sentiment.choices
        ],
        "sources": [{"name": s["source__name"], "value": s["n"]} for s in data["sources"]],
        "labels": {"volume": _("涉检信息量"), "sentiment": _("情感分布"), "sources": _("来源")},
    }
    return render(request, "workbench/opinion/dashboard.html", {"data": data, "chart": chart})


@staff_required
@_guard
def opinion_posts(request):
    relevant = {"1": True, "0": False, "all": None}.get(request.GET.get("relevant", "1"), True)
    sentiment = request.GET.get("sentiment", "")
    if sentiment not in Sentiment.values:
        sentiment = ""
    q = request.GET.get("q", "").strip()[:50]
    page = paginate(
        request, posts_for_staff(staff=request.staff, relevant=relevant, sentiment=sentiment, q=q)
    )
    return render(
        request,
        "workbench/opinion/posts.html",
        {
            "page": page,
            "q": q,
            "sentiment": sentiment,
            "relevant": request.GET.get("relevant", "1"),
            "sentiments": Sentiment.choices,
        },
    )


@staff_required
@_guard
def opinion_events(request):
    status = request.GET.get("status", "")
    if status not in EventStatus.values:
        status = ""
    page = paginate(request, events_for_staff(staff=request.staff, status=status))
    return render(
        request,
        "workbench/opinion/events.html",
        {"page": page, "status": status, "statuses": EventStatus.choices},
    )


def _event_context(request, event, **forms_) -> dict:
    return {
        "event": event,
        "posts": event.posts.select_related("source").order_by("posted_at")[:100],
        "alerts": event.alerts.all(),
        "assess_form": forms_.get("assess")
        or AssessForm(initial={"risk_level": event.risk_level, "risk_note": event.risk_note}),
        "handle_form": forms_.get("handle")
        or HandleForm(staff=request.staff, initial={"office": event.office}),
        "guide_form": forms_.get("guide")
        or GuideForm(
            initial={"title": _("关于网传“%(title)s”的情况说明") % {"title": event.title[:40]}}
        ),
        "close_form": forms_.get("close") or CloseForm(),
    }


@staff_required
@_guard
def opinion_event(request, pk: int):
    event = get_or_404(event_get_for_staff, staff=request.staff, pk=pk)
    return render(request, "workbench/opinion/event.html", _event_context(request, event))


@staff_required
@_guard
@require_POST
def opinion_event_step(request, pk: int, step: str):
    event = get_or_404(event_get_for_staff, staff=request.staff, pk=pk)
    staff = request.staff
    form_classes = {
        "assess": AssessForm,
        "handle": HandleForm,
        "guide": GuideForm,
        "close": CloseForm,
    }
    if step not in form_classes:
        return redirect("workbench:opinion_event", pk=event.pk)
    kwargs = {"staff": staff} if step == "handle" else {}
    form = form_classes[step](request.POST, **kwargs)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if step == "assess":
                event_assess(
                    actor=staff,
                    event=event,
                    risk_level=data["risk_level"],
                    risk_note=data["risk_note"],
                )
            elif step == "handle":
                petition, case = _links(data)
                event_handle(
                    actor=staff,
                    event=event,
                    office=data["office"],
                    note=data["note"],
                    petition=petition,
                    case=case,
                )
            elif step == "guide":
                event_guide(actor=staff, event=event, title=data["title"], body=data["body"])
            else:
                event_close(actor=staff, event=event, summary=data["summary"])
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("workbench:opinion_event", pk=event.pk)
    return render(
        request,
        "workbench/opinion/event.html",
        _event_context(request, event, **{step: form}),
        status=400,
    )


def _links(data: dict):
    from eqiao.cases.models import Case
    from eqiao.intake.models import Petition

    petition = case = None
    if data.get("petition"):
        petition = Petition.objects.filter(tracking_number=data["petition"]).first()
        if petition is None:
            raise ApplicationError(
                _("找不到受理编号为 %(n)s 的信访件。") % {"n": data["petition"]}, field="petition"
            )
    if data.get("case"):
        case = Case.objects.filter(number=data["case"]).first()
        if case is None:
            raise ApplicationError(
                _("找不到编号为 %(n)s 的案件。") % {"n": data["case"]}, field="case"
            )
    return petition, case


@staff_required
@_guard
def opinion_alerts(request):
    open_only = request.GET.get("open") == "1"
    page = paginate(request, alerts_for_staff(staff=request.staff, open_only=open_only))
    return render(request, "workbench/opinion/alerts.html", {"page": page, "open_only": open_only})


@staff_required
@_guard
@require_POST
def opinion_alert_ack(request, pk: int):
    alert = get_or_404(alert_get_for_staff, staff=request.staff, pk=pk)
    try:
        alert_acknowledge(actor=request.staff, alert=alert)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("预警已确认。"))
    return redirect("workbench:opinion_alerts")
