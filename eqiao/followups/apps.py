from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupsConfig(AppConfig):
    name = "eqiao.followups"
    label = "followups"
    verbose_name = _("回访与评议")

    def ready(self) -> None:
        from eqiao.channels.labels import message_labels_register
        from eqiao.channels.models import MessageChannel
        from eqiao.channels.services import inbound_handler_register
        from eqiao.core.audit import audit_actions_register
        from eqiao.core.scheduling import scheduled_job_register, task_labels_register
        from eqiao.followups import messages
        from eqiao.followups.services import evaluations
        from eqiao.followups.tasks import campaign_run_task, campaigns_due_task
        from eqiao.offices.capabilities import capability_register
        from eqiao.offices.models import Role

        capability_register(
            "followup.manage",
            _("管理回访计划"),
            roles=[Role.OFFICE_HEAD, Role.ADMINISTRATOR, Role.RECEPTIONIST],
        )
        capability_register(
            "followup.evaluate",
            _("判断群众回复的评价"),
            roles=[Role.OFFICE_HEAD, Role.RECEPTIONIST, Role.ADMINISTRATOR],
        )
        capability_register(
            "followup.task", _("处理不满意评议"), roles=[Role.OFFICE_HEAD, Role.ADMINISTRATOR]
        )
        audit_actions_register(
            {
                "followup.campaign_create": _("新建回访计划"),
                "followup.campaign_update": _("修改回访计划"),
                "followup.campaign_pause": _("暂停回访计划"),
                "followup.campaign_resume": _("恢复回访计划"),
                "followup.run_start": _("开始一批回访"),
                "followup.evaluation": _("收到回访评议"),
                "followup.evaluation_settle": _("人工判断评议"),
                "followup.task_complete": _("处理不满意评议"),
            }
        )
        messages.sms_templates_register()
        message_labels_register(
            {
                "followup": _("回访短信"),
                evaluations.HANDLER_NAME: _("回访回复（评议）"),
                evaluations.WECHAT_HANDLER_NAME: _("微信回访回复（评议）"),
            }
        )
        inbound_handler_register(
            name=evaluations.HANDLER_NAME,
            claims=evaluations.reply_claims,
            handle=evaluations.evaluation_from_reply,
            channels=(MessageChannel.SMS,),
            priority=evaluations.PRIORITY,
        )
        # A party bound on WeChat may answer there: before the knowledge base's answers
        # and intake's catch-all.
        inbound_handler_register(
            name=evaluations.WECHAT_HANDLER_NAME,
            claims=evaluations.wechat_reply_claims,
            handle=evaluations.evaluation_from_wechat,
            channels=(MessageChannel.WECHAT,),
            priority=evaluations.PRIORITY,
        )
        scheduled_job_register(
            name="followups.campaigns_due", task=campaigns_due_task, schedule="every 5 minutes"
        )
        task_labels_register(
            {
                campaign_run_task: _("生成一批回访短信"),
                campaigns_due_task: _("启动到期的回访计划"),
            }
        )
