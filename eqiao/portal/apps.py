from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "eqiao.portal"
    label = "portal"
    verbose_name = _("门户")

    def ready(self) -> None:
        from eqiao.channels.labels import message_labels_register

        message_labels_register({"otp": _("登录验证码")})

        from eqiao.portal.services import sms_templates_register

        sms_templates_register()

        from eqiao.portal.views.appointments import links_register as appointment_links_register

        appointment_links_register()
