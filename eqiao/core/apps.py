from django.apps import AppConfig
from django.core import checks
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _ensure_scheduled_jobs(sender, using="default", **kwargs) -> None:
    """After migrate, the jobs the apps registered exist (with their default schedules)."""
    from eqiao.core.scheduling import scheduled_jobs_ensure

    if using == "default":
        scheduled_jobs_ensure()


class CoreConfig(AppConfig):
    name = "eqiao.core"
    label = "core"
    verbose_name = _("基础")

    def ready(self) -> None:
        post_migrate.connect(
            _ensure_scheduled_jobs, sender=self, dispatch_uid="core.scheduled_jobs_ensure"
        )
        from eqiao.core.crypto import check_field_keys

        checks.register(check_field_keys)
