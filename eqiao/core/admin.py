from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eqiao.core.models import AuditEntry, Holiday, ScheduledJob, User
from eqiao.core.scheduling import ScheduleError, next_run_after, schedule_parse, task_resolve


@admin.register(User)
class EqiaoUserAdmin(UserAdmin):
    exclude = ("totp_secret",)
    fieldsets = UserAdmin.fieldsets


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ("date", "name", "is_workday")


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "action", "target_type", "target_id")
    list_filter = ("action", "target_type")
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ScheduledJobForm(forms.ModelForm):
    class Meta:
        model = ScheduledJob
        fields = ["name", "task_path", "schedule", "kwargs", "enabled"]

    def clean_schedule(self):
        value = " ".join(self.cleaned_data["schedule"].split())
        try:
            schedule_parse(value)
        except ScheduleError as exc:
            raise ValidationError(_("无法识别的周期，请按帮助中的格式填写。")) from exc
        return value

    def clean_task_path(self):
        value = self.cleaned_data["task_path"].strip()
        try:
            task_resolve(value)
        except (ImportError, TypeError) as exc:
            raise ValidationError(_("找不到这个后台任务：%(error)s") % {"error": exc}) from exc
        return value

    def save(self, commit=True):
        job = super().save(commit=False)
        if "schedule" in self.changed_data or "enabled" in self.changed_data:
            # A changed schedule takes effect from now, not from the old next run.
            job.next_run_at = next_run_after(job.schedule, timezone.now())
        if commit:
            job.save()
        return job


@admin.register(ScheduledJob)
class ScheduledJobAdmin(admin.ModelAdmin):
    form = ScheduledJobForm
    list_display = ("name", "schedule", "enabled", "last_run_at", "next_run_at", "last_error")
    list_filter = ("enabled",)
    readonly_fields = ("last_run_at", "next_run_at", "last_error")
    actions = ["run_soon"]

    @admin.action(description=_("在下一轮调度时立即运行"))
    def run_soon(self, request, queryset):
        queryset.update(next_run_at=timezone.now())
