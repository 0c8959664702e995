from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OfficesConfig(AppConfig):
    name = "eqiao.offices"
    label = "offices"
    verbose_name = _("机构与人员")
