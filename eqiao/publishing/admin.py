"""Configuration of the studio's desk in the admin: the sensitive-word list, the link
allow-list, review workflows per office, subscriber groups and series. Articles are shown
read-only: their status changes only through the services, and the admin's "publish"
action calls the same gate as every other path."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from eqiao.core.errors import ApplicationError
from eqiao.publishing.models import (
    AllowedDomain,
    Article,
    ReviewStepSpec,
    ReviewWorkflow,
    SensitiveWord,
    Series,
    SubscriberGroup,
)
from eqiao.publishing.services.publish import article_publish


@admin.register(SensitiveWord)
class SensitiveWordAdmin(admin.ModelAdmin):
    list_display = ("word", "category", "active")
    list_filter = ("active", "category")
    search_fields = ("word",)


@admin.register(AllowedDomain)
class AllowedDomainAdmin(admin.ModelAdmin):
    list_display = ("domain",)


class ReviewStepInline(admin.TabularInline):
    model = ReviewStepSpec
    extra = 1


@admin.register(ReviewWorkflow)
class ReviewWorkflowAdmin(admin.ModelAdmin):
    list_display = ("name", "office")
    inlines = [ReviewStepInline]


@admin.register(SubscriberGroup)
class SubscriberGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "office")


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    list_display = ("title", "office")


@admin.action(description=_("发布（须通过安全审查和审批）"))
def publish_selected(modeladmin, request, queryset):
    staff = getattr(request.user, "staff", None)
    for article in queryset:
        try:
            article_publish(actor=staff, article=article)
        except ApplicationError as exc:
            modeladmin.message_user(request, f"{article.title}：{exc.message}", messages.ERROR)
        else:
            modeladmin.message_user(request, f"{article.title}：{_('已发布')}", messages.SUCCESS)


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "office", "status", "published_at")
    list_filter = ("status", "kind")
    search_fields = ("title",)
    actions = [publish_selected]
    readonly_fields = [f.name for f in Article._meta.fields if f.name not in ("id",)]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
