"""Channels in the admin: what went out and came in (read-only, addresses masked in the
lists), and the opt-out list, changed only through `optout_set_by_staff` (audit-logged)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from eqiao.channels.labels import message_label
from eqiao.channels.models import (
    InboundMessage,
    OptOut,
    OutboundMessage,
    SocialPost,
    WeChatAutoReply,
    WeChatFollower,
    WeChatMenuItem,
    WeChatMessage,
    WeChatSubscribeTemplate,
    WeChatSubscription,
    address_mask,
)
from eqiao.channels.services import optout_set_by_staff
from eqiao.core.masking import mask_phone
from eqiao.core.validators import normalize_mobile, validate_mobile


def _code_filter(field: str, title: Any) -> type[admin.SimpleListFilter]:
    """A list filter over the codes stored in `field`, shown by their registered names."""

    class CodeFilter(admin.SimpleListFilter):
        parameter_name = field

        def lookups(self, request, model_admin):
            codes = model_admin.model.objects.order_by().values_list(field, flat=True).distinct()
            return sorted(((c, message_label(c)) for c in codes if c), key=lambda c: c[1])

        def queryset(self, request, queryset):
            return queryset.filter(**{field: self.value()}) if self.value() else queryset

    CodeFilter.title = title
    return CodeFilter


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OutboundMessage)
class OutboundMessageAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "channel",
        "masked_recipient",
        "purpose_label",
        "status",
        "attempts",
    )
    list_filter = ("channel", "status", _code_filter("purpose", _("用途")))
    search_fields = ("ref",)
    date_hierarchy = "created_at"
    # The full number and the text of a receipt or login code (query password, code) are
    # not for the admin: masked number, and the text only of messages without secrets.
    fields = (
        "created_at",
        "channel",
        "masked_recipient",
        "purpose_label",
        "ref",
        "template",
        "shown_text",
        "requested",
        "status",
        "attempts",
        "provider",
        "provider_id",
        "last_error",
        "claimed_at",
        "sent_at",
        "delivered_at",
        "next_attempt_at",
    )
    readonly_fields = fields

    @admin.display(description=_("用途"), ordering="purpose")
    def purpose_label(self, obj: OutboundMessage) -> str:
        return message_label(obj.purpose)

    @admin.display(description=_("收件人"))
    def masked_recipient(self, obj: OutboundMessage) -> str:
        return address_mask(obj.recipient)

    @admin.display(description=_("内容"))
    def shown_text(self, obj: OutboundMessage) -> object:
        if obj.requested:
            return _("（回执、验证码等含密码的消息不显示内容）")
        return obj.text


@admin.register(InboundMessage)
class InboundMessageAdmin(ReadOnlyAdmin):
    list_display = ("received_at", "channel", "masked_sender", "handler_label", "outcome", "ref")
    list_filter = ("channel", _code_filter("handler", _("处理方")), "outcome")
    search_fields = ("ref", "provider_message_id")
    date_hierarchy = "received_at"
    fields = (
        "received_at",
        "channel",
        "provider",
        "provider_message_id",
        "masked_sender",
        "text",
        "handler_label",
        "outcome",
        "ref",
    )
    readonly_fields = fields

    @admin.display(description=_("处理方"), ordering="handler")
    def handler_label(self, obj: InboundMessage) -> str:
        return message_label(obj.handler)

    @admin.display(description=_("发送人"))
    def masked_sender(self, obj: InboundMessage) -> str:
        return address_mask(obj.sender)


class OptOutForm(forms.ModelForm):
    class Meta:
        model = OptOut
        fields = ("address", "active", "note")

    def clean_address(self):
        address = normalize_mobile(self.cleaned_data["address"])
        validate_mobile(address)
        return address


@admin.register(OptOut)
class OptOutAdmin(admin.ModelAdmin):
    """Staff record a person's wish by phone or letter: 已退订 ticked opts out, unticked
    opts back in. Saving goes through the service, which writes the audit entry."""

    form = OptOutForm
    list_display = ("masked_address", "active", "method", "channel", "changed_at")
    list_filter = ("active", "method")
    readonly_fields = ("method", "channel", "changed_at", "inbound")

    @admin.display(description=_("号码"))
    def masked_address(self, obj: OptOut) -> str:
        return address_mask(obj.address)

    def get_readonly_fields(self, request, obj=None):
        return (*self.readonly_fields, "address") if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        saved = optout_set_by_staff(
            actor=request.user,
            address=obj.address,
            opted_out=form.cleaned_data["active"],
            note=form.cleaned_data.get("note", ""),
        )
        obj.pk = saved.pk

    def has_delete_permission(self, request, obj=None):
        return False  # the history of a person's wish is kept


# --- WeChat official account ---------------------------------------------------------------


@admin.register(WeChatAutoReply)
class WeChatAutoReplyAdmin(admin.ModelAdmin):
    list_display = ("trigger", "match", "reply", "active", "priority")
    list_editable = ("active", "priority")
    list_filter = ("trigger", "active")
    search_fields = ("match", "reply")


class WeChatMenuChildInline(admin.TabularInline):
    model = WeChatMenuItem
    fk_name = "parent"
    fields = ("position", "name", "kind", "key", "url", "active")
    extra = 0
    verbose_name = _("子菜单")
    verbose_name_plural = _("子菜单")


@admin.register(WeChatMenuItem)
class WeChatMenuItemAdmin(admin.ModelAdmin):
    """The account's menu; `eqiao wechat_menu_push` sends it to WeChat."""

    list_display = ("name", "parent", "position", "kind", "key", "url", "active")
    list_filter = ("active", "kind")
    inlines = [WeChatMenuChildInline]


