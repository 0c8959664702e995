from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The Liaocheng demo: `eqiao load_demo` and `eqiao demo_banner`. It sits above the
    domain apps because it tells its story through their services."""

    name = "eqiao.demo"
    label = "demo"
    verbose_name = _("演示数据")
