"""Configuring the monitoring desk (舆情监测配置): sources with their health, the watch-list,
the alert rules; and the daily and weekly reports as PDF or Excel."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from eqiao.core.errors import ApplicationError, PermissionDeniedError
from eqiao.offices.capabilities import can, require
from eqiao.offices.models import Procuratorate
from eqiao.opinion.models import AlertColour, AlertTrigger, SourceKind, WatchKind
from eqiao.opinion.selectors import (
    PREVIEW_DAYS,
    alert_rule_get,
    alert_rules_with_counts,
    source_get,
    sources_with_health,
    watch_term_get_for_staff,
    watch_term_matches,
    watch_terms_for_staff,
)
from eqiao.opinion.services import config
from eqiao.opinion.services.config import RuleInput, SourceInput
from eqiao.workbench.decorators import staff_required
from eqiao.workbench.views.common import form_error, get_or_404, paginate

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


# -- sources ------------------------------------------------------------------------------


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


# -- watch terms ---------------------------------------------------------------------------


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


# -- alert rules ---------------------------------------------------------------------------


class RuleForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("名称"),
        max_length=80,
        error_messages={"required": gettext_lazy("请填写规则名称。")},
    )
    trigger = forms.ChoiceField(
        label=gettext_lazy("触发条件"),
        choices=AlertTrigger.choices,
        error_messages={"required": gettext_lazy("请选择触发条件。")},
    )
    colour = forms.ChoiceField(
        label=gettext_lazy("预警级别"),
        choices=AlertColour.choices,
        error_messages={"invalid_choice": gettext_lazy("请选择预警级别（红、橙、黄、蓝）。")},
    )
    min_reach = _int(
        gettext_lazy("最低传播量"),
        initial=0,
        help_text=gettext_lazy("事件传播量达到此数才按本规则预警；0 表示不限。"),
    )
    escalate_minutes = _int(
        gettext_lazy("未确认升级（分钟）"),
        initial=30,
        help_text=gettext_lazy("超过这些分钟仍无人确认，再短信通知负责人。"),
    )
    send_sms = forms.BooleanField(
        label=gettext_lazy("短信通知值班分析员和涉及单位负责人"), required=False, initial=True
    )
    active = forms.BooleanField(label=gettext_lazy("启用"), required=False, initial=True)

    def values(self) -> RuleInput:
        data = self.cleaned_data
        return RuleInput(
            name=data["name"],
            trigger=data["trigger"],
            colour=data["colour"],
            min_reach=data["min_reach"],
            send_sms=data["send_sms"],
            escalate_minutes=data["escalate_minutes"],
        )


@_guarded(CAPABILITY)
def opinion_rules(request):
    return render(
        request,
        "workbench/opinion/rules.html",
        {"rules": list(alert_rules_with_counts()), "may_configure": _may_configure(request)},
    )


@_guarded(CAPABILITY)
def opinion_rule_new(request):
    form = RuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rule = config.alert_rule_create(
                actor=request.staff, data=form.values(), active=form.cleaned_data["active"]
            )
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("预警规则“%(name)s”已添加。") % {"name": rule.name})
            return redirect("workbench:opinion_rules")
    return render(
        request,
        "workbench/opinion/rule_form.html",
        {"form": form, "rule": None},
        status=400 if form.is_bound else 200,
    )


@_guarded(CAPABILITY)
def opinion_rule_edit(request, pk: int):
    rule = get_or_404(alert_rule_get, pk=pk)
    initial = {f: getattr(rule, f) for f in RuleForm.base_fields}
    form = RuleForm(request.POST or None, initial=initial)
    del form.fields["active"]
    if request.method == "POST" and form.is_valid():
        try:
            config.alert_rule_update(actor=request.staff, rule=rule, data=form.values())
        except ApplicationError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("预警规则“%(name)s”已保存。") % {"name": rule.name})
            return redirect("workbench:opinion_rules")
    return render(
        request,
        "workbench/opinion/rule_form.html",
        {"form": form, "rule": rule},
        status=400 if form.is_bound else 200,
    )


@_guarded(CAPABILITY)
@require_POST
def opinion_rule_active(request, pk: int):
    rule = get_or_404(alert_rule_get, pk=pk)
    active = request.POST.get("active") == "1"
    try:
        covered = config.alert_rule_set_active(actor=request.staff, rule=rule, active=active)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        done = _("已启用") if active else _("已停用")
        messages.success(
            request, _("预警规则“%(name)s”%(done)s。") % {"name": rule.name, "done": done}
        )
        if not covered:
            messages.warning(
                request,
                _("“%(trigger)s”已没有启用的规则，这类情况将不再预警。")
                % {"trigger": rule.get_trigger_display()},
            )
    return redirect("workbench:opinion_rules")


# -- reports -------------------------------------------------------------------------------


@_guarded("opinion.analyse")
def opinion_report(request, period: str, fmt: str):
    """The daily or weekly report (PDF or Excel) of `?day=YYYY-MM-DD` (today by default).
    Reports cover every office, so they are for analysts of the city procuratorate."""
    from eqiao.opinion.services.reports import report_build, report_pdf, report_xlsx

    if period not in ("daily", "weekly") or fmt not in ("pdf", "xlsx"):
        raise Http404("unknown report")
    try:
        require(request.staff, "opinion.analyse", config.city_office())
    except PermissionDeniedError as exc:
        return render(request, "workbench/opinion/denied.html", {"reason": exc.message}, status=403)
    raw = request.GET.get("day", "")
    try:
        day = dt.date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        return render(
            request,
            "workbench/opinion/denied.html",
            {"reason": _("日期格式不正确，应为 2026-12-07 这样的形式。")},
            status=400,
        )
    report = report_build(period=period, day=day)
    if fmt == "pdf":
        body, mime = report_pdf(report), "application/pdf"
    else:
        body = report_xlsx(report)
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=mime)
    response["Content-Disposition"] = f'inline; filename="opinion-{period}-{day}.{fmt}"'
    return response
