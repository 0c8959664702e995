"""Cases in the workbench: the scoped list, a case's page (stages, masked parties, linked
petitions, counsel), spreadsheet imports with their column mapping and live progress, and
the review of lawyer accounts."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from eqiao.cases.models import (
    CaseImportMapping,
    CasePetitionLink,
    ImportLayout,
    Lawyer,
    LawyerStatus,
    Stage,
)
from eqiao.cases.selectors import (
    case_get_for_staff,
    case_list_for_staff,
    import_run_get_for_staff,
    import_runs_for_staff,
    lawyers_for_review,
)
from eqiao.cases.services.cases import case_petition_link, case_petition_unlink
from eqiao.cases.services.imports import (
    MAX_UPLOAD_BYTES,
    case_import_mapping_save,
    case_import_run_create,
    header_read,
    mapping_suggest,
)
from eqiao.cases.services.lawyers import lawyer_review, party_lawyer_link
from eqiao.cases.services.records import REQUIRED_FIELDS, field_catalogue
from eqiao.core.errors import ApplicationError
from eqiao.offices.capabilities import can
from eqiao.workbench.decorators import staff_required
from eqiao.workbench.views.common import get_or_404, paginate


def _need(request, capability: str, office=None) -> None:
    if not can(request.staff, capability, office):
        raise PermissionDenied


@staff_required
def case_list(request):
    _need(request, "case.view")
    q = request.GET.get("q", "").strip()[:64]
    stage = request.GET.get("stage", "")
    cases = case_list_for_staff(staff=request.staff, q=q, stage=stage)
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "workbench/cases/list.html",
        {
            "page": paginate(request, cases),
            "q": q,
            "stage": stage,
            "stages": Stage.choices,
            "querystring": params.urlencode(),
            "may_import": can(request.staff, "case.import", request.staff.office),
        },
    )


def _detail(request, case, *, errors=None, status=200):
    return render(
        request,
        "workbench/cases/detail.html",
        {
            "case": case,
            "parties": list(case.parties.all()),
            "stages": list(case.stages.all()),
            "links": list(case.petition_links.all()),
            "may_link": can(request.staff, "case.link", case.office),
            "errors": errors or {},
        },
        status=status,
    )


@staff_required
def case_detail(request, pk: int):
    _need(request, "case.view")
    case = get_or_404(case_get_for_staff, staff=request.staff, pk=pk)
    return _detail(request, case)


@staff_required
@require_POST
def case_link_petition(request, pk: int):
    case = get_or_404(case_get_for_staff, staff=request.staff, pk=pk)
    try:
        case_petition_link(
            actor=request.staff,
            case=case,
            tracking_number=request.POST.get("tracking_number", "")[:40],
        )
    except ApplicationError as exc:
        return _detail(request, case, errors={"tracking_number": exc.message}, status=400)
    messages.success(request, _("已关联信访件。"))
    return redirect("workbench:case_detail", pk=pk)


@staff_required
@require_POST
def case_unlink_petition(request, pk: int, link_pk: int):
    case = get_or_404(case_get_for_staff, staff=request.staff, pk=pk)
    link = CasePetitionLink.objects.filter(case=case, pk=link_pk).select_related("petition").first()
    if link is not None:
        try:
            case_petition_unlink(actor=request.staff, link=link)
        except ApplicationError as exc:
            messages.error(request, exc.message)
    return redirect("workbench:case_detail", pk=pk)


@staff_required
@require_POST
def case_link_lawyer(request, pk: int, party_pk: int):
    case = get_or_404(case_get_for_staff, staff=request.staff, pk=pk)
    party = next((p for p in case.parties.all() if p.pk == party_pk), None)
    if party is None:
        return redirect("workbench:case_detail", pk=pk)
    try:
        party_lawyer_link(
            actor=request.staff, party=party, licence_number=request.POST.get("licence", "")[:30]
        )
    except ApplicationError as exc:
        return _detail(
            request, case, errors={"licence": exc.message, "licence_party": party.pk}, status=400
        )
    messages.success(request, _("已关联律师账户。"))
    return redirect("workbench:case_detail", pk=pk)


# --- Imports ----------------------------------------------------------------------------


@staff_required
def import_list(request):
    office = request.staff.office
    _need(request, "case.import", office)
    context = {
        "page": paginate(request, import_runs_for_staff(staff=request.staff)),
        "mapping": CaseImportMapping.objects.filter(office=office).first(),
        "max_mb": MAX_UPLOAD_BYTES // (1024 * 1024),
        "errors": {},
    }
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise ApplicationError(_("请选择要导入的文件。"), field="file")
            run = case_import_run_create(actor=request.staff, office=office, upload=upload)
        except ApplicationError as exc:
            context["errors"] = {"file": exc.message}
            return render(request, "workbench/cases/imports.html", context, status=400)
        return redirect("workbench:case_import_run", pk=run.pk)
    return render(request, "workbench/cases/imports.html", context)


def _mapping_rows(layout: str, chosen: dict[str, str]) -> list[dict]:
    required = {*REQUIRED_FIELDS, "party.role", "party.name"}
    return [
        {"code": code, "label": label, "required": code in required, "chosen": chosen.get(code, "")}
        for code, label in field_catalogue(layout).items()
    ]


def _layout(value: str) -> str:
    return value if value in ImportLayout.values else ImportLayout.CASE_ROW


@staff_required
def import_mapping(request):
    """Upload a sample export to read its header, then choose its layout and a column for
    each field. The layout can be switched on the page (GET ?layout=…)."""
    office = request.staff.office
    _need(request, "case.import", office)
    mapping = CaseImportMapping.objects.filter(office=office).first()
    chosen = dict(mapping.columns) if mapping else {}
    layout = _layout(
        request.POST.get("layout")
        or request.GET.get("layout")
        or (mapping.layout if mapping else "")
    )
    headers = [h[:60] for h in request.GET.getlist("header")][:200] or list(
        dict.fromkeys(chosen.values())
    )
    errors: dict[str, str] = {}
    status = 200
    if request.method == "POST" and request.POST.get("step") == "header":
        sample = request.FILES.get("sample")
        try:
            if sample is None:
                raise ApplicationError(_("请选择一个导出的表格文件。"), field="sample")
            if sample.size > MAX_UPLOAD_BYTES:
                raise ApplicationError(_("文件太大。"), field="sample")
            headers = header_read(handle=sample, name=sample.name or "")
            if "party.role" in mapping_suggest(headers, ImportLayout.PARTY_ROW):
                layout = ImportLayout.PARTY_ROW
            chosen = {
                **mapping_suggest(headers, layout),
                **{k: v for k, v in chosen.items() if v in headers},
            }
        except ApplicationError as exc:
            errors["sample"] = exc.message
            status = 400
    elif request.method == "POST":
        columns = {
            code: request.POST.get(f"col:{code}", "")[:60] for code in field_catalogue(layout)
        }
        headers = [h[:60] for h in request.POST.getlist("header")][:200]
        try:
            case_import_mapping_save(
                actor=request.staff, office=office, columns=columns, layout=layout
            )
        except ApplicationError as exc:
            errors["form"] = exc.message
            chosen = {k: v for k, v in columns.items() if v}
            status = 400
        else:
            messages.success(request, _("列对应关系已保存，以后上传同样格式的表格即可。"))
            return redirect("workbench:case_imports")
    return render(
        request,
        "workbench/cases/mapping.html",
        {
            "headers": headers,
            "rows": _mapping_rows(layout, chosen),
            "errors": errors,
            "layout": layout,
            "layouts": ImportLayout.choices,
        },
        status=status,
    )


@staff_required
def import_run(request, pk: int):
    """A run's progress and report; the progress part re-polls itself (htmx) while running."""
    run = get_or_404(import_run_get_for_staff, staff=request.staff, pk=pk)
    _need(request, "case.import", run.office)  # its errors quote names and numbers
    context = {"run": run, "errors": run.errors.all()[:500]}
    if request.headers.get("HX-Request"):
        return render(request, "workbench/cases/_import_progress.html", context)
    return render(request, "workbench/cases/import_run.html", context)


# --- Lawyers ----------------------------------------------------------------------------


@staff_required
def lawyer_list(request):
    _need(request, "lawyer.verify")
    status = request.GET.get("status", LawyerStatus.PENDING)
    return render(
        request,
        "workbench/cases/lawyers.html",
        {
            "page": paginate(request, lawyers_for_review(status=status)),
            "status": status,
            "statuses": LawyerStatus.choices,
            "querystring": f"status={status}",
        },
    )


@staff_required
@require_POST
def lawyer_decide(request, pk: int):
    _need(request, "lawyer.verify")
    lawyer = Lawyer.objects.filter(pk=pk).first()
    if lawyer is None:
        return redirect("workbench:lawyers")
    approve = request.POST.get("decision") == "approve"
    try:
        lawyer_review(
            actor=request.staff, lawyer=lawyer, approve=approve, note=request.POST.get("note", "")
        )
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("已认证律师%(name)s。") % {"name": lawyer.name}
            if approve
            else _("已退回律师%(name)s的注册。") % {"name": lawyer.name},
        )
    return redirect("workbench:lawyers")
