from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficesConfig(AppConfig):
    name = "eqiao.offices"
    label = "offices"
    verbose_name = _("机构与人员")

    def ready(self) -> None:
        from eqiao.core.audit import audit_actions_register

        # The names the admin's audit log shows for the actions this app's services write.
        audit_actions_register(
            {
                "office.create": _("新建单位"),
                "office.move": _("调整上级单位"),
                "office.update": _("修改单位信息"),
                "staff.create": _("添加人员"),
                "staff.roles_set": _("修改角色"),
                "staff.deactivate": _("停用账号"),
                "staff.reactivate": _("恢复账号"),
            }
        )

        # The foundation's capabilities are registered when the registry is first imported;
        # do it now so they exist before any app's ready() grants more.
        from eqiao.offices import capabilities  # noqa: F401
