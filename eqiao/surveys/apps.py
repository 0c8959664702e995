from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "eqiao.surveys"
    label = "surveys"
    verbose_name = _("问卷调查")

    def ready(self) -> None:
        from eqiao.channels.labels import message_labels_register
        from eqiao.core.audit import audit_actions_register
        from eqiao.offices.capabilities import capability_register
        from eqiao.offices.models import Role
        from eqiao.surveys.messages import sms_templates_register

        capability_register(
            "survey.manage",
            _("制作和发布问卷"),
            roles=[Role.OFFICE_HEAD, Role.EDITOR, Role.ADMINISTRATOR],
        )
        capability_register(
            "satisfaction.view", _("查看满意度指数"), roles=[Role.OFFICE_HEAD, Role.ADMINISTRATOR]
        )
        # Scores of named colleagues: for the heads who manage them, and for administrators,
        # who appoint heads and may only grant a role whose capabilities they hold.
        capability_register(
            "satisfaction.view_staff",
            _("查看检察官个人满意度"),
            roles=[Role.OFFICE_HEAD, Role.ADMINISTRATOR],
        )
        audit_actions_register(
            {
                "survey.create": _("新建问卷"),
                "survey.update": _("修改问卷"),
                "survey.publish": _("发布问卷"),
                "survey.close": _("结束问卷"),
                "survey.invite": _("发送问卷邀请"),
            }
        )
        sms_templates_register()
        message_labels_register({"survey": _("问卷邀请")})
