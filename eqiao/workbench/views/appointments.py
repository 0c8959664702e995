"""Appointments in the workbench: the day's bookings of the subtree with confirm, decline,
check-in and cancel; check-in by the code a person shows; each resource's week calendar
(htmx moves between weeks); and the resources' settings for staff who may configure them."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from eqiao.appointments.hours import CHINA
from eqiao.appointments.kinds import AppointmentKind
from eqiao.appointments.models import BookingStatus
from eqiao.appointments.selectors import (
    booking_get_for_staff,
    bookings_for_staff,
    resource_get_for_staff,
    resources_for_staff,
    week_grid,
)
from eqiao.appointments.services.handling import (
    booking_cancel_by_staff,
    booking_check_in,
    booking_check_in_by_code,
    booking_confirm,
    booking_decline,
)
from eqiao.appointments.services.resources import resource_create, resource_update
from eqiao.core.errors import ApplicationError
from eqiao.offices.capabilities import can
from eqiao.offices.selectors import office_subtree
from eqiao.workbench.decorators import staff_required
from eqiao.workbench.forms import StaffForm
from eqiao.workbench.views.common import form_error, get_or_404, paginate

WEEKDAYS = [
    (1, gettext_lazy("周一")),
    (2, gettext_lazy("周二")),
    (3, gettext_lazy("周三")),
    (4, gettext_lazy("周四")),
    (5, gettext_lazy("周五")),
    (6, gettext_lazy("周六")),
    (7, gettext_lazy("周日")),
]


class BookingFilterForm(StaffForm):
    day = forms.DateField(
        label=gettext_lazy("日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    status = forms.ChoiceField(
        label=gettext_lazy("状态"),
        required=False,
        choices=[("", gettext_lazy("全部")), *BookingStatus.choices],
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("事项"),
        required=False,
        choices=[("", gettext_lazy("全部")), *AppointmentKind.choices],
    )
    q = forms.CharField(label=gettext_lazy("预约号或案件编号"), required=False, max_length=40)


class CheckInCodeForm(StaffForm):
    code = forms.CharField(label=gettext_lazy("签到码"), max_length=12)


class ReasonForm(StaffForm):
    reason = forms.CharField(
        label=gettext_lazy("原因（预约人会在短信中看到）"),
        max_length=200,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ResourceForm(StaffForm):
    office = forms.ModelChoiceField(label=gettext_lazy("所属单位"), queryset=None)
    name = forms.CharField(label=gettext_lazy("名称"), max_length=60)
    kinds = forms.MultipleChoiceField(
        label=gettext_lazy("可预约事项"),
        choices=AppointmentKind.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    hours = forms.CharField(
        label=gettext_lazy("开放时间"),
        max_length=120,
        help_text=gettext_lazy("工作日的开放时段，如 09:00-11:30,14:00-17:00。"),
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=gettext_lazy("开放星期"),
        choices=WEEKDAYS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("都不选表示每个工作日都开放；节假日自动不开放。"),
    )
    slot_minutes = forms.IntegerField(label=gettext_lazy("每个时段（分钟）"))
    capacity = forms.IntegerField(label=gettext_lazy("每个时段可约人数"))
    min_notice_hours = forms.IntegerField(label=gettext_lazy("至少提前（小时）"))
    cancel_cutoff_hours = forms.IntegerField(label=gettext_lazy("取消截止（开始前小时）"))
    advance_days = forms.IntegerField(label=gettext_lazy("可预约天数"))
    location = forms.CharField(label=gettext_lazy("位置说明"), max_length=120, required=False)
    is_active = forms.BooleanField(label=gettext_lazy("启用"), required=False)

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = office_subtree(office=staff.office)


def _today() -> dt.date:
    return timezone.now().astimezone(CHINA).date()


@staff_required
def booking_list(request):
    form = BookingFilterForm(request.GET or {"day": _today()})
    data = form.cleaned_data if form.is_valid() else {}
    bookings = bookings_for_staff(
        staff=request.staff,
        status=data.get("status") or None,
        kind=data.get("kind") or None,
        day=data.get("day"),
        q=data.get("q") or "",
    )
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "workbench/appointments/list.html",
        {
            "form": form,
            "page": paginate(request, bookings),
            "querystring": params.urlencode(),
            "code_form": CheckInCodeForm(),
            "reason_form": ReasonForm(),
            "pending": bookings_for_staff(
                staff=request.staff, status=BookingStatus.PENDING
            ).count(),
        },
    )


@staff_required
def booking_detail(request, pk: int):
    booking = get_or_404(booking_get_for_staff, staff=request.staff, pk=pk)
    return render(
        request,
        "workbench/appointments/detail.html",
        {"booking": booking, "reason_form": ReasonForm()},
    )


ACTIONS = {
    "confirm": (
        lambda staff, booking, reason: booking_confirm(actor=staff, booking=booking, reason=reason),
        gettext_lazy("已确认，预约人会收到短信。"),
    ),
    "decline": (
        lambda staff, booking, reason: booking_decline(actor=staff, booking=booking, reason=reason),
        gettext_lazy("已不予安排，预约人会收到短信。"),
    ),
    "check_in": (
        lambda staff, booking, reason: booking_check_in(actor=staff, booking=booking),
        gettext_lazy("已签到。"),
    ),
    "cancel": (
        lambda staff, booking, reason: booking_cancel_by_staff(actor=staff, booking=booking),
        gettext_lazy("预约已取消。"),
    ),
}


@staff_required
@require_POST
def booking_act(request, pk: int, action: str):
    booking = get_or_404(booking_get_for_staff, staff=request.staff, pk=pk)
    if action not in ACTIONS:
        raise Http404
    act, done = ACTIONS[action]
    form = ReasonForm(request.POST)
    reason = form.cleaned_data.get("reason", "") if form.is_valid() else ""
    try:
        act(request.staff, booking, reason)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, str(done))
    back = request.POST.get("next", "")
    if back.startswith("/staff/") and url_has_allowed_host_and_scheme(back, allowed_hosts=None):
        return redirect(back)
    return redirect("workbench:appointment_detail", pk=pk)


@staff_required
@require_POST
def check_in_by_code(request):
    form = CheckInCodeForm(request.POST)
    if form.is_valid():
        try:
            booking = booking_check_in_by_code(actor=request.staff, code=form.cleaned_data["code"])
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("%(name)s（预约号%(reference)s，%(kind)s）已签到。")
                % {
                    "name": booking.masked_name,
                    "reference": booking.reference,
                    "kind": booking.get_kind_display(),
                },
            )
            return redirect("workbench:appointment_detail", pk=booking.pk)
    else:
        messages.error(request, _("请填写签到码。"))
    return redirect("workbench:appointments")


@staff_required
def resource_list(request):
    resources = resources_for_staff(staff=request.staff)
    return render(
        request,
        "workbench/appointments/resources.html",
        {"resources": resources, "may_configure": can(request.staff, "appointment.configure")},
    )


def _resource_values(form) -> dict:
    data = dict(form.cleaned_data)
    data.pop("office")
    return data


@staff_required
def resource_new(request):
    form = ResourceForm(
        request.POST or None,
        staff=request.staff,
        initial={
            "office": request.staff.office,
            "hours": "09:00-11:30,14:00-17:00",
            "slot_minutes": 30,
            "capacity": 1,
            "min_notice_hours": 2,
            "cancel_cutoff_hours": 2,
            "advance_days": 14,
            "is_active": True,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            resource = resource_create(
                actor=request.staff, office=form.cleaned_data["office"], **_resource_values(form)
            )
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("预约资源已添加。"))
            return redirect("workbench:appointment_calendar", pk=resource.pk)
    return render(
        request, "workbench/appointments/resource_form.html", {"form": form, "resource": None}
    )


@staff_required
def resource_edit(request, pk: int):
    resource = get_or_404(resource_get_for_staff, staff=request.staff, pk=pk)
    initial = {f: getattr(resource, f) for f in ResourceForm.base_fields if f != "office"}
    initial["office"] = resource.office
    form = ResourceForm(request.POST or None, staff=request.staff, initial=initial)
    form.fields["office"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            resource_update(actor=request.staff, resource=resource, **_resource_values(form))
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("预约资源已保存。"))
            return redirect("workbench:appointment_calendar", pk=resource.pk)
    return render(
        request, "workbench/appointments/resource_form.html", {"form": form, "resource": resource}
    )


@staff_required
def resource_calendar(request, pk: int):
    """The resource's week grid; htmx swaps just the grid when moving between weeks."""
    resource = get_or_404(resource_get_for_staff, staff=request.staff, pk=pk)
    try:
        day = dt.date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        day = _today()
    grid = week_grid(resource=resource, day=day)
    context = {"resource": resource, "grid": grid, "today": _today()}
    if request.htmx:
        return render(request, "workbench/appointments/_week.html", context)
    return render(request, "workbench/appointments/calendar.html", context)
