from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "eqiao.core"
    label = "core"
    verbose_name = _("基础")

    def ready(self) -> None:
        from eqiao.core.crypto import check_field_keys

        checks.register(check_field_keys)
