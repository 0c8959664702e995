from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "eqiao.api"
    label = "api"
    verbose_name = _("接口")

    def ready(self) -> None:
        from eqiao.core.audit import audit_actions_register

        # The names the admin's audit log shows for the actions this app's services write.
        audit_actions_register(
            {
                "api_client.create": _("新建接入方"),
                "api_client.activate": _("启用接入方"),
                "api_client.deactivate": _("停用接入方"),
                "api_client.rotate_key": _("更换接入密钥"),
            }
        )