@admin.register(WeChatFollower)
class WeChatFollowerAdmin(ReadOnlyAdmin):
    list_display = ("masked_openid", "subscribed", "masked_phone", "bound_at", "first_seen_at")
    list_filter = ("subscribed",)
    fields = ("masked_openid", "subscribed", "masked_phone", "bound_at", "first_seen_at")
    readonly_fields = fields

    @admin.display(description=_("微信用户标识"))
    def masked_openid(self, obj: WeChatFollower) -> str:
        return address_mask(obj.openid)

    @admin.display(description=_("绑定手机"))
    def masked_phone(self, obj: WeChatFollower) -> str:
        return mask_phone(obj.phone)


@admin.register(WeChatMessage)
class WeChatMessageAdmin(ReadOnlyAdmin):
    list_display = ("received_at", "msg_type", "event", "masked_openid", "status", "encrypted")
    list_filter = ("msg_type", "status", "encrypted")
    date_hierarchy = "received_at"
    exclude = ("openid", "content", "recognition")
    readonly_fields = ("masked_openid",)

    @admin.display(description=_("微信用户标识"))
    def masked_openid(self, obj: WeChatMessage) -> str:
        return address_mask(obj.openid)


@admin.register(WeChatSubscribeTemplate)
class WeChatSubscribeTemplateAdmin(admin.ModelAdmin):
    """Which SMS notices also go as subscription messages (订阅通知), and their fields."""

    list_display = ("sms_template", "template_id", "active")
    list_editable = ("active",)
    list_filter = ("active",)
    search_fields = ("sms_template", "template_id")


@admin.register(WeChatSubscription)
class WeChatSubscriptionAdmin(ReadOnlyAdmin):
    list_display = ("masked_openid", "template_id", "accepted", "changed_at")
    list_filter = ("accepted",)
    fields = ("masked_openid", "template_id", "accepted", "changed_at")
    readonly_fields = fields

    @admin.display(description=_("微信用户标识"))
    def masked_openid(self, obj: WeChatSubscription) -> str:
        return address_mask(obj.openid)


# --- WeChat and Weibo publishing ---------------------------------------------------------


@admin.register(SocialPost)
class SocialPostAdmin(ReadOnlyAdmin):
    list_display = ("ref", "channel", "state", "link", "updated_at")
    list_filter = ("channel", "state")
    search_fields = ("ref",)
