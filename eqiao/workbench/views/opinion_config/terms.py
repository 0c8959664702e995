"""The watch-list page: terms added, edited, removed one by one or in bulk, with a preview
of the posts a term would have matched."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from eqiao.core.errors import ApplicationError
from eqiao.offices.models import Procuratorate
from eqiao.opinion.models import WatchKind
from eqiao.opinion.selectors import (
    PREVIEW_DAYS,
    watch_term_get_for_staff,
    watch_term_matches,
    watch_terms_for_staff,
)
from eqiao.opinion.services import config
from eqiao.workbench.views.common import form_error, get_or_404, paginate
from eqiao.workbench.views.opinion_config.common import CAPABILITY, _guarded


def _office_field(staff) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=gettext_lazy("所属单位"),
        queryset=Procuratorate.objects.filter(path__startswith=staff.office.path),
        required=False,
        empty_label=gettext_lazy("（全市通用）"),
        help_text=gettext_lazy("人员姓名请选择其所在单位。"),
    )


class WatchTermForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("类别"), choices=WatchKind.choices)
    term = forms.CharField(
        label=gettext_lazy("词语"),
        max_length=200,
        error_messages={"required": gettext_lazy("请填写监测词。")},
    )
    note = forms.CharField(label=gettext_lazy("备注"), max_length=200, required=False)
    active = forms.BooleanField(label=gettext_lazy("启用"), required=False, initial=True)

    def __init__(self, *args, staff, watch=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"] = _office_field(staff)
        self.order_fields(["kind", "term", "office", "note", "active"])
        if watch is None:
            del self.fields["active"]
        else:
            del self.fields["kind"]


class BulkTermsForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("类别"), choices=WatchKind.choices)
    lines = forms.CharField(
        label=gettext_lazy("监测词"),
        widget=forms.Textarea(attrs={"rows": 12}),
        max_length=50_000,
        error_messages={"required": gettext_lazy("请粘贴监测词，每行一个。")},
        help_text=gettext_lazy("每行一个；可在逗号后写备注，如“张立新，冠县院公诉科”。"),
    )

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"] = _office_field(staff)
        self.order_fields(["kind", "office", "lines"])


@_guarded(CAPABILITY)
def opinion_terms(request):
    kind = request.GET.get("kind", "")
    if kind not in WatchKind.values:
        kind = ""
    q = request.GET.get("q", "").strip()[:60]
    page = paginate(
        request, watch_terms_for_staff(staff=request.staff, kind=kind, q=q), per_page=50
    )
    matches = watch_term_matches(terms=[t.term for t in page.object_list])
    rows = [(t, matches.get(t.term, 0)) for t in page.object_list]
    form = WatchTermForm(staff=request.staff)
    return render(
        request,
        "workbench/opinion/terms.html",
        {
            "page": page,
            "rows": rows,
            "kind": kind,
            "q": q,
            "kinds": WatchKind.choices,
            "form": form,
            "days": PREVIEW_DAYS,
        },
    )


@_guarded(CAPABILITY)
@require_POST
def opinion_term_add(request):
    form = WatchTermForm(request.POST, staff=request.staff)
    if form.is_valid():
        data = form.cleaned_data
        try:
            watch = config.watch_term_add(
                actor=request.staff,
                kind=data["kind"],
                term=data["term"],
                office=data["office"],
                note=data["note"],
            )
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            n = watch_term_matches(terms=[watch.term])[watch.term]
            messages.success(
                request,
                _("监测词“%(term)s”已添加；最近 %(days)s 天有 %(n)s 条信息含有该词。")
                % {"term": watch.term, "days": PREVIEW_DAYS, "n": n},
            )
            return redirect("workbench:opinion_terms")
    return render(
        request,
        "workbench/opinion/term_form.html",
        {"form": form, "watch": None},
        status=400,
    )


@_guarded(CAPABILITY)
def opinion_term_edit(request, pk: int):
    watch = get_or_404(watch_term_get_for_staff, staff=request.staff, pk=pk)
    initial = {"term": watch.term, "office": watch.office, "note": watch.note}
    initial["active"] = watch.active
    form = WatchTermForm(request.POST or None, staff=request.staff, watch=watch, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            config.watch_term_update(
                actor=request.staff,
                watch=watch,
                term=data["term"],
                office=data["office"],
                note=data["note"],
                active=data["active"],
            )
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("监测词“%(term)s”已保存。") % {"term": watch.term})
            return redirect("workbench:opinion_terms")
    matches = watch_term_matches(terms=[watch.term])[watch.term]
    return render(
        request,
        "workbench/opinion/term_form.html",
        {"form": form, "watch": watch, "matches": matches, "days": PREVIEW_DAYS},
        status=400 if form.is_bound else 200,
    )


@_guarded(CAPABILITY)
@require_POST
def opinion_term_remove(request, pk: int):
    watch = get_or_404(watch_term_get_for_staff, staff=request.staff, pk=pk)
    term = watch.term
    try:
        config.watch_term_remove(actor=request.staff, watch=watch)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("监测词“%(term)s”已删除。") % {"term": term})
    return redirect("workbench:opinion_terms")


@_guarded(CAPABILITY)
def opinion_terms_bulk(request):
    """Paste many terms: 预览 shows each line's recent matches, 添加 stores them."""
    form = BulkTermsForm(request.POST or None, staff=request.staff)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if request.POST.get("action") == "preview":
                rows = config.watch_terms_parse(data["lines"])
                matches = watch_term_matches(terms=[term for term, _note in rows])
                preview = [(term, note, matches[term]) for term, note in rows]
            else:
                result = config.watch_terms_bulk_add(
                    actor=request.staff,
                    kind=data["kind"],
                    lines=data["lines"],
                    office=data["office"],
                )
                message = _("已添加 %(n)s 个监测词。") % {"n": len(result.added)}
                if result.skipped:
                    message += _("已存在而跳过：%(terms)s。") % {
                        "terms": "、".join(result.skipped[:20])
                    }
                messages.success(request, message)
                return redirect("workbench:opinion_terms")
        except ApplicationError as exc:
            form_error(form, exc)
    failed = form.is_bound and not preview
    return render(
        request,
        "workbench/opinion/terms_bulk.html",
        {"form": form, "preview": preview, "days": PREVIEW_DAYS},
        status=400 if failed else 200,
    )
