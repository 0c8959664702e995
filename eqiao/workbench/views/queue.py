"""The queue of petitions of the staff member's subtree, and its export."""

from __future__ import annotations

from django.contrib import messages
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse

from eqiao.core.errors import ApplicationError
from eqiao.core.exports import export_response
from eqiao.core.ratelimit import client_ip
from eqiao.intake.selectors import petition_counts_for_staff, petition_list_for_staff
from eqiao.offices.selectors import office_subtree
from eqiao.workbench import exports
from eqiao.workbench.decorators import staff_required
from eqiao.workbench.forms import QueueFilterForm
from eqiao.workbench.views.common import paginate

DEFAULT_FILTER = "status=open"


def _filter_form(request) -> QueueFilterForm:
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("format", None)
    data = params if params else QueryDict(DEFAULT_FILTER)
    return QueueFilterForm(data, offices=office_subtree(office=request.staff.office))


def _petitions(request, form: QueueFilterForm):
    try:
        return petition_list_for_staff(staff=request.staff, **form.selector_kwargs()), None
    except ApplicationError as exc:  # e.g. an office outside the subtree in a stale URL
        kwargs = form.selector_kwargs() | {"office_id": None, "due": None}
        return petition_list_for_staff(staff=request.staff, **kwargs), exc


@staff_required
def queue(request):
    form = _filter_form(request)
    petitions, error = _petitions(request, form)
    page = paginate(request, petitions)
    context = {
        "form": form,
        "page": page,
        "filter_error": error,
        "querystring": form.data.urlencode(),
        "xlsx": exports.xlsx_available(),
    }
    if request.htmx and request.htmx.target == "queue-results":
        return render(request, "workbench/_queue_table.html", context)
    context["counts"] = petition_counts_for_staff(staff=request.staff)
    return render(request, "workbench/queue.html", context)


@staff_required
def queue_export(request):
    form = _filter_form(request)
    petitions, _error = _petitions(request, form)
    try:
        export = exports.petition_queue_export(
            staff=request.staff,
            petitions=petitions,
            fmt=request.GET.get("format", "csv"),
            filters=form.selector_kwargs(),
            ip=client_ip(request),
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(f"{reverse('workbench:queue')}?{form.data.urlencode()}")
    return export_response(export)
