"""The admin (configuration only), in Chinese throughout: the site's titles, our models, and
the task queue's tables, whose app ships English labels. Audit entries are read-only."""

from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from eqiao.core.audit import audit_action_label
from eqiao.core.models import AuditEntry, Holiday, ScheduledJob, User
from eqiao.core.scheduling import (
    ScheduleError,
    next_run_after,
    schedule_parse,
    task_label,
    task_resolve,
)

admin.site.site_header = _("聊城市人民检察院 E桥 管理后台")
admin.site.site_title = _("E桥管理后台")
admin.site.index_title = _("系统配置")
apps.get_app_config(DBTaskResult._meta.app_label).verbose_name = _("后台任务")


# Roles (offices.StaffRole, assigned on the workbench's people page) are what EQiao checks;
# Django's groups and per-model permissions are unused, and their names are English rows
# ("Can add lead") written when the tables were created: neither is offered here.
admin.site.unregister(Group)


def _without_django_permissions(fieldsets):
    unused = {"groups", "user_permissions"}
    return tuple(
        (title, {**options, "fields": tuple(f for f in options["fields"] if f not in unused)})
        for title, options in fieldsets
    )


class UserPasswordForm(AdminPasswordChangeForm):
    """Django's form glues an untranslatable English warning to the help text of "password
    authentication"; say it in Chinese."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("usable_password")
        if field is not None:
            field.help_text = _(
                "关闭后此人不能再用密码登录，现有密码将失效；需要时可以在这里重新设置密码。"
            )


@admin.register(User)
class EqiaoUserAdmin(UserAdmin):
    change_password_form = UserPasswordForm
    exclude = ("totp_secret",)
    fieldsets = _without_django_permissions(UserAdmin.fieldsets)
    list_filter = ("is_staff", "is_superuser", "is_active")
    add_form_template = "core/admin/user_add_form.html"


@admin.register(Holiday)
class HolidayAdmin(admin.ModelAdmin):
    list_display = ("date", "name", "is_workday")


def _target_type_label(target_type: str) -> str:
    try:
        return str(apps.get_model(target_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return target_type


class _ActionFilter(admin.SimpleListFilter):
    """The actions in the log, by their Chinese names (the stored codes are for programs)."""

    title = _("操作")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        codes = AuditEntry.objects.order_by().values_list("action", flat=True).distinct()
        return sorted(((code, audit_action_label(code)) for code in codes), key=lambda c: c[1])

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


class _TargetTypeFilter(admin.SimpleListFilter):
    title = _("对象类型")
    parameter_name = "target_type"

    def lookups(self, request, model_admin):
        types = AuditEntry.objects.order_by().values_list("target_type", flat=True).distinct()
        return sorted(((t, _target_type_label(t)) for t in types), key=lambda c: c[1])

    def queryset(self, request, queryset):
        return queryset.filter(target_type=self.value()) if self.value() else queryset


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The audit log can be read and searched, never written: not even a superuser may add,
    change or delete an entry here (services write them)."""

    list_display = ("at", "actor", "action_label", "target_label", "target_id")
    list_filter = (_ActionFilter, _TargetTypeFilter)
    fields = ("at", "actor", "action_label", "target_label", "target_id", "detail", "ip")
    readonly_fields = fields

    @admin.display(description=_("操作"), ordering="action")
    def action_label(self, entry: AuditEntry) -> str:
        return audit_action_label(entry.action)

    @admin.display(description=_("对象类型"), ordering="target_type")
    def target_label(self, entry: AuditEntry) -> str:
        return _target_type_label(entry.target_type)

    def has_add_permission(self, request):
        return False

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
    list_display = (
        "name",
        "task_name",
        "schedule",
        "enabled",
        "last_run_at",
        "next_run_at",
        "last_error",
    )
    list_filter = ("enabled",)
    readonly_fields = ("last_run_at", "next_run_at", "last_error")

    @admin.display(description=_("任务"), ordering="task_path")
    def task_name(self, job: ScheduledJob) -> str:
        return task_label(job.task_path)

    actions = ["run_soon"]

    @admin.action(description=_("在下一轮调度时立即运行"))
    def run_soon(self, request, queryset):
        queryset.update(next_run_at=timezone.now())


admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskResultAdmin(DBTaskResultAdmin):
    """The task queue's table with Chinese headings (its model names are translated in the
    core catalogue for zh_Hans); read-only as the package made it."""

    list_display = (  # type: ignore[assignment]  # the package's tuple has one more column
        "task_label",
        "status_label",
        "enqueued_at",
        "started_at",
        "finished_at",
        "priority",
        "queue_name",
    )

    @admin.display(description=_("任务"), ordering="task_path")
    def task_label(self, task: DBTaskResult) -> str:
        return task_label(task.task_path)

    @admin.display(description=_("状态"), ordering="status")
    def status_label(self, task: DBTaskResult) -> str:
        return task.get_status_display()

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return ["task_id" if name == "id" else name for name in fields]

    @admin.display(description=_("任务编号"))
    def task_id(self, task: DBTaskResult) -> str:
        return str(task.pk)

    @admin.display(description=_("出错信息"))
    def formatted_traceback(self, obj: DBTaskResult) -> str:
        return super().formatted_traceback(obj)

    @admin.display(description=_("最早运行时间"))
    def display_run_after(self, obj: DBTaskResult):
        return super().display_run_after(obj)
