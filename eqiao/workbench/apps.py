from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkbenchConfig(AppConfig):
    name = "eqiao.workbench"
    label = "workbench"
    verbose_name = _("工作台")

    def ready(self) -> None:
        from eqiao.core.audit import audit_actions_register

        # The names the admin's audit log shows for the actions this app's services write.
        audit_actions_register(
            {
                "staff_login": _("干警登录"),
                "totp_enrolled": _("绑定验证器"),
                "petition_export": _("导出信访件"),
                "personal_data_view": _("查看完整个人信息"),
                "attachment_download": _("下载附件"),
            }
        )

        from django.contrib import admin

        from eqiao.workbench.admin_guard import admin_guard_install
        from eqiao.workbench.links import notification_links_register

        admin_guard_install(admin.site)
        notification_links_register()
