from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "eqiao.publishing"
    label = "publishing"
    verbose_name = _("编发")

    def ready(self) -> None:
        import logging

        # WeasyPrint logs every rendering step at INFO; only its warnings are news.
        for name in ("weasyprint", "fontTools"):
            logging.getLogger(name).setLevel(logging.WARNING)
        from eqiao.channels.labels import message_labels_register
        from eqiao.core.audit import audit_actions_register
        from eqiao.core.scheduling import scheduled_job_register, task_labels_register
        from eqiao.offices.capabilities import capability_register
        from eqiao.offices.models import Role
        from eqiao.publishing.messages import sms_templates_register
        from eqiao.publishing.outlets import PortalOutlet, outlet_register
        from eqiao.publishing.services.inbound import inbound_handlers_register
        from eqiao.publishing.tasks import (
            article_outlets_task,
            publishing_due_task,
            review_reminders_task,
        )

        # The deputy chief's approval of an important case release (分管副检察长审批); no
        # deputy role exists yet, so office heads and administrators hold it.
        capability_register(
            "article.approve_important",
            _("审批重要案件信息发布"),
            roles=[Role.OFFICE_HEAD, Role.ADMINISTRATOR],
        )
        audit_actions_register(
            {
                "article.create": _("新建稿件"),
                "article.update": _("修改稿件"),
                "article.image_upload": _("上传稿件图片"),
                "article.submit": _("稿件送审"),
                "article.finding_waive": _("豁免安全审查问题"),
                "article.approve_step": _("审核通过"),
                "article.reject": _("审核退回"),
                "article.publish": _("发布稿件"),
                "article.withdraw": _("撤回稿件"),
                "article.correct": _("更正稿件"),
                "article.correct_propose": _("提出稿件更正"),
                "article.reschedule": _("修改定时发布"),
                "digest.reschedule": _("修改手机报定时发送"),
                "digest.subscriber_add": _("添加手机报订阅"),
                "digest.subscriber_remove": _("移除手机报订阅"),
                "digest.subscribers_import": _("导入手机报订阅"),
                "newsletter.submit": _("检察室报送审"),
                "newsletter.approve": _("审核检察室报"),
                "newsletter.reject": _("退回检察室报"),
                "digest.create": _("编辑手机报"),
                "digest.submit": _("手机报送审"),
                "digest.approve": _("审批手机报"),
                "digest.reject": _("退回手机报"),
                "digest.send": _("发送手机报"),
                "newsletter.create": _("编辑检察室报"),
                "newsletter.build": _("生成检察室报PDF"),
            }
        )
        outlet_register(PortalOutlet())
        from eqiao.publishing.social import social_outlets_register  # WeChat, Weibo

        social_outlets_register()
        sms_templates_register()
        inbound_handlers_register()
        scheduled_job_register(
            name="publishing.due", task=publishing_due_task, schedule="every 1 minutes"
        )
        scheduled_job_register(
            name="publishing.review_reminders", task=review_reminders_task, schedule="daily 09:00"
        )
        task_labels_register(
            {
                publishing_due_task: _("定时发布与渠道重试"),
                review_reminders_task: _("审核到期提醒"),
                article_outlets_task: _("稿件发往各渠道"),
            }
        )
        message_labels_register(
            {
                "mobile_digest": _("手机报"),
                "digest_subscription": _("手机报订阅确认"),
                "publishing.digest": _("手机报订阅与退订"),
            }
        )
