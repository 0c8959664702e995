from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    name = "eqiao.appointments"
    label = "appointments"
    verbose_name = _("预约")

    def ready(self) -> None:
        from eqiao.appointments.messages import sms_templates_register
        from eqiao.appointments.tasks import no_shows_task, reminders_task
        from eqiao.channels.labels import message_labels_register
        from eqiao.core.audit import audit_actions_register
        from eqiao.core.scheduling import scheduled_job_register, task_labels_register
        from eqiao.offices.capabilities import capability_register
        from eqiao.offices.models import Role

        # Handling bookings (confirm, decline, check in) is the foundation's
        # `appointment.manage`; setting up rooms, hours and rules is a separate capability.
        capability_register(
            "appointment.configure",
            _("设置预约资源和开放时间"),
            roles=[Role.OFFICE_HEAD, Role.ADMINISTRATOR],
        )
        audit_actions_register(
            {
                "appointment.book": _("预约"),
                "appointment.reschedule": _("改约"),
                "appointment.cancel": _("取消预约"),
                "appointment.confirm": _("确认预约"),
                "appointment.decline": _("预约不予安排"),
                "appointment.check_in": _("预约签到"),
                "appointment.no_show": _("预约未到场"),
                "appointment.resource_create": _("新增预约资源"),
                "appointment.resource_update": _("修改预约资源"),
            }
        )
        sms_templates_register()
        message_labels_register(
            {"appointment": _("预约通知"), "appointment_reminder": _("预约提醒")}
        )
        scheduled_job_register(
            name="appointments.reminders", task=reminders_task, schedule="every 30 minutes"
        )
        scheduled_job_register(
            name="appointments.no_shows", task=no_shows_task, schedule="every 15 minutes"
        )
        task_labels_register(
            {reminders_task: _("预约前一天短信提醒"), no_shows_task: _("记录预约未到场")}
        )
