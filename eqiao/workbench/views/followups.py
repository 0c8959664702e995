"""Follow-ups in the workbench: the campaigns of the subtree (create, edit, preview, pause,
resume, run now), a run's page with live progress (htmx polls it), the unclear replies a
person settles, and the heads' tasks for dissatisfied evaluations."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from eqiao.cases.models import CaseKind
from eqiao.core.errors import ApplicationError
from eqiao.followups.messages import CAMPAIGN_TEMPLATES
from eqiao.followups.models import EvaluationLevel, Period, RecordSource, RunStatus
from eqiao.followups.selectors import (
    campaign_get_for_staff,
    campaigns_for_staff,
    evaluation_get_for_staff,
    evaluations_pending_for_staff,
    run_get_for_staff,
    run_progress,
    task_get_for_staff,
    tasks_for_staff,
)
from eqiao.followups.services.campaigns import (
    campaign_create,
    campaign_pause,
    campaign_preview,
    campaign_resume,
    campaign_run_now,
    campaign_update,
)
from eqiao.followups.services.evaluations import evaluation_settle, followup_task_complete
from eqiao.intake.models import Kind
from eqiao.offices.selectors import office_subtree
from eqiao.workbench.decorators import staff_required
from eqiao.workbench.forms import StaffForm
from eqiao.workbench.views.common import form_error, get_or_404, paginate


class CampaignForm(StaffForm):
    name = forms.CharField(label=gettext_lazy("名称"), max_length=80)
    office = forms.ModelChoiceField(label=gettext_lazy("发送单位"), queryset=None)
    source = forms.ChoiceField(label=gettext_lazy("回访对象"), choices=RecordSource.choices)
    case_kinds = forms.MultipleChoiceField(
        label=gettext_lazy("案件类别"),
        choices=CaseKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("都不选表示全部类别。"),
    )
    petition_kinds = forms.MultipleChoiceField(
        label=gettext_lazy("信访类别"),
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("都不选表示全部类别。"),
    )
    period = forms.ChoiceField(label=gettext_lazy("办结时间"), choices=Period.choices)
    template = forms.ChoiceField(label=gettext_lazy("短信模板"), choices=())
    schedule = forms.CharField(
        label=gettext_lazy("发送时间"),
        max_length=60,
        initial="monthly 5 10:00",
        help_text=gettext_lazy(
            "monthly 5 10:00 表示每月5日10:00；也可写 weekly mon 09:30、daily 10:00。"
        ),
    )

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = office_subtree(office=staff.office)
        self.fields["template"].choices = list(CAMPAIGN_TEMPLATES.items())


class SettleForm(StaffForm):
    level = forms.ChoiceField(
        label=gettext_lazy("评价"),
        choices=[c for c in EvaluationLevel.choices if c[0] != EvaluationLevel.UNCLEAR],
    )


class TaskForm(StaffForm):
    outcome = forms.CharField(
        label=gettext_lazy("处理结果"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


@staff_required
def campaign_list(request):
    campaigns = campaigns_for_staff(staff=request.staff)
    return render(
        request, "workbench/followups/campaigns.html", {"page": paginate(request, campaigns)}
    )


def _campaign_form_page(request, form, campaign=None):
    return render(
        request, "workbench/followups/campaign_form.html", {"form": form, "campaign": campaign}
    )


@staff_required
def campaign_new(request):
    form = CampaignForm(request.POST or None, staff=request.staff)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = campaign_create(actor=request.staff, **form.cleaned_data)
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("回访计划已保存。"))
            return redirect("workbench:followup_campaign", pk=campaign.pk)
    return _campaign_form_page(request, form)


@staff_required
def campaign_edit(request, pk: int):
    campaign = get_or_404(campaign_get_for_staff, staff=request.staff, pk=pk)
    initial = {
        k: getattr(campaign, k)
        for k in (
            "name",
            "office",
            "source",
            "case_kinds",
            "petition_kinds",
            "period",
            "template",
            "schedule",
        )
    }
    form = CampaignForm(request.POST or None, initial=initial, staff=request.staff)
    if request.method == "POST" and form.is_valid():
        try:
            campaign_update(campaign=campaign, actor=request.staff, **form.cleaned_data)
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("回访计划已保存。"))
            return redirect("workbench:followup_campaign", pk=campaign.pk)
    return _campaign_form_page(request, form, campaign)


@staff_required
def campaign_detail(request, pk: int):
    campaign = get_or_404(campaign_get_for_staff, staff=request.staff, pk=pk)
    preview = campaign_preview(campaign=campaign) if request.GET.get("preview") else None
    return render(
        request,
        "workbench/followups/campaign_detail.html",
        {"campaign": campaign, "preview": preview, "runs": campaign.runs.all()[:12]},
    )


@staff_required
@require_POST
def campaign_act(request, pk: int, action: str):
    campaign = get_or_404(campaign_get_for_staff, staff=request.staff, pk=pk)
    try:
        if action == "pause":
            campaign_pause(campaign=campaign, actor=request.staff)
            messages.success(request, _("回访计划已暂停。"))
        elif action == "resume":
            campaign_resume(campaign=campaign, actor=request.staff)
            messages.success(request, _("回访计划已恢复。"))
        elif action == "run":
            run = campaign_run_now(campaign=campaign, actor=request.staff)
            messages.success(request, _("已开始发送。"))
            return redirect("workbench:followup_run", pk=run.pk)
        else:
            messages.error(request, _("未知的操作。"))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("workbench:followup_campaign", pk=pk)


@staff_required
def run_detail(request, pk: int):
    run = get_or_404(run_get_for_staff, staff=request.staff, pk=pk)
    progress = run_progress(run=run, now=timezone.now())
    template = (
        "workbench/followups/_run_progress.html"
        if request.headers.get("HX-Request")
        else "workbench/followups/run_detail.html"
    )
    finished = run.status == RunStatus.DONE and progress.seconds_left == 0
    return render(request, template, {"run": run, "progress": progress, "finished": finished})


@staff_required
def evaluation_queue(request):
    pending = evaluations_pending_for_staff(staff=request.staff)
    return render(
        request,
        "workbench/followups/evaluations.html",
        {"page": paginate(request, pending), "form": SettleForm()},
    )


@staff_required
@require_POST
def evaluation_settle_view(request, pk: int):
    evaluation = get_or_404(evaluation_get_for_staff, staff=request.staff, pk=pk)
    form = SettleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择一个评价等级。"))
        return redirect("workbench:followup_evaluations")
    try:
        evaluation_settle(
            evaluation=evaluation, actor=request.staff, level=form.cleaned_data["level"]
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("评价已记录。"))
    return redirect("workbench:followup_evaluations")


@staff_required
def task_list(request):
    show_all = request.GET.get("all") == "1"
    tasks = tasks_for_staff(staff=request.staff, open_only=not show_all)
    return render(
        request,
        "workbench/followups/tasks.html",
        {"page": paginate(request, tasks), "show_all": show_all},
    )


@staff_required
def task_detail(request, pk: int):
    task = get_or_404(task_get_for_staff, staff=request.staff, pk=pk)
    form = TaskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            followup_task_complete(task=task, actor=request.staff, **form.cleaned_data)
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("处理结果已记录。"))
            return redirect("workbench:followup_task", pk=pk)
    return render(request, "workbench/followups/task_detail.html", {"task": task, "form": form})
