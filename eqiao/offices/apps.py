from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficesConfig(AppConfig):
    name = "eqiao.offices"
    label = "offices"
    verbose_name = _("机构与人员")

    def ready(self) -> None:
        # The foundation's capabilities are registered when the registry is first imported;
        # do it now so they exist before any app's ready() grants more.
        from eqiao.offices import capabilities  # noqa: F401
