from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelsConfig(AppConfig):
    name = "eqiao.channels"
    label = "channels"
    verbose_name = _("渠道")

    def ready(self) -> None:
        from eqiao.channels import checks  # noqa: F401 - registers the checks
        from eqiao.channels.services.inbound import optout_templates_register
        from eqiao.channels.tasks import message_retry_due_task
        from eqiao.core.scheduling import scheduled_job_register

        # The name is the one databases got from core migration 0003: their row stays.
        scheduled_job_register(
            name="channels.sms_retry", task=message_retry_due_task, schedule="every 2 minutes"
        )
        optout_templates_register()
