from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "eqiao.intake"
    label = "intake"
    verbose_name = _("信访受理")

    def ready(self) -> None:
        from eqiao.channels.labels import message_labels_register
        from eqiao.core.audit import audit_actions_register

        # The names the admin's audit log shows for the actions this app's services write.
        audit_actions_register(
            {
                "petition.assign": _("交办信访件"),
                "petition.route": _("上下级转办"),
                "petition.reply_procedural": _("程序性答复"),
                "petition.reply_result": _("答复办理结果"),
                "petition.reclassify": _("更正分类或风险"),
                "petition.citizen_message": _("信访人补充说明"),
                "petition.note": _("内部备注"),
                "petition.close": _("办结信访件"),
                "petition.supervise": _("督办"),
                "supervision.resolve": _("结束督办"),
                "lead.create": _("登记线索"),
                "lead.close": _("线索办结"),
                "alert.acknowledge": _("签收风险预警"),
                "plan.start": _("启动应急预案"),
                "plan.step_complete": _("完成预案步骤"),
                "plan.close": _("结束应急预案"),
                "intake.digest_sent": _("发送每日待办提醒"),
            }
        )

        from eqiao.core.scheduling import scheduled_job_register, task_labels_register
        from eqiao.intake.inbound import inbound_handlers_register
        from eqiao.intake.messages import sms_templates_register
        from eqiao.intake.tasks import (
            acceptance_sweep_task,
            daily_digest_task,
            petition_accepted_task,
        )

        scheduled_job_register(
            name="intake.daily_digest", task=daily_digest_task, schedule="daily 08:00"
        )
        scheduled_job_register(
            name="intake.acceptance_sweep", task=acceptance_sweep_task, schedule="every 1 minute"
        )
        task_labels_register(
            {
                daily_digest_task: _("每日待办提醒"),
                acceptance_sweep_task: _("补查未完成的受理"),
                petition_accepted_task: _("受理：文本研判与回执"),
            }
        )
        inbound_handlers_register()
        sms_templates_register()
        # What the admin's message lists show for this app's SMS and its inbound handler.
        message_labels_register(
            {
                "receipt": _("受理回执"),
                "reply": _("答复信访人"),
                "alert": _("风险预警"),
                "digest": _("每日待办提醒"),
                "inbound_rejected": _("短信未能受理"),
                "intake.petition": _("信访件（新信访或补充说明）"),
            }
        )
