"""The sources page: each source with its health; adding, editing, probing, pausing,
resuming, fetching now and deleting one."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from eqiao.core.errors import ApplicationError
from eqiao.opinion.models import SourceKind
from eqiao.opinion.selectors import (
    source_get,
    sources_with_health,
)
from eqiao.opinion.services import config
from eqiao.opinion.services.config import SourceInput
from eqiao.workbench.views.common import form_error, get_or_404
from eqiao.workbench.views.opinion_config.common import CAPABILITY, _guarded, _int, _may_configure


class SourceForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("代码"),
        max_length=60,
        help_text=gettext_lazy("字母、数字、连字符或下划线，保存后不能修改。"),
    )
    name = forms.CharField(
        label=gettext_lazy("名称"),
        max_length=100,
        error_messages={"required": gettext_lazy("请填写来源名称。")},
    )
    kind = forms.ChoiceField(label=gettext_lazy("类型"), choices=SourceKind.choices)
    url = forms.CharField(
        label=gettext_lazy("抓取地址"),
        required=False,
        max_length=500,
        help_text=gettext_lazy("RSS/Atom 订阅或平台搜索接口的网址，以 http:// 或 https:// 开头。"),
    )
    query = forms.CharField(
        label=gettext_lazy("搜索词"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("只用于平台搜索接口。"),
    )
    poll_minutes = _int(
        gettext_lazy("抓取间隔（分钟）"),
        initial=15,
        help_text=gettext_lazy("5 到 1440 分钟；抓取失败后间隔自动加倍，最长一天。"),
    )
    active = forms.BooleanField(label=gettext_lazy("启用"), required=False, initial=True)

    def __init__(self, *args, source=None, **kwargs):
        super().__init__(*args, **kwargs)
        if source is not None:  # code and kind are fixed once the source exists
            for name in ("code", "kind", "active"):
                del self.fields[name]

    def values(self, kind: str) -> SourceInput:
        data = self.cleaned_data
        return SourceInput(
            name=data["name"],
            kind=kind,
            url=data["url"],
            query=data["query"],
            poll_minutes=data["poll_minutes"],
        )


@_guarded(CAPABILITY)
def opinion_sources(request):
    sources = list(sources_with_health())
    return render(
        request,
        "workbench/opinion/sources.html",
        {"sources": sources, "may_configure": _may_configure(request), "now": timezone.now()},
    )


def _source_form_page(request, form, source, probe=None, status=200):
    return render(
        request,
        "workbench/opinion/source_form.html",
        {"form": form, "source": source, "probe": probe},
        status=status,
    )


def _probe(request, form, kind: str):
    """Run a test fetch with the form's values; errors go onto the form."""
    try:
        return config.source_probe(actor=request.staff, data=form.values(kind))
    except ApplicationError as exc:
        form_error(form, exc)
        return None


@_guarded(CAPABILITY)
def opinion_source_new(request):
    form = SourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        if request.POST.get("action") == "probe":
            probe = _probe(request, form, kind)
            return _source_form_page(request, form, None, probe, 200 if probe else 400)
        try:
            source = config.source_create(
                actor=request.staff,
                code=form.cleaned_data["code"],
                data=form.values(kind),
                active=form.cleaned_data["active"],
            )
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("来源“%(name)s”已添加。") % {"name": source.name})
            return redirect("workbench:opinion_sources")
    return _source_form_page(request, form, None, status=400 if form.is_bound else 200)


@_guarded(CAPABILITY)
def opinion_source_edit(request, pk: int):
    source = get_or_404(source_get, pk=pk)
    initial = {f: getattr(source, f) for f in ("name", "url", "query", "poll_minutes")}
    form = SourceForm(request.POST or None, source=source, initial=initial)
    if request.method == "POST" and form.is_valid():
        if request.POST.get("action") == "probe":
            probe = _probe(request, form, source.kind)
            return _source_form_page(request, form, source, probe, 200 if probe else 400)
        try:
            config.source_update(actor=request.staff, source=source, data=form.values(source.kind))
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("来源“%(name)s”已保存。") % {"name": source.name})
            return redirect("workbench:opinion_sources")
    return _source_form_page(request, form, source, status=400 if form.is_bound else 200)


@_guarded(CAPABILITY)
@require_POST
def opinion_source_act(request, pk: int, action: str):
    source = get_or_404(source_get, pk=pk)
    staff = request.staff
    try:
        if action == "pause":
            config.source_pause(actor=staff, source=source)
            messages.success(request, _("来源“%(name)s”已暂停。") % {"name": source.name})
        elif action == "resume":
            config.source_resume(actor=staff, source=source)
            messages.success(request, _("来源“%(name)s”已恢复。") % {"name": source.name})
        elif action == "fetch":
            config.source_fetch_now(actor=staff, source=source)
            messages.success(
                request, _("已安排立即抓取“%(name)s”，稍后刷新查看结果。") % {"name": source.name}
            )
        elif action == "delete":
            if config.source_delete(actor=staff, source=source):
                messages.success(request, _("来源“%(name)s”已删除。") % {"name": source.name})
            else:
                messages.warning(
                    request,
                    _("来源“%(name)s”已有采集的信息，不能删除，已改为暂停。")
                    % {"name": source.name},
                )
        else:
            raise Http404("unknown action")
    except ApplicationError as exc:
        messages.error(request, exc.message)
    return redirect("workbench:opinion_sources")
