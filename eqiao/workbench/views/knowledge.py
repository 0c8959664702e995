"""The knowledge base for staff: search, FAQ entries (write, review), the colloquial
vocabulary, unanswered questions, law import, and the suggested-answers panel beside the
reply box of a consultation."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from eqiao.core.errors import ApplicationError, PermissionDeniedError
from eqiao.intake.selectors import petition_get_for_staff
from eqiao.knowledge.models import (
    Faq,
    FaqStatus,
    LawImportDraft,
    UnansweredQuestion,
    VocabularyTerm,
)
from eqiao.knowledge.selectors import (
    MAX_QUERY,
    faq_list,
    knowledge_search,
    law_list,
    unanswered_list,
    vocabulary_list,
)
from eqiao.knowledge.services.answers import answer_for, citation
from eqiao.knowledge.services.faqs import (
    faq_review,
    faq_save,
    split_keys,
    split_tags,
    vocabulary_add,
    vocabulary_delete,
)
from eqiao.knowledge.services.laws import (
    law_import_confirm,
    law_import_discard,
    law_import_preview,
    law_import_stage,
    text_of_upload,
)
from eqiao.knowledge.services.unanswered import unanswered_dismiss
from eqiao.offices.capabilities import can
from eqiao.workbench.decorators import staff_required
from eqiao.workbench.forms import StaffForm
from eqiao.workbench.views.common import form_error, get_or_404, paginate


class FaqForm(StaffForm):
    question = forms.CharField(label=gettext_lazy("问题"), max_length=300)
    answer = forms.CharField(label=gettext_lazy("解答"), widget=forms.Textarea(attrs={"rows": 6}))
    articles = forms.CharField(
        label=gettext_lazy("相关刑法条文"),
        required=False,
        help_text=gettext_lazy("条文编号，用空格或逗号分开，如 264 133-1"),
    )
    references = forms.CharField(label=gettext_lazy("其他法律依据"), required=False, max_length=300)
    tags = forms.CharField(
        label=gettext_lazy("标签"), required=False, help_text=gettext_lazy("用空格或逗号分开")
    )


class VocabularyForm(StaffForm):
    colloquial = forms.CharField(
        label=gettext_lazy("群众说法"),
        max_length=40,
        help_text=gettext_lazy("用 + 连接表示同时出现，如 撞+跑"),
    )
    legal = forms.CharField(
        label=gettext_lazy("法律用语"),
        max_length=200,
        help_text=gettext_lazy("用空格分开；写罪名可直接指向该条，如 交通肇事罪 逃逸"),
    )


class ImportForm(StaffForm):
    code = forms.CharField(
        label=gettext_lazy("代码"), max_length=64, help_text=gettext_lazy("如 civil_code")
    )
    title = forms.CharField(label=gettext_lazy("法律名称"), max_length=120)
    short_name = forms.CharField(label=gettext_lazy("简称"), max_length=40, required=False)
    file = forms.FileField(label=gettext_lazy("文件（.txt 或 .docx）"))


def _require(request, capability: str) -> None:
    if not can(request.staff, capability):
        raise PermissionDenied(_("您没有“%(what)s”的权限。") % {"what": capability})


@staff_required
def kb_home(request):
    q = request.GET.get("q", "").strip()[:MAX_QUERY]
    result = knowledge_search(q, top=8) if q else None
    return render(
        request, "workbench/knowledge/home.html", {"q": q, "result": result, "laws": law_list()}
    )


@staff_required
def faq_index(request):
    status = request.GET.get("status", "")
    if status not in FaqStatus.values:
        status = ""
    q = request.GET.get("q", "").strip()[:100]
    page = paginate(request, faq_list(status=status or None, q=q))
    return render(
        request,
        "workbench/knowledge/faqs.html",
        {"page": page, "status": status, "q": q, "statuses": FaqStatus.choices},
    )


def _initial_of(faq: Faq | None, unanswered: UnansweredQuestion | None) -> dict:
    if faq is not None:
        return {
            "question": faq.question,
            "answer": faq.answer,
            "articles": " ".join(a.key for a in faq.articles.all()),
            "references": faq.references,
            "tags": " ".join(faq.tags),
        }
    if unanswered is not None:
        return {"question": unanswered.text}
    return {}


@staff_required
def faq_edit(request, pk: int | None = None):
    _require(request, "knowledge.edit")
    faq = get_object_or_404(Faq, pk=pk) if pk else None
    unanswered = None
    if request.GET.get("from") and request.GET["from"].isdigit():
        unanswered = UnansweredQuestion.objects.filter(pk=int(request.GET["from"])).first()
    form = FaqForm(request.POST or None, initial=_initial_of(faq, unanswered))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = faq_save(
                actor=request.staff,
                faq=faq,
                question=data["question"],
                answer=data["answer"],
                article_keys=split_keys(data["articles"]),
                tags=split_tags(data["tags"]),
                references=data["references"],
                from_unanswered=unanswered,
            )
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("已保存，等待审核后对群众显示。"))
            return redirect("workbench:knowledge_faq", pk=saved.pk)
    return render(
        request,
        "workbench/knowledge/faq_form.html",
        {"form": form, "faq": faq, "unanswered": unanswered},
    )


@staff_required
def faq_detail(request, pk: int):
    faq = get_object_or_404(Faq.objects.prefetch_related("articles__law"), pk=pk)
    may_review = can(request.staff, "knowledge.review") and faq.author_id != request.user.pk
    return render(
        request, "workbench/knowledge/faq_detail.html", {"faq": faq, "may_review": may_review}
    )


@staff_required
@require_POST
def faq_decide(request, pk: int):
    faq = get_object_or_404(Faq, pk=pk)
    try:
        faq_review(actor=request.staff, faq=faq, publish=request.POST.get("decision") == "publish")
    except PermissionDeniedError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("审核结果已保存。"))
    return redirect("workbench:knowledge_faq", pk=pk)


@staff_required
def vocabulary(request):
    form = VocabularyForm(request.POST or None)
    if request.method == "POST":
        _require(request, "knowledge.edit")
        if form.is_valid():
            try:
                vocabulary_add(actor=request.staff, **form.cleaned_data)
            except ApplicationError as exc:
                form_error(form, exc)
            else:
                messages.success(request, _("口语词已保存，搜索立即生效。"))
                return redirect("workbench:knowledge_vocabulary")
    q = request.GET.get("q", "").strip()[:40]
    terms = vocabulary_list()
    if q:
        terms = terms.filter(colloquial__icontains=q) | terms.filter(legal__icontains=q)
    return render(
        request,
        "workbench/knowledge/vocabulary.html",
        {"form": form, "page": paginate(request, terms, per_page=50), "q": q},
    )


@staff_required
@require_POST
def vocabulary_remove(request, pk: int):
    _require(request, "knowledge.edit")
    vocabulary_delete(actor=request.staff, term=get_object_or_404(VocabularyTerm, pk=pk))
    messages.success(request, _("口语词已删除。"))
    return redirect("workbench:knowledge_vocabulary")


@staff_required
def unanswered(request):
    return render(
        request,
        "workbench/knowledge/unanswered.html",
        {"page": paginate(request, unanswered_list())},
    )


@staff_required
@require_POST
def unanswered_ignore(request, pk: int):
    unanswered_dismiss(actor=request.staff, question=get_object_or_404(UnansweredQuestion, pk=pk))
    messages.success(request, _("已忽略该问题。"))
    return redirect("workbench:knowledge_unanswered")


@staff_required
def law_upload(request):
    """Step one of an import: upload, checked and kept as a draft for the preview."""
    _require(request, "knowledge.import")
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        try:
            text = text_of_upload(name=upload.name, data=upload.read())
            draft = law_import_stage(
                actor=request.staff,
                code=data["code"],
                title=data["title"],
                short_name=data["short_name"],
                text=text,
                source=upload.name,
            )
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            return redirect("workbench:knowledge_import_preview", pk=draft.pk)
    return render(request, "workbench/knowledge/import.html", {"form": form})


PREVIEW_ARTICLES = 30


@staff_required
def law_import_check(request, pk: int):
    """Step two: what the import would do (articles found, new, changed, removed, gaps in
    the numbering), then import or discard."""
    _require(request, "knowledge.import")
    draft = get_object_or_404(LawImportDraft, pk=pk, staff=request.staff)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "import":
                result = law_import_confirm(actor=request.staff, draft=draft)
            else:
                law_import_discard(actor=request.staff, draft=draft)
                messages.info(request, _("已放弃这次导入。"))
                return redirect("workbench:knowledge_import")
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return redirect("workbench:knowledge_import")
        messages.success(
            request,
            _("已导入《%(title)s》%(n)d 条。") % {"title": result.law.title, "n": result.articles},
        )
        return redirect("workbench:knowledge")
    preview = law_import_preview(code=draft.code, title=draft.title, text=draft.text)
    return render(
        request,
        "workbench/knowledge/import_preview.html",
        {
            "draft": draft,
            "preview": preview,
            "sample": preview.records[:PREVIEW_ARTICLES],
            "more": max(0, preview.articles - PREVIEW_ARTICLES),
        },
    )


@staff_required
def suggest(request, pk: int):
    """The suggested-answers panel for a petition (htmx fragment)."""
    petition = get_or_404(petition_get_for_staff, staff=request.staff, pk=pk)
    result = knowledge_search(f"{petition.title} {petition.content}", top=3)
    answer = answer_for(result)
    return render(
        request,
        "workbench/knowledge/_suggest.html",
        {"result": result, "answer": answer, "citation": citation},
    )
