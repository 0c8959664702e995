"""A petition taken by phone, at the window or on video, typed in by a receptionist."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from eqiao.core.errors import ApplicationError
from eqiao.intake.selectors import petition_get_for_staff
from eqiao.intake.services.submission import petition_submit
from eqiao.offices.capabilities import can
from eqiao.offices.selectors import office_subtree
from eqiao.workbench.decorators import staff_required
from eqiao.workbench.forms import PetitionEntryForm
from eqiao.workbench.views.common import form_error, get_or_404

RECEIPT_KEY = "workbench_receipt"


@staff_required
def petition_new(request):
    if not can(request.staff, "petition.enter"):
        raise PermissionDenied
    offices = office_subtree(office=request.staff.office)
    if request.method != "POST":
        form = PetitionEntryForm(offices=offices, initial={"office": request.staff.office_id})
        return render(request, "workbench/petition_new.html", {"form": form})
    form = PetitionEntryForm(request.POST, offices=offices)
    if form.is_valid():
        data = dict(form.cleaned_data)
        office = offices.get(pk=data.pop("office"))
        try:
            result = petition_submit(
                **data,
                office=office,
                entered_by=request.staff,
                attachments=request.FILES.getlist("attachments"),
            )
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            # The password exists only now: keep it for the one page that reads it out.
            request.session[RECEIPT_KEY] = {
                "pk": result.petition.pk,
                "password": result.query_password,
            }
            return redirect("workbench:petition_receipt", pk=result.petition.pk)
    return render(request, "workbench/petition_new.html", {"form": form})


@staff_required
def petition_receipt(request, pk: int):
    """Tracking number and query password to read out to the citizen. The password is shown
    once: reloading the page no longer shows it (it is stored only as a hash)."""
    petition = get_or_404(petition_get_for_staff, staff=request.staff, pk=pk)
    receipt = request.session.pop(RECEIPT_KEY, None) or {}
    password = receipt.get("password") if receipt.get("pk") == petition.pk else None
    return render(
        request, "workbench/petition_receipt.html", {"petition": petition, "password": password}
    )
