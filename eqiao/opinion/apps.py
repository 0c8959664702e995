from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpinionConfig(AppConfig):
    name = "eqiao.opinion"
    label = "opinion"
    verbose_name = _("舆情监测")

    def ready(self) -> None:
        from eqiao.core.audit import audit_actions_register
        from eqiao.core.scheduling import scheduled_job_register, task_labels_register
        from eqiao.offices.capabilities import capability_grant
        from eqiao.offices.models import Role
        from eqiao.opinion.inbound import inbound_handlers_register
        from eqiao.opinion.services.alerts import sms_templates_register
        from eqiao.opinion.services.config import config_register
        from eqiao.opinion.tasks import (
            opinion_escalate_task,
            opinion_poll_task,
            opinion_process_task,
        )

        # `opinion.analyse` (研判舆情) is the foundation's, held by analysts and heads; the
        # studio's editors draft the public responses and watch the dashboard too.
        capability_grant("opinion.analyse", roles=[Role.EDITOR])
        audit_actions_register(
            {
                "opinion.event_assess": _("舆情研判"),
                "opinion.event_handle": _("舆情处置"),
                "opinion.event_guide": _("舆情引导"),
                "opinion.event_close": _("舆情办结"),
                "opinion.alert_acknowledge": _("确认舆情预警"),
                "opinion.import": _("导入舆情信息"),
            }
        )
        sms_templates_register()
        config_register()  # the audit actions of the configuration pages
        inbound_handlers_register()
        scheduled_job_register(
            name="opinion.process", task=opinion_process_task, schedule="every 1 minutes"
        )
        scheduled_job_register(
            name="opinion.poll", task=opinion_poll_task, schedule="every 1 minutes"
        )
        scheduled_job_register(
            name="opinion.escalate", task=opinion_escalate_task, schedule="every 5 minutes"
        )
        task_labels_register(
            {
                opinion_process_task: _("舆情信息分析"),
                opinion_poll_task: _("抓取舆情来源"),
                opinion_escalate_task: _("舆情预警升级"),
            }
        )
