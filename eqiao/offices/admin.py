"""The offices in the Django admin. Saving goes through the tree services, so an office
created or moved here gets a correct path (and its subtree too); staff and their roles are
managed on the workbench's people page (/staff/people/) and only shown here."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from eqiao.core.errors import ApplicationError
from eqiao.offices.models import Procuratorate, Staff, StaffRole
from eqiao.offices.services import (
    procuratorate_create,
    procuratorate_placement_check,
    procuratorate_update,
)
from eqiao.offices.services.tree import EDITABLE_FIELDS


class ProcuratorateForm(forms.ModelForm):
    class Meta:
        model = Procuratorate
        fields = list(EDITABLE_FIELDS)

    def clean(self):
        cleaned = super().clean()
        level = cleaned.get("level")
        if level and "parent" not in self.errors:
            office = self.instance if self.instance.pk else None
            if office is not None:
                # The instance already carries the form's values; check against the stored row.
                office = Procuratorate.objects.get(pk=office.pk)
            try:
                procuratorate_placement_check(
                    level=level, parent=cleaned.get("parent"), office=office
                )
            except ApplicationError as exc:
                field = exc.field if exc.field in self.fields else None
                raise ValidationError({field: exc.message} if field else exc.message) from exc
        return cleaned


@admin.register(Procuratorate)
class ProcuratorateAdmin(admin.ModelAdmin):
    form = ProcuratorateForm
    list_display = ("name", "level", "parent", "region", "phone", "path")
    list_filter = ("level", "region")
    search_fields = ("name", "short_name")
    readonly_fields = ("path",)

    def save_model(self, request, obj, form, change):
        values = {field: form.cleaned_data[field] for field in EDITABLE_FIELDS}
        if change:
            saved = procuratorate_update(office=obj, actor=request.user, **values)
        else:
            saved = procuratorate_create(actor=request.user, **values)
            obj.pk, obj.path = saved.pk, saved.path
            obj._state.adding, obj._state.db = False, saved._state.db


class StaffRoleInline(admin.TabularInline):
    model = StaffRole
    extra = 0
    can_delete = False
    readonly_fields = ("role",)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Staff)
class StaffAdmin(admin.ModelAdmin):
    """Read-only: people and roles change on the workbench's people page, where every
    change is checked against the administrator's reach and written to the audit log."""

    list_display = ("full_name", "office", "roles_list", "is_active")
    list_filter = ("roles__role", "office__level", "is_active")
    search_fields = ("full_name", "user__username")
    inlines = [StaffRoleInline]

    @admin.display(description=_("角色"))
    def roles_list(self, obj: Staff) -> str:
        return obj.roles_display

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("office").prefetch_related("roles")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
