from django.contrib import admin

from eqiao.offices.models import Procuratorate, Staff


@admin.register(Procuratorate)
class ProcuratorateAdmin(admin.ModelAdmin):
    list_display = ("name", "level", "parent", "region", "phone")
    list_filter = ("level", "region")
    search_fields = ("name", "short_name")


@admin.register(Staff)
class StaffAdmin(admin.ModelAdmin):
    list_display = ("full_name", "office", "role", "is_active")
    list_filter = ("role", "office__level")
    search_fields = ("full_name", "user__username")
