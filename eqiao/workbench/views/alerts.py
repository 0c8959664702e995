"""High-risk alerts (信访风险预警) and the emergency plans (应急预案) they start."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from eqiao.core.errors import ApplicationError
from eqiao.intake.selectors import (
    alert_get_for_staff,
    alert_list_for_staff,
    plan_get_for_staff,
    plan_running_for_petition,
    plan_templates_for_office,
)
from eqiao.intake.services.risk import (
    PlanAlreadyActiveError,
    alert_acknowledge,
    emergency_plan_start,
    plan_close,
    plan_step_complete,
)
from eqiao.workbench.decorators import staff_required
from eqiao.workbench.forms import PlanCloseForm, PlanStartForm, StepCompleteForm
from eqiao.workbench.views.common import form_error, get_or_404, paginate


@staff_required
def alert_list(request):
    open_only = request.GET.get("open") == "1"
    page = paginate(request, alert_list_for_staff(staff=request.staff, open_only=open_only))
    return render(request, "workbench/alerts.html", {"page": page, "open_only": open_only})


def _alert_context(request, alert, *, start_form=None, error=None) -> dict:
    templates = plan_templates_for_office(office=alert.office)
    return {
        "alert": alert,
        "plans": alert.plans.all(),
        "running_plan": plan_running_for_petition(petition_id=alert.petition_id),
        "templates": templates,
        "start_form": start_form or PlanStartForm(templates=templates),
        "error": error,
    }


@staff_required
def alert_detail(request, pk: int):
    alert = get_or_404(alert_get_for_staff, staff=request.staff, pk=pk)
    return render(request, "workbench/alert_detail.html", _alert_context(request, alert))


@staff_required
@require_POST
def alert_ack(request, pk: int):
    alert = get_or_404(alert_get_for_staff, staff=request.staff, pk=pk)
    error = None
    try:
        alert_acknowledge(alert=alert, actor=request.staff)
    except ApplicationError as exc:
        error = exc
    if request.htmx:
        return render(request, "workbench/_alert_ack.html", {"alert": alert, "error": error})
    if error:
        messages.error(request, error.message)
    return redirect("workbench:alert_detail", pk=pk)


@staff_required
@require_POST
def plan_start(request, pk: int):
    alert = get_or_404(alert_get_for_staff, staff=request.staff, pk=pk)
    templates = plan_templates_for_office(office=alert.office)
    form = PlanStartForm(request.POST, templates=templates)
    if form.is_valid():
        template = templates.filter(pk=form.cleaned_data["template"]).first()
        try:
            if template is None:
                raise ApplicationError(_("请选择应急预案模板。"), field="template")
            plan = emergency_plan_start(alert=alert, template=template, actor=request.staff)
        except PlanAlreadyActiveError as exc:  # take the head to the plan already running
            messages.warning(request, exc.message)
            return redirect("workbench:plan_detail", pk=exc.plan.pk)
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("已启动应急预案“%(name)s”。") % {"name": plan.name})
            return redirect("workbench:plan_detail", pk=plan.pk)
    context = _alert_context(request, alert, start_form=form)
    return render(request, "workbench/alert_detail.html", context)


def _plan_context(plan, *, close_form=None, step_error=None) -> dict:
    steps = list(plan.steps.all())
    return {
        "plan": plan,
        "steps": steps,
        "all_done": all(s.done_at for s in steps),
        "close_form": close_form or PlanCloseForm(),
        "step_form": StepCompleteForm(),
        "step_error": step_error,
    }


@staff_required
def plan_detail(request, pk: int):
    plan = get_or_404(plan_get_for_staff, staff=request.staff, pk=pk)
    return render(request, "workbench/plan_detail.html", _plan_context(plan))


@staff_required
@require_POST
def plan_step_done(request, pk: int, step_pk: int):
    """Tick a step off; with htmx the plan's steps and close form are redrawn in place."""
    plan = get_or_404(plan_get_for_staff, staff=request.staff, pk=pk)
    step = next((s for s in plan.steps.all() if s.pk == step_pk), None)
    if step is None:
        raise Http404
    form = StepCompleteForm(request.POST)
    error = None
    if not form.is_valid():
        # The form's own message (e.g. control characters in the note), not the service's
        # "please fill in" that an emptied value would give.
        error = (step.pk, " ".join(form.errors.get("note", [])) or form.errors.as_text())
    else:
        try:
            plan_step_complete(step=step, actor=request.staff, note=form.cleaned_data["note"])
        except ApplicationError as exc:
            error = (step.pk, exc.message)
    if not request.htmx:
        if error:
            messages.error(request, error[1])
        return redirect("workbench:plan_detail", pk=pk)
    plan = get_or_404(plan_get_for_staff, staff=request.staff, pk=pk)
    return render(request, "workbench/_plan_body.html", _plan_context(plan, step_error=error))


@staff_required
@require_POST
def plan_finish(request, pk: int):
    plan = get_or_404(plan_get_for_staff, staff=request.staff, pk=pk)
    form = PlanCloseForm(request.POST)
    if form.is_valid():
        try:
            plan_close(plan=plan, actor=request.staff, summary=form.cleaned_data["summary"])
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("应急预案已结束，风险已化解。"))
            if not request.htmx:
                return redirect("workbench:plan_detail", pk=pk)
            plan = get_or_404(plan_get_for_staff, staff=request.staff, pk=pk)
            return render(request, "workbench/_plan_body.html", _plan_context(plan))
    template = "workbench/_plan_body.html" if request.htmx else "workbench/plan_detail.html"
    return render(request, template, _plan_context(plan, close_form=form))
