from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupsConfig(AppConfig):
    name = "eqiao.followups"
    label = "followups"
    verbose_name = _("回访与评议")
