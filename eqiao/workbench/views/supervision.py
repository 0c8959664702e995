"""Petitions my office supervises (督办) in the offices below it."""

from __future__ import annotations

from django.shortcuts import render

from eqiao.intake.selectors import petitions_supervised_by
from eqiao.workbench.decorators import staff_required
from eqiao.workbench.views.common import paginate


@staff_required
def supervision_list(request):
    page = paginate(request, petitions_supervised_by(staff=request.staff))
    return render(request, "workbench/supervision.html", {"page": page})
