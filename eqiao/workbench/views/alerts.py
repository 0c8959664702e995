"""High-risk alerts (信访风险预警) and the emergency plans they start."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from eqiao.workbench.decorators import staff_required


@staff_required
def alert_list(request):
    return render(request, "workbench/alerts.html", {"alerts": []})


@staff_required
def alert_detail(request, pk: int):
    raise Http404
