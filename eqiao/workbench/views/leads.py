"""Leads (线索) of the subtree, tracked to an outcome. New leads are recorded from the
petition page (action "lead")."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from eqiao.core.errors import ApplicationError
from eqiao.intake.selectors import lead_get_for_staff, lead_list_for_staff
from eqiao.intake.services.leads import lead_close
from eqiao.workbench.decorators import staff_required
from eqiao.workbench.forms import LeadCloseForm, LeadFilterForm
from eqiao.workbench.views.common import form_error, get_or_404, paginate


@staff_required
def lead_list(request):
    form = LeadFilterForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    leads = lead_list_for_staff(
        staff=request.staff, status=data.get("status") or None, kind=data.get("kind") or None
    )
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "workbench/leads.html",
        {
            "form": form,
            "page": paginate(request, leads),
            "querystring": params.urlencode(),
            "close_form": LeadCloseForm(),
        },
    )


@staff_required
def lead_detail(request, pk: int):
    lead = get_or_404(lead_get_for_staff, staff=request.staff, pk=pk)
    return render(request, "workbench/lead_detail.html", {"lead": lead, "form": LeadCloseForm()})


@staff_required
@require_POST
def lead_finish(request, pk: int):
    lead = get_or_404(lead_get_for_staff, staff=request.staff, pk=pk)
    form = LeadCloseForm(request.POST)
    if form.is_valid():
        try:
            lead_close(lead=lead, actor=request.staff, **form.cleaned_data)
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("线索已办结。"))
            return redirect("workbench:lead_detail", pk=pk)
    return render(request, "workbench/lead_detail.html", {"lead": lead, "form": form})
