"""What the case records, their import and the progress query register at start-up."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def register() -> None:
    """Capabilities, audit action names, SMS templates and jobs of cases and lawyers."""
    from eqiao.cases.services.cases import STAGE_SMS_TEMPLATE, STAGE_SMS_TEXT
    from eqiao.cases.services.lawyers import REVIEW_TEXTS
    from eqiao.cases.services.progress import CODE_TEMPLATE, CODE_TEXT
    from eqiao.cases.tasks import case_import_run_task
    from eqiao.channels.labels import message_labels_register
    from eqiao.channels.services import sms_template_register
    from eqiao.core.audit import audit_actions_register
    from eqiao.core.scheduling import task_labels_register
    from eqiao.offices.capabilities import capability_register
    from eqiao.offices.models import Role

    every_role = tuple(Role.values)
    caseworkers = (Role.PROSECUTOR, Role.OFFICE_HEAD, Role.ADMINISTRATOR)
    capability_register("case.view", _("查看案件"), roles=every_role)
    capability_register("case.import", _("导入案件"), roles=(Role.ADMINISTRATOR,))
    capability_register(
        "case.link", _("关联信访件或律师到案件"), roles=(Role.RECEPTIONIST, *caseworkers)
    )
    capability_register(
        "lawyer.verify", _("审核律师账户"), roles=(Role.OFFICE_HEAD, Role.ADMINISTRATOR)
    )

    audit_actions_register(
        {
            "case.stage_change": _("案件阶段变化"),
            "case.petition_link": _("信访件关联案件"),
            "case.petition_unlink": _("取消信访件关联"),
            "case.lawyer_link": _("关联律师到案件"),
            "case.import": _("上传案件表格"),
            "case.import_mapping": _("保存导入列设置"),
            "case.api_upsert": _("接口同步案件"),
            "case.query": _("查询案件程序性信息"),
            "case.query_failed": _("案件查询验证未通过"),
            "lawyer.register": _("律师注册"),
            "lawyer.approve": _("律师认证通过"),
            "lawyer.reject": _("律师认证不通过"),
        }
    )
    # The stage notice is news the person did not ask for: an opt-out stops it. The query
    # code was asked for, so it goes even to an opted-out phone.
    sms_template_register(
        name=STAGE_SMS_TEMPLATE,
        text=STAGE_SMS_TEXT,
        params=("number", "stage", "date", "office"),
        requested=False,
    )
    sms_template_register(
        name=CODE_TEMPLATE, text=CODE_TEXT, params=("code", "minutes"), requested=True
    )
    for name, (text, params) in REVIEW_TEXTS.items():
        sms_template_register(name=name, text=text, params=params, requested=True)
    message_labels_register({"case_stage": _("案件阶段通知"), "lawyer_review": _("律师认证结果")})
    task_labels_register({case_import_run_task: _("导入案件表格")})
