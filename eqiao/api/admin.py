"""API clients in the admin. A new client's key is shown once, in the confirmation message;
"rotate key" shows the new one the same way. The key's hash is never shown or edited."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eqiao.api.models import ApiClient, ApiSubmission
from eqiao.api.services.clients import (
    api_client_create,
    api_client_rotate_key,
    api_client_set_active,
)
from eqiao.core.errors import ApplicationError


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "channel",
        "key_prefix",
        "is_active",
        "submit_per_hour",
        "created_at",
        "last_used_at",
    )
    list_filter = ("channel", "is_active")
    search_fields = ("name",)
    readonly_fields = ("key_prefix", "created_at", "last_used_at")
    actions = ("rotate_key", "deactivate", "activate")

    def get_readonly_fields(self, request, obj=None):
        # The channel is part of what the client's petitions record: fixed once created.
        return (*self.readonly_fields, "channel") if obj else self.readonly_fields

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("name", "channel", "submit_per_hour", "scopes")
        return (
            "name",
            "channel",
            "key_prefix",
            "is_active",
            "submit_per_hour",
            "scopes",
            "created_at",
            "last_used_at",
        )

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        try:
            client, key = api_client_create(
                name=obj.name,
                channel=obj.channel,
                submit_per_hour=obj.submit_per_hour,
                actor=request.user,
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
            return
        obj.pk = client.pk
        obj.key_prefix, obj.key_hash, obj.created_at = (
            client.key_prefix,
            client.key_hash,
            client.created_at,
        )
        messages.warning(
            request, _("接口密钥（只显示这一次，请立即交给接入方）：%(key)s") % {"key": key}
        )

    @admin.action(description=gettext_lazy("更换密钥（旧密钥立即失效）"))
    def rotate_key(self, request, queryset):
        for client in queryset:
            key = api_client_rotate_key(client=client, actor=request.user)
            messages.warning(
                request,
                _("%(name)s的新密钥（只显示这一次）：%(key)s") % {"name": client.name, "key": key},
            )

    @admin.action(description=gettext_lazy("停用"))
    def deactivate(self, request, queryset):
        for client in queryset:
            api_client_set_active(client=client, active=False, actor=request.user)

    @admin.action(description=gettext_lazy("重新启用"))
    def activate(self, request, queryset):
        for client in queryset:
            api_client_set_active(client=client, active=True, actor=request.user)


@admin.register(ApiSubmission)
class ApiSubmissionAdmin(admin.ModelAdmin):
    list_display = ("petition", "client", "created_at")
    list_filter = ("client",)
    list_select_related = ("petition", "client")
    readonly_fields = ("petition", "client", "token", "created_at")

    def has_add_permission(self, request):
        return False
