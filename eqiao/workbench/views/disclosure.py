"""Staff pages of case disclosure: important case releases (compose → approve), legal
documents (upload → side-by-side review → correct → publish), bribery-record queries
(answer, certificate) and the people's supervisors (roster, activities, invitations,
attendance, opinions)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from eqiao.cases.models import (
    ActivityKind,
    BriberyResult,
    DocumentKind,
    FindingKind,
    ReleaseStatus,
)
from eqiao.cases.registry_disclosure import RELEASE_APPROVE
from eqiao.cases.selectors_disclosure import (
    activity_get_for_staff,
    activity_list_for_staff,
    bribery_query_get_for_staff,
    bribery_query_list_for_staff,
    case_get_for_staff,
    case_list_for_staff,
    document_get_for_staff,
    document_list_for_staff,
    opinion_get_for_staff,
    release_get_for_staff,
    release_list_for_staff,
    supervisor_get_for_staff,
    supervisor_list_for_staff,
)
from eqiao.cases.services import bribery, documents, releases, supervisors
from eqiao.core.errors import ApplicationError
from eqiao.offices.capabilities import can
from eqiao.workbench.decorators import staff_required
from eqiao.workbench.forms import StaffForm
from eqiao.workbench.views.common import form_error, get_or_404, paginate

_l = gettext_lazy


# --- Forms ------------------------------------------------------------------------------


class CaseChoiceField(forms.TypedChoiceField):
    def __init__(self, *, staff, **kwargs):
        cases = case_list_for_staff(staff=staff, disclosable_only=True)[:500]
        choices = [("", "—")] + [(c.pk, f"{c.number} {c.title}") for c in cases]
        super().__init__(choices=choices, coerce=int, label=_l("案件"), **kwargs)


class ReleaseForm(StaffForm):
    title = forms.CharField(label=_l("标题"), max_length=120)
    body = forms.CharField(label=_l("正文"), widget=forms.Textarea(attrs={"rows": 12}))


class ReleaseNewForm(ReleaseForm):
    field_order = ["case", "title", "body"]

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"] = CaseChoiceField(staff=staff)


class RejectForm(StaffForm):
    reason = forms.CharField(label=_l("退回理由"), widget=forms.Textarea(attrs={"rows": 3}))


class DocumentUploadForm(StaffForm):
    kind = forms.ChoiceField(label=_l("文书种类"), choices=DocumentKind.choices)
    title = forms.CharField(label=_l("文书标题"), max_length=120, required=False)
    number = forms.CharField(label=_l("文书编号"), max_length=64, required=False)
    file = forms.FileField(
        label=_l("文件（.docx 或 .txt）"),
        required=False,
        help_text=_l("也可以不上传文件，直接把文书全文粘贴到下面。"),
    )
    text = forms.CharField(
        label=_l("文书全文"), required=False, widget=forms.Textarea(attrs={"rows": 10})
    )
    field_order = ["case", "kind", "title", "number", "file", "text"]

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"] = CaseChoiceField(staff=staff)


class MaskForm(StaffForm):
    text = forms.CharField(label=_l("需要遮盖的文字"), max_length=60)
    kind = forms.ChoiceField(label=_l("类别"), choices=FindingKind.choices)
    reason = forms.CharField(label=_l("说明"), max_length=200, required=False)


class AnswerForm(StaffForm):
    result = forms.ChoiceField(label=_l("查询结果"), choices=BriberyResult.choices)
    detail = forms.CharField(
        label=_l("记录摘要"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_l("查有记录时填写：判决法院、文号、罪名。"),
    )


class RefuseForm(StaffForm):
    reason = forms.CharField(label=_l("不予受理理由"), max_length=300)


class SupervisorForm(StaffForm):
    name = forms.CharField(label=_l("姓名"), max_length=50)
    phone = forms.CharField(label=_l("手机号码"), max_length=20)
    unit = forms.CharField(label=_l("工作单位"), max_length=100, required=False)
    term_start = forms.DateField(
        label=_l("任期开始"), widget=forms.DateInput(attrs={"type": "date"})
    )
    term_end = forms.DateField(label=_l("任期结束"), widget=forms.DateInput(attrs={"type": "date"}))
    active = forms.BooleanField(label=_l("在任"), required=False, initial=True)


class ActivityForm(StaffForm):
    kind = forms.ChoiceField(label=_l("监督事项"), choices=ActivityKind.choices)
    title = forms.CharField(label=_l("活动名称"), max_length=120)
    starts_at = forms.DateTimeField(
        label=_l("开始时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    place = forms.CharField(label=_l("地点"), max_length=120)
    field_order = ["kind", "case", "title", "starts_at", "place"]

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"] = CaseChoiceField(staff=staff, required=False, empty_value=None)


class OpinionForm(StaffForm):
    supervisor = forms.TypedChoiceField(label=_l("人民监督员"), coerce=int)
    text = forms.CharField(label=_l("监督意见"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, activity, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].choices = [
            (i.supervisor_id, i.supervisor.name) for i in activity.invitations.all()
        ]


class OpinionAnswerForm(StaffForm):
    answer = forms.CharField(label=_l("办理答复"), widget=forms.Textarea(attrs={"rows": 3}))


# --- Releases ---------------------------------------------------------------------------


@staff_required
def release_list(request):
    status = request.GET.get("status") or None
    if status not in ReleaseStatus.values:
        status = None
    rows = release_list_for_staff(staff=request.staff, status=status)
    return render(
        request,
        "workbench/disclosure/releases.html",
        {"page": paginate(request, rows), "status": status, "statuses": ReleaseStatus.choices},
    )


@staff_required
def release_new(request):
    form = ReleaseNewForm(request.POST or None, staff=request.staff)
    if request.method == "POST" and form.is_valid():
        try:
            case = case_get_for_staff(staff=request.staff, pk=form.cleaned_data["case"])
            release = releases.release_create(
                actor=request.staff,
                case=case,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
            )
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("稿件已保存。"))
            return redirect("workbench:release_detail", pk=release.pk)
    return render(request, "workbench/disclosure/release_new.html", {"form": form})


def _release_page(request, release, *, status=200, **extra):
    findings = None
    if release.status == ReleaseStatus.PENDING:
        findings = releases.release_findings(release=release)
    context = {
        "release": release,
        "findings": findings,
        "edit_form": ReleaseForm(initial={"title": release.title, "body": release.body}),
        "reject_form": RejectForm(),
        "may_approve": can(request.staff, RELEASE_APPROVE, release.office, not_by=release.author),
    }
    context.update(extra)
    return render(request, "workbench/disclosure/release_detail.html", context, status=status)


@staff_required
def release_detail(request, pk: int):
    release = get_or_404(release_get_for_staff, staff=request.staff, pk=pk)
    return _release_page(request, release)


@staff_required
@require_POST
def release_act(request, pk: int, action: str):
    release = get_or_404(release_get_for_staff, staff=request.staff, pk=pk)
    actor = request.staff
    edit_form, reject_form = ReleaseForm(), RejectForm()
    try:
        if action == "edit":
            edit_form = ReleaseForm(request.POST)
            if not edit_form.is_valid():
                return _release_page(request, release, edit_form=edit_form, status=400)
            releases.release_update(actor=actor, release=release, **edit_form.cleaned_data)
            messages.success(request, _("稿件已修改。"))
        elif action == "submit":
            releases.release_submit(actor=actor, release=release)
            messages.success(request, _("已提交审批。"))
        elif action == "approve":
            mode = request.POST.get("mode", "")
            releases.release_approve(
                actor=actor,
                release=release,
                apply_redaction=mode == "redact",
                acknowledge_findings=mode == "acknowledge",
            )
            messages.success(request, _("已批准发布，门户网站已可看到。"))
        elif action == "reject":
            reject_form = RejectForm(request.POST)
            if not reject_form.is_valid():
                return _release_page(request, release, reject_form=reject_form, status=400)
            releases.release_reject(actor=actor, release=release, **reject_form.cleaned_data)
            messages.success(request, _("已退回撰稿人。"))
        elif action == "withdraw":
            releases.release_withdraw(actor=actor, release=release)
            messages.success(request, _("已撤回，门户网站不再显示。"))
        else:
            return HttpResponse(status=404)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        release.refresh_from_db()
        return _release_page(request, release, status=exc.status_code)
    return redirect("workbench:release_detail", pk=pk)


# --- Legal documents --------------------------------------------------------------------


@staff_required
def document_list(request):
    rows = document_list_for_staff(staff=request.staff)
    return render(request, "workbench/disclosure/documents.html", {"page": paginate(request, rows)})


@staff_required
def document_new(request):
    form = DocumentUploadForm(request.POST or None, request.FILES or None, staff=request.staff)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            upload = data.get("file")
            if upload is not None:
                # One byte past the limit is enough for the service to say "too large".
                data_bytes = upload.read(documents.MAX_UPLOAD_BYTES + 1)
                text = documents.document_text_from_upload(data=data_bytes)
            elif data.get("text"):
                text = data["text"]
            else:
                raise ApplicationError(_("请上传文件，或粘贴文书全文。"), field="file")
            case = case_get_for_staff(staff=request.staff, pk=data["case"])
            document = documents.document_upload(
                actor=request.staff,
                case=case,
                kind=data["kind"],
                title=data.get("title", ""),
                number=data.get("number", ""),
                text=text,
                source_name=getattr(upload, "name", ""),
            )
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("文书已上传并自动脱敏，请逐处核对。"))
            return redirect("workbench:document_review", pk=document.pk)
    return render(request, "workbench/disclosure/document_new.html", {"form": form})


def _segments(original: str, spans, *, redacted: bool) -> list[dict]:
    """The text cut into plain pieces and changed spans, for one side of the diff."""
    out, at = [], 0
    for n, s in enumerate(spans, 1):
        if s.start < at:
            continue
        out.append({"text": original[at : s.start]})
        shown = s.replacement if (redacted and s.masked) else s.original
        out.append({"text": shown, "span": s, "n": n})
        at = s.end
    out.append({"text": original[at:]})
    return out


def _document_page(request, document, *, mask_form=None, status=200):
    spans = documents.document_spans(document=document)
    return render(
        request,
        "workbench/disclosure/document_review.html",
        {
            "document": document,
            "spans": list(enumerate(spans, 1)),
            "left": _segments(document.original_text, spans, redacted=False),
            "right": _segments(document.original_text, spans, redacted=True),
            "mask_form": mask_form or MaskForm(),
        },
        status=status,
    )


@staff_required
def document_review(request, pk: int):
    document = get_or_404(document_get_for_staff, staff=request.staff, pk=pk)
    return _document_page(request, document)


@staff_required
@require_POST
def document_act(request, pk: int, action: str):
    document = get_or_404(document_get_for_staff, staff=request.staff, pk=pk)
    actor = request.staff
    try:
        if action == "unmask":
            documents.document_unmask(
                actor=actor,
                document=document,
                start=int(request.POST.get("start", -1)),
                end=int(request.POST.get("end", -1)),
                reason=request.POST.get("reason", "")[:200],
            )
        elif action == "mask":
            form = MaskForm(request.POST)
            if not form.is_valid():
                return _document_page(request, document, mask_form=form, status=400)
            try:
                documents.document_mask_text(actor=actor, document=document, **form.cleaned_data)
            except ApplicationError as exc:
                form_error(form, exc)
                return _document_page(request, document, mask_form=form, status=400)
        elif action == "undo":
            documents.document_correction_undo(
                actor=actor, document=document, correction_id=int(request.POST.get("id", 0))
            )
        elif action == "publish":
            documents.document_publish(actor=actor, document=document)
            messages.success(request, _("文书已公开：门户网站只显示脱敏后的文本。"))
        elif action == "withdraw":
            documents.document_withdraw(actor=actor, document=document)
            messages.success(request, _("文书已撤回。"))
        else:
            return HttpResponse(status=404)
    except (ValueError, TypeError):
        messages.error(request, _("请求有误，请刷新页面后重试。"))
    except ApplicationError as exc:
        messages.error(request, exc.message)
        document.refresh_from_db()
        return _document_page(request, document, status=exc.status_code)
    return redirect("workbench:document_review", pk=pk)


# --- Bribery-record queries -------------------------------------------------------------


@staff_required
def bribery_list(request):
    rows = bribery_query_list_for_staff(
        staff=request.staff, status=request.GET.get("status") or None
    )
    return render(request, "workbench/disclosure/bribery.html", {"page": paginate(request, rows)})


def _bribery_page(request, query, *, answer_form=None, refuse_form=None, status=200):
    return render(
        request,
        "workbench/disclosure/bribery_detail.html",
        {
            "query": query,
            "answer_form": answer_form or AnswerForm(),
            "refuse_form": refuse_form or RefuseForm(),
            "code": bribery.verification_code_display(query.verification_code or ""),
        },
        status=status,
    )


@staff_required
def bribery_detail(request, pk: int):
    query = get_or_404(bribery_query_get_for_staff, staff=request.staff, pk=pk)
    return _bribery_page(request, query)


@staff_required
@require_POST
def bribery_act(request, pk: int, action: str):
    query = get_or_404(bribery_query_get_for_staff, staff=request.staff, pk=pk)
    form_cls = {"answer": AnswerForm, "refuse": RefuseForm}.get(action)
    if form_cls is None:
        return HttpResponse(status=404)
    form = form_cls(request.POST)
    if form.is_valid():
        try:
            if action == "answer":
                bribery.bribery_query_answer(actor=request.staff, query=query, **form.cleaned_data)
            else:
                bribery.bribery_query_refuse(actor=request.staff, query=query, **form.cleaned_data)
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("已答复，申请人会收到短信通知。"))
            return redirect("workbench:bribery_detail", pk=pk)
    return _bribery_page(request, query, status=400, **{f"{action}_form": form})


def verify_url(request) -> str:
    from django.conf import settings

    path = reverse("portal:bribery_verify")
    base = settings.EQIAO_PUBLIC_BASE_URL
    return f"{base}{path}" if base else request.build_absolute_uri(path)


@staff_required
def bribery_certificate(request, pk: int):
    query = get_or_404(bribery_query_get_for_staff, staff=request.staff, pk=pk)
    try:
        pdf = bribery.bribery_certificate_pdf(query=query, verify_url=verify_url(request))
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("workbench:bribery_detail", pk=pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{query.number}.pdf"'
    return response


# --- People's supervisors ---------------------------------------------------------------


@staff_required
def supervisor_list(request):
    return render(
        request,
        "workbench/disclosure/supervisors.html",
        {
            "supervisors": supervisor_list_for_staff(staff=request.staff),
            "activities": activity_list_for_staff(staff=request.staff)[:50],
        },
    )


@staff_required
def supervisor_edit(request, pk: int | None = None):
    record = get_or_404(supervisor_get_for_staff, staff=request.staff, pk=pk) if pk else None
    initial = {"active": True}
    if record is not None:
        initial = {f: getattr(record, f) for f in SupervisorForm.base_fields}
    form = SupervisorForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            supervisors.supervisor_save(
                actor=request.staff,
                office=record.office if record else request.staff.office,
                supervisor=record,
                **form.cleaned_data,
            )
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("workbench:supervisors")
    return render(
        request, "workbench/disclosure/supervisor_edit.html", {"form": form, "record": record}
    )


@staff_required
def activity_new(request):
    form = ActivityForm(request.POST or None, staff=request.staff)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            case_pk = data.pop("case", None)
            case = case_get_for_staff(staff=request.staff, pk=case_pk) if case_pk else None
            activity = supervisors.supervision_activity_create(
                actor=request.staff, office=request.staff.office, case=case, **data
            )
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            return redirect("workbench:activity_detail", pk=activity.pk)
    return render(request, "workbench/disclosure/activity_new.html", {"form": form})


def _link_for(request):
    from django.conf import settings

    def link(token: str) -> str:
        path = reverse("portal:supervision_invitation", args=[token])
        base = settings.EQIAO_PUBLIC_BASE_URL
        return f"{base}{path}" if base else request.build_absolute_uri(path)

    return link


def _activity_page(request, activity, *, opinion_form=None, status=200):
    invited = {i.supervisor_id for i in activity.invitations.all()}
    candidates = [
        s
        for s in supervisor_list_for_staff(staff=request.staff, active_only=True)
        if s.pk not in invited
    ]
    return render(
        request,
        "workbench/disclosure/activity_detail.html",
        {
            "activity": activity,
            "candidates": candidates,
            "opinion_form": opinion_form or OpinionForm(activity=activity),
            "answer_form": OpinionAnswerForm(),
        },
        status=status,
    )


@staff_required
def activity_detail(request, pk: int):
    activity = get_or_404(activity_get_for_staff, staff=request.staff, pk=pk)
    return _activity_page(request, activity)


@staff_required
@require_POST
def activity_act(request, pk: int, action: str):
    activity = get_or_404(activity_get_for_staff, staff=request.staff, pk=pk)
    actor = request.staff
    try:
        if action == "invite":
            ids = {int(v) for v in request.POST.getlist("supervisors") if v.isdigit()}
            chosen = supervisor_list_for_staff(staff=actor).filter(pk__in=ids)
            made = supervisors.supervision_invite(
                actor=actor, activity=activity, supervisors=chosen, link_for=_link_for(request)
            )
            messages.success(request, _("已向%(n)s位人民监督员发出邀请短信。") % {"n": len(made)})
        elif action == "attendance":
            invitation = activity.invitations.get(pk=int(request.POST.get("invitation", 0)))
            supervisors.attendance_record(
                actor=actor, invitation=invitation, attended=request.POST.get("attended") == "1"
            )
        elif action == "opinion":
            form = OpinionForm(request.POST, activity=activity)
            if not form.is_valid():
                return _activity_page(request, activity, opinion_form=form, status=400)
            supervisor = activity.invitations.get(supervisor_id=form.cleaned_data["supervisor"])
            supervisors.opinion_record(
                actor=actor,
                activity=activity,
                supervisor=supervisor.supervisor,
                text=form.cleaned_data["text"],
            )
            messages.success(request, _("监督意见已记录。"))
        elif action == "answer":
            opinion = get_or_404(
                opinion_get_for_staff, staff=actor, pk=int(request.POST.get("opinion", 0))
            )
            form = OpinionAnswerForm(request.POST)
            if not form.is_valid():
                raise ApplicationError(_("请填写答复内容。"))
            supervisors.opinion_answer(
                actor=actor,
                opinion=opinion,
                answer=form.cleaned_data["answer"],
                link_for=_link_for(request),
            )
            messages.success(request, _("已答复，监督员会收到短信通知。"))
        else:
            return HttpResponse(status=404)
    except (ValueError, TypeError, activity.invitations.model.DoesNotExist):
        messages.error(request, _("请求有误，请刷新页面后重试。"))
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("workbench:activity_detail", pk=pk)
