from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChannelsConfig(AppConfig):
    name = "eqiao.channels"
    label = "channels"
    verbose_name = _("渠道")

    def ready(self) -> None:
        from eqiao.core.audit import audit_actions_register

        # The names the admin's audit log shows for the actions this app's services write.
        audit_actions_register(
            {
                "channels.optout": _("登记退订"),
                "channels.optin": _("恢复订阅"),
            }
        )

        from eqiao.channels import checks  # noqa: F401 - registers the deploy check
        from eqiao.channels.labels import message_labels_register
        from eqiao.channels.services.inbound import optout_templates_register
        from eqiao.channels.tasks import (
            message_deliver_task,
            message_retry_due_task,
            messages_deliver_task,
            sms_deliver_task,
            wechat_message_process_task,
            wechat_messages_retry_task,
            weibo_inbound_poll_task,
        )
        from eqiao.core.scheduling import scheduled_job_register, task_labels_register

        message_labels_register(
            {"optout_confirm": _("退订确认"), "channels.optout": _("退订或恢复订阅")}
        )

        task_labels_register(
            {
                message_deliver_task: _("发送消息"),
                message_retry_due_task: _("重发未发出的消息"),
                messages_deliver_task: _("批量发送消息"),
                sms_deliver_task: _("发送短信"),
                wechat_message_process_task: _("处理微信留言"),
                wechat_messages_retry_task: _("补处理未处理的微信留言"),
                weibo_inbound_poll_task: _("收取微博评论和提及"),
            }
        )
        # The name is the one databases got from core migration 0003: their row stays.
        scheduled_job_register(
            name="channels.sms_retry", task=message_retry_due_task, schedule="every 2 minutes"
        )
        optout_templates_register()
        scheduled_job_register(
            name="channels.wechat_retry",
            task=wechat_messages_retry_task,
            schedule="every 5 minutes",
        )

        from eqiao.channels.selectors import wechat_bound_phones
        from eqiao.channels.services.outbound import sms_queued_hook_register
        from eqiao.channels.services.wechat import (
            binding_templates_register,
            wechat_companions_queue,
            wechat_templates_register,
        )
        from eqiao.channels.services.wechat.subscribe import (
            subscribe_templates_register,
            wechat_subscriptions_queue,
        )
        from eqiao.channels.services.weibo import weibo_templates_register

        binding_templates_register()
        wechat_templates_register()
        subscribe_templates_register()
        weibo_templates_register()
        # Notifications by SMS reach the same person's bound WeChat too, as template or
        # customer-service messages, and as subscription messages where they accepted them.
        # A bulk queue asks once which of its recipients are bound on WeChat.
        sms_queued_hook_register(wechat_companions_queue, relevant=wechat_bound_phones)
        sms_queued_hook_register(wechat_subscriptions_queue, relevant=wechat_bound_phones)
        scheduled_job_register(
            name="channels.weibo_poll", task=weibo_inbound_poll_task, schedule="every 5 minutes"
        )
        message_labels_register({"wechat_bind": _("微信绑定验证码")})
