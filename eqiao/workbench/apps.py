from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkbenchConfig(AppConfig):
    name = "eqiao.workbench"
    label = "workbench"
    verbose_name = _("工作台")

    def ready(self) -> None:
        from django.contrib import admin

        from eqiao.workbench.admin_guard import admin_guard_install
        from eqiao.workbench.links import notification_links_register

        admin_guard_install(admin.site)
        notification_links_register()
