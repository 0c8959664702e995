"""One petition: the detail page, its action forms, full personal data, attachments."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from eqiao.core.errors import ApplicationError, PermissionDeniedError
from eqiao.core.ratelimit import client_ip
from eqiao.core.workdays import working_days_between
from eqiao.intake.selectors import (
    clock_state,
    petition_get_for_staff,
    petition_history,
)
from eqiao.intake.services import handling, leads
from eqiao.offices.capabilities import can
from eqiao.offices.selectors import office_route_targets, staff_assignable
from eqiao.workbench import forms
from eqiao.workbench.decorators import staff_required
from eqiao.workbench.services import attachment_download_record, petition_personal_data_reveal
from eqiao.workbench.views.common import form_error, get_or_404


def _pick(queryset, pk, *, field: str):
    """The chosen row, or a form error if it vanished since the page was drawn."""
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise ApplicationError(_("所选项已失效，请刷新页面后重新选择。"), field=field)
    return found


def _assign(request, petition, form):
    assignee = _pick(
        _assignees(request.staff, petition), form.cleaned_data["assignee"], field="assignee"
    )
    handling.petition_assign(
        petition=petition, assignee=assignee, actor=request.staff, note=form.cleaned_data["note"]
    )
    return _("已交办给%(name)s。") % {"name": assignee.full_name}


def _route(request, petition, form):
    target = _pick(
        office_route_targets(office=petition.office),
        form.cleaned_data["to_office"],
        field="to_office",
    )
    handling.petition_route(
        petition=petition, to_office=target, actor=request.staff, reason=form.cleaned_data["reason"]
    )
    return _("已转%(office)s办理。") % {"office": target.name}


def _note(request, petition, form):
    handling.petition_note_add(
        petition=petition, actor=request.staff, text=form.cleaned_data["text"]
    )
    return _("已添加内部备注。")


def _supervise(request, petition, form):
    handling.petition_supervise(petition=petition, actor=request.staff, **form.cleaned_data)
    return _("已督办。")


def _supervision_resolve(request, petition, form):
    supervision = _pick(
        petition.supervisions.all(), form.cleaned_data["supervision"], field="supervision"
    )
    handling.supervision_resolve(
        supervision=supervision, actor=request.staff, note=form.cleaned_data["note"]
    )
    return _("督办事项已办结。")


def _reply(kind):
    def action(request, petition, form):
        handling.petition_reply(
            petition=petition, actor=request.staff, kind=kind, text=form.cleaned_data["text"]
        )
        return _("答复已发送，群众将收到短信提醒。")

    return action


def _close(request, petition, form):
    handling.petition_close(petition=petition, actor=request.staff, **form.cleaned_data)
    return _("已办结。")


def _reclassify(request, petition, form):
    handling.petition_reclassify(petition=petition, actor=request.staff, **form.cleaned_data)
    return _("分类已更正。")


def _lead(request, petition, form):
    leads.lead_create(petition=petition, actor=request.staff, **form.cleaned_data)
    return _("线索已登记。")


# action name → (form class, service call, capability needed to see the form)
ACTIONS = {
    "assign": (forms.AssignForm, _assign, "petition.handle"),
    "route": (forms.RouteForm, _route, "petition.route"),
    "note": (forms.NoteForm, _note, "petition.handle"),
    "supervise": (forms.SuperviseForm, _supervise, "petition.supervise"),
    "supervision_resolve": (
        forms.SupervisionResolveForm,
        _supervision_resolve,
        "petition.supervise",
    ),
    "reply_procedural": (forms.ReplyForm, _reply("procedural"), "petition.reply"),
    "reply_result": (forms.ReplyForm, _reply("result"), "petition.reply"),
    "close": (forms.CloseForm, _close, "petition.close"),
    "reclassify": (forms.ReclassifyForm, _reclassify, "petition.handle"),
    "lead": (forms.LeadForm, _lead, "lead.manage"),
}


def _assignees(staff, petition):
    """Staff of the petition's office who may handle it; without the capability to assign,
    a handler may only take the petition themselves."""
    candidates = staff_assignable(office=petition.office)
    if not can(staff, "petition.assign", petition.office):
        candidates = candidates.filter(pk=staff.pk)
    return candidates


def _form_kwargs(name: str, staff, petition) -> dict:
    # Several forms share field names ("text"); distinct ids keep every label on its field.
    kwargs: dict = {"auto_id": f"id_{name}_%s"}
    if name == "assign":
        kwargs["assignees"] = _assignees(staff, petition)
    elif name == "route":
        kwargs.update(targets=office_route_targets(office=petition.office), current=petition.office)
    return kwargs


def _available(staff, petition, supervisions) -> set[str]:
    """The actions this staff member may take on this petition now, so the page offers
    only what the services would allow (they check again)."""
    codes = {code for _f, _c, code in ACTIONS.values()}
    allowed = {code: can(staff, code, petition.office) for code in codes}
    names = {name for name, (_f, _c, code) in ACTIONS.items() if allowed[code]}
    if not petition.is_open:
        names &= {"note", "lead", "supervision_resolve"}
    if staff.office_id == petition.office_id:
        names.discard("supervise")  # only an office above supervises
    if not any(s.resolved_at is None and s.by_office.is_within(staff.office) for s in supervisions):
        names.discard("supervision_resolve")
    if petition.procedural_replied_at is not None:
        names.discard("reply_procedural")
    return names


def _initial(name: str, petition) -> dict:
    if name == "reclassify":
        return {
            "kind": petition.kind,
            "category": petition.category_suggested,
            "risk": petition.risk_level,
        }
    if name == "assign" and petition.assignee_id:
        return {"assignee": petition.assignee_id}
    return {}


def _supervisions(petition) -> list:
    return list(petition.supervisions.select_related("by_office", "by_staff"))


def _detail_context(request, petition, *, bound: tuple[str, object] | None = None) -> dict:
    supervisions = _supervisions(petition)
    available = _available(request.staff, petition, supervisions)
    action_forms = {}
    for name in available:
        form_class = ACTIONS[name][0]
        if bound and bound[0] == name:
            action_forms[name] = bound[1]
        else:
            action_forms[name] = form_class(
                initial=_initial(name, petition), **_form_kwargs(name, request.staff, petition)
            )
    today = timezone.localdate()
    return {
        "petition": petition,
        "history": petition_history(petition=petition, public_only=False),
        "attachments": petition.attachments.all(),
        "supervisions": supervisions,
        "resolvable": [
            s
            for s in supervisions
            if s.resolved_at is None and s.by_office.is_within(request.staff.office)
        ],
        "leads": petition.leads.all(),
        "forms": action_forms,
        "open_action": bound[0] if bound else None,
        "clock": clock_state(petition, today),
        "procedural_days_left": working_days_between(today, petition.procedural_reply_due),
        "result_days_left": (petition.result_reply_due - today).days,
    }


def _load(request, pk: int):
    return get_or_404(petition_get_for_staff, staff=request.staff, pk=pk)


@staff_required
def petition_detail(request, pk: int):
    petition = _load(request, pk)
    return render(request, "workbench/petition_detail.html", _detail_context(request, petition))


@staff_required
@require_POST
def petition_act(request, pk: int, action: str):
    """Run one action from the detail page. With htmx the petition panel is swapped in
    place; without, the page is redirected (or re-rendered with the error)."""
    petition = _load(request, pk)
    if action not in ACTIONS:
        raise Http404
    if action not in _available(request.staff, petition, _supervisions(petition)):
        # A stale page (someone else closed or moved it meanwhile), or no capability for this
        # action: say so and redraw what is possible now.
        messages.error(request, _("此操作当前不可用，页面已按最新情况刷新。"))
        if not request.htmx:
            return redirect("workbench:petition_detail", pk=pk)
        return render(request, "workbench/_petition_panel.html", _detail_context(request, petition))
    form_class, call, _code = ACTIONS[action]
    form = form_class(request.POST, **_form_kwargs(action, request.staff, petition))
    if form.is_valid():
        try:
            done = call(request, petition, form)
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, done)
            # Routed up out of the subtree: the petition is no longer this office's to see.
            visible = _still_visible(request, pk)
            if not request.htmx:
                return (
                    redirect("workbench:petition_detail", pk=pk)
                    if visible
                    else redirect("workbench:queue")
                )
            if not visible:
                response = HttpResponse(status=204)
                response["HX-Redirect"] = reverse("workbench:queue")
                return response
            petition = _load(request, pk)
            return render(
                request, "workbench/_petition_panel.html", _detail_context(request, petition)
            )
    template = (
        "workbench/_petition_panel.html" if request.htmx else "workbench/petition_detail.html"
    )
    return render(request, template, _detail_context(request, petition, bound=(action, form)))


def _still_visible(request, pk: int) -> bool:
    try:
        petition_get_for_staff(staff=request.staff, pk=pk)
    except ApplicationError:
        return False
    return True


@staff_required
@require_POST
def petition_reveal(request, pk: int):
    """Show the full name, phone, ID number and address, and log that this person saw them."""
    petition = _load(request, pk)
    try:
        petition_personal_data_reveal(petition=petition, actor=request.staff, ip=client_ip(request))
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message) from exc
    if request.htmx:
        return render(request, "workbench/_personal_full.html", {"petition": petition})
    context = _detail_context(request, petition) | {"revealed": True}
    return render(request, "workbench/petition_detail.html", context)


@staff_required
def attachment_download(request, pk: int, attachment_pk: int):
    """Attachments are served only through this scoped view, never from a public URL."""
    petition = _load(request, pk)
    attachment = petition.attachments.filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404
    try:
        attachment_download_record(
            attachment=attachment, actor=request.staff, ip=client_ip(request)
        )
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message) from exc
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response
