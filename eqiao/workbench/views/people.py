"""The people page (人员与角色): administrators (capability `staff.manage`) list the staff
of their subtree, add a person, change roles, deactivate and reactivate. Someone outside
the subtree is not found (404); the services check reach and audit every change."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from eqiao.core.errors import ApplicationError
from eqiao.offices.capabilities import can, role_capabilities
from eqiao.offices.selectors import office_subtree, staff_get_for_manager, staff_list_for_manager
from eqiao.offices.services import (
    staff_create,
    staff_roles_grantable,
    staff_roles_set,
    staff_set_active,
)
from eqiao.workbench.decorators import staff_required
from eqiao.workbench.people_forms import StaffCreateForm, StaffRolesForm
from eqiao.workbench.views.common import form_error, get_or_404, paginate


def _manager(request):
    if not can(request.staff, "staff.manage", request.staff.office):
        raise PermissionDenied
    return request.staff


@staff_required
def people_list(request):
    manager = _manager(request)
    q = request.GET.get("q", "")
    page = paginate(request, staff_list_for_manager(staff=manager, q=q))
    context = {
        "page": page,
        "q": q,
        "querystring": urlencode({"q": q}) if q else "",
        "role_capabilities": role_capabilities(),
    }
    return render(request, "workbench/people.html", context)


@staff_required
def person_new(request):
    manager = _manager(request)
    grantable = staff_roles_grantable(actor=manager)
    offices = office_subtree(office=manager.office)
    form = StaffCreateForm(
        request.POST or None,
        offices=offices,
        grantable=grantable,
        initial={"office": manager.office.pk},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        office = offices.filter(pk=data["office"]).first()
        try:
            if office is None:
                raise ApplicationError(_("所选项已失效，请刷新页面后重新选择。"), field="office")
            person = staff_create(
                username=data["username"],
                password=data["password"],
                office=office,
                roles=data["roles"],
                full_name=data["full_name"],
                mobile=data["mobile"],
                actor=manager,
            )
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("已添加%(name)s。") % {"name": person.full_name})
            return redirect("workbench:person_detail", pk=person.pk)
    return render(request, "workbench/person_new.html", {"form": form})


def _detail(request, person, form=None, status=200):
    grantable = staff_roles_grantable(actor=request.staff)
    form = form or StaffRolesForm(grantable=grantable, initial={"roles": sorted(person.role_codes)})
    beyond = [r for r in person.roles.all() if r.role not in grantable]
    context = {
        "person": person,
        "form": form,
        "beyond_reach": beyond,
        "is_self": person.pk == request.staff.pk,
    }
    return render(request, "workbench/person_detail.html", context, status=status)


@staff_required
def person_detail(request, pk: int):
    manager = _manager(request)
    person = get_or_404(staff_get_for_manager, staff=manager, pk=pk)
    if request.method != "POST":
        return _detail(request, person)
    form = StaffRolesForm(request.POST, grantable=staff_roles_grantable(actor=manager))
    if form.is_valid():
        try:
            staff_roles_set(staff=person, roles=form.cleaned_data["roles"], actor=manager)
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("%(name)s的角色已更新。") % {"name": person.full_name})
            return redirect("workbench:person_detail", pk=pk)
    return _detail(request, person, form)


@staff_required
@require_POST
def person_set_active(request, pk: int):
    manager = _manager(request)
    person = get_or_404(staff_get_for_manager, staff=manager, pk=pk)
    active = request.POST.get("active") == "1"
    try:
        staff_set_active(staff=person, active=active, actor=manager)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        done = _("已恢复%(name)s的账号。") if active else _("已停用%(name)s的账号。")
        messages.success(request, done % {"name": person.full_name})
    return redirect("workbench:person_detail", pk=pk)
