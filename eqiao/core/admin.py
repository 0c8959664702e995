from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from eqiao.core.models import AuditEntry, Holiday, User


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
