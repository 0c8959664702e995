"""The alert rules page: the rules with their counts; adding and editing one (trigger,
level, reach, recipients, SMS, escalation); enabling and disabling one."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from eqiao.core.errors import ApplicationError
from eqiao.offices.models import Staff
from eqiao.opinion.models import AlertColour, AlertTrigger
from eqiao.opinion.selectors import (
    alert_rule_get,
    alert_rules_with_counts,
)
from eqiao.opinion.services import config
from eqiao.opinion.services.config import RuleInput
from eqiao.workbench.views.common import form_error, get_or_404
from eqiao.workbench.views.opinion_config.common import CAPABILITY, _guarded, _int, _may_configure


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
    to_analysts = forms.BooleanField(
        label=gettext_lazy("通知值班分析员（市院及涉及单位的舆情分析员）"),
        required=False,
        initial=True,
    )
    to_office_head = forms.BooleanField(
        label=gettext_lazy("通知涉及单位负责人"), required=False, initial=True
    )
    recipients = forms.ModelMultipleChoiceField(
        label=gettext_lazy("指定人员"),
        queryset=Staff.objects.none(),
        required=False,
        help_text=gettext_lazy("另外通知这些人员（可多选）；升级时也通知他们。"),
        error_messages={"invalid_choice": gettext_lazy("指定人员中有不存在或已停用的人员。")},
    )
    send_sms = forms.BooleanField(
        label=gettext_lazy("除工作台外，同时发送短信"), required=False, initial=True
    )
    escalate = forms.BooleanField(label=gettext_lazy("未确认时升级"), required=False, initial=True)
    escalate_minutes = _int(
        gettext_lazy("未确认升级（分钟）"),
        initial=30,
        help_text=gettext_lazy("超过这些分钟仍无人确认，再通知涉及单位和市院负责人及指定人员。"),
    )
    active = forms.BooleanField(label=gettext_lazy("启用"), required=False, initial=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["recipients"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Staff.objects.filter(is_active=True).select_related("office")

    def values(self) -> RuleInput:
        data = self.cleaned_data
        return RuleInput(
            name=data["name"],
            trigger=data["trigger"],
            colour=data["colour"],
            min_reach=data["min_reach"],
            to_analysts=data["to_analysts"],
            to_office_head=data["to_office_head"],
            recipients=tuple(s.pk for s in data["recipients"]),
            send_sms=data["send_sms"],
            escalate=data["escalate"],
            escalate_minutes=data["escalate_minutes"],
        )


@_guarded(CAPABILITY)
def opinion_rules(request):
    return render(
        request,
        "workbench/opinion/rules.html",
        {
            "rules": list(alert_rules_with_counts().prefetch_related("recipients")),
            "may_configure": _may_configure(request),
        },
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
    initial = {f: getattr(rule, f) for f in RuleForm.base_fields if f != "recipients"}
    initial["recipients"] = list(rule.recipients.values_list("pk", flat=True))
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
