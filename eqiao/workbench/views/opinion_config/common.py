"""What the monitoring desk's configuration pages share: the capability guard and the
integer field whose ranges the services check."""

from __future__ import annotations

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy

from eqiao.core.errors import PermissionDeniedError
from eqiao.offices.capabilities import can, require
from eqiao.opinion.services import config
from eqiao.workbench.decorators import staff_required

CAPABILITY = config.CAPABILITY


def _guarded(capability: str):
    def decorate(view):
        def wrapper(request, *args, **kwargs):
            try:
                require(request.staff, capability, None)
            except PermissionDeniedError as exc:
                return render(
                    request, "workbench/opinion/denied.html", {"reason": exc.message}, status=403
                )
            return view(request, *args, **kwargs)

        wrapper.__name__ = view.__name__
        wrapper.__doc__ = view.__doc__
        return staff_required(wrapper)

    return decorate


def _may_configure(request) -> bool:
    return can(request.staff, CAPABILITY, config.city_office())


def _int(label, **kwargs) -> forms.IntegerField:
    # Ranges are the service's to check, so the message is the same everywhere.
    return forms.IntegerField(
        label=label, error_messages={"invalid": gettext_lazy("请填写整数。")}, **kwargs
    )
