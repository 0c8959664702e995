"""Configuration of the intake app in the admin: the emergency plan templates (应急预案).
Petitions themselves are handled in the workbench, never edited here.

A template's steps are typed into rows of fields (步骤, 负责角色, 完成时限) with Chinese labels,
not as JSON: a filled row is a step, an empty row is ignored."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eqiao.core.errors import ApplicationError
from eqiao.intake.models import EmergencyPlanTemplate
from eqiao.intake.services.risk import emergency_plan_steps_validate
from eqiao.offices.models import Role

MAX_STEPS = 12
STEP_PARTS = ("title", "owner_role", "due_hours")


def _step_fields(number: int) -> dict[str, forms.Field]:
    return {
        f"step_{number}_title": forms.CharField(
            label=format_lazy(gettext_lazy("第{n}步"), n=number),
            required=False,
            max_length=200,
            widget=forms.TextInput(attrs={"size": 40}),
        ),
        f"step_{number}_owner_role": forms.ChoiceField(
            label=gettext_lazy("负责角色"),
            required=False,
            choices=[("", "---------"), *Role.choices],
        ),
        f"step_{number}_due_hours": forms.IntegerField(
            label=gettext_lazy("完成时限（小时）"),
            required=False,
            min_value=1,
            max_value=24 * 365,
        ),
    }


class EmergencyPlanTemplateForm(forms.ModelForm):
    class Meta:
        model = EmergencyPlanTemplate
        fields = ["name", "description", "office", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            for number, step in enumerate(self.instance.steps or [], start=1):
                if number > MAX_STEPS or not isinstance(step, dict):
                    break
                for part in STEP_PARTS:
                    self.initial[f"step_{number}_{part}"] = step.get(part)

    def clean(self):
        cleaned = super().clean()
        steps = []
        for number in range(1, MAX_STEPS + 1):
            row = {part: cleaned.get(f"step_{number}_{part}") for part in STEP_PARTS}
            if isinstance(row["title"], str):
                row["title"] = row["title"].strip()
            if not any(value not in (None, "") for value in row.values()):
                continue
            missing = [part for part in STEP_PARTS if row[part] in (None, "")]
            for part in missing:
                if f"step_{number}_{part}" not in self.errors:
                    self.add_error(
                        f"step_{number}_{part}",
                        _("第%(n)d步还缺%(what)s。")
                        % {"n": number, "what": self.fields[f"step_{number}_{part}"].label},
                    )
            if not missing:
                steps.append(row)
        if not steps and not self.errors:
            raise ValidationError(_("请至少填写一个处置步骤（步骤、负责角色和完成时限）。"))
        if not self.errors:
            try:
                self.instance.steps = emergency_plan_steps_validate(steps)
            except ApplicationError as exc:
                raise ValidationError(exc.message) from exc
        return cleaned


# Declared after the class so the rows are made in one loop; the admin builds its form from
# `declared_fields`, a bare form instance from `base_fields`.
for _number in range(1, MAX_STEPS + 1):
    EmergencyPlanTemplateForm.declared_fields.update(_step_fields(_number))
    EmergencyPlanTemplateForm.base_fields.update(_step_fields(_number))


@admin.register(EmergencyPlanTemplate)
class EmergencyPlanTemplateAdmin(admin.ModelAdmin):
    form = EmergencyPlanTemplateForm
    list_display = ("name", "office", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name",)
    fieldsets = [
        (None, {"fields": ["name", "description", "office", "is_active"]}),
        (
            gettext_lazy("处置步骤"),
            {
                "description": gettext_lazy(
                    "按顺序填写每一步：做什么、由哪个角色负责、启动后多少小时内完成。不用的行留空。"
                ),
                "fields": [
                    tuple(f"step_{number}_{part}" for part in STEP_PARTS)
                    for number in range(1, MAX_STEPS + 1)
                ],
            },
        ),
    ]
