from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "eqiao.intake"
    label = "intake"
    verbose_name = _("信访受理")

    def ready(self) -> None:
        from eqiao.core.scheduling import scheduled_job_register
        from eqiao.intake.inbound import inbound_handlers_register
        from eqiao.intake.messages import sms_templates_register
        from eqiao.intake.tasks import daily_digest_task

        scheduled_job_register(
            name="intake.daily_digest", task=daily_digest_task, schedule="daily 08:00"
        )
        inbound_handlers_register()
        sms_templates_register()
