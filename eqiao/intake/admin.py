"""Configuration of the intake app in the admin: the emergency plan templates (应急预案).
Petitions themselves are handled in the workbench, never edited here."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from eqiao.core.errors import ApplicationError
from eqiao.intake.models import EmergencyPlanTemplate
from eqiao.intake.services.risk import emergency_plan_steps_validate


class EmergencyPlanTemplateForm(forms.ModelForm):
    class Meta:
        model = EmergencyPlanTemplate
        fields = ["name", "description", "office", "steps", "is_active"]

    def clean_steps(self):
        steps = self.cleaned_data["steps"]
        try:
            return emergency_plan_steps_validate(steps)
        except ApplicationError as exc:
            raise ValidationError(exc.message) from exc


@admin.register(EmergencyPlanTemplate)
class EmergencyPlanTemplateAdmin(admin.ModelAdmin):
    form = EmergencyPlanTemplateForm
    list_display = ("name", "office", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name",)
