from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "eqiao.cases"
    label = "cases"
    verbose_name = _("案件信息公开")

    def ready(self) -> None:
        # Each part of the app registers its own capabilities, audit action names, SMS
        # templates, scheduled jobs and inbound handlers.
        from eqiao.cases import registry_cases, registry_disclosure

        registry_cases.register()
        registry_disclosure.register()
