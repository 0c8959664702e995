"""What releases, legal documents, bribery-record queries and people's supervisors register
at start-up."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

RELEASE_COMPOSE = "case.release.compose"
RELEASE_APPROVE = "case.release.approve"
DOCUMENT_PUBLISH = "case.document.publish"
BRIBERY_ANSWER = "bribery.answer"
SUPERVISOR_MANAGE = "supervisor.manage"

SMS_BRIBERY_RECEIVED = "cases.bribery_received"
SMS_BRIBERY_ANSWERED = "cases.bribery_answered"
SMS_SUPERVISION_INVITATION = "cases.supervision_invitation"
SMS_OPINION_ANSWERED = "cases.supervision_opinion_answered"


def register() -> None:
    """Capabilities, audit action names, SMS templates and jobs of the disclosure records."""
    from eqiao.channels.labels import message_labels_register
    from eqiao.channels.services import sms_template_register
    from eqiao.core.audit import audit_actions_register
    from eqiao.offices.capabilities import capability_register
    from eqiao.offices.models import Role

    caseworkers = (Role.PROSECUTOR, Role.OFFICE_HEAD, Role.ADMINISTRATOR)
    heads = (Role.OFFICE_HEAD, Role.ADMINISTRATOR)
    capability_register(RELEASE_COMPOSE, _("撰写重要案件信息"), roles=(*caseworkers, Role.EDITOR))
    capability_register(RELEASE_APPROVE, _("审批重要案件信息发布"), roles=heads)
    capability_register(
        DOCUMENT_PUBLISH,
        _("上传、审核并公开法律文书"),
        roles=(*caseworkers, Role.SECURITY_REVIEWER),
    )
    capability_register(
        BRIBERY_ANSWER,
        _("答复行贿犯罪档案查询"),
        roles=(Role.RECEPTIONIST, *caseworkers),
    )
    capability_register(SUPERVISOR_MANAGE, _("管理人民监督员和监督活动"), roles=caseworkers)

    audit_actions_register(
        {
            "release.create": _("撰写案件信息"),
            "release.update": _("修改案件信息"),
            "release.submit": _("提交案件信息审批"),
            "release.approve": _("批准发布案件信息"),
            "release.reject": _("退回案件信息"),
            "release.withdraw": _("撤回已发布的案件信息"),
            "document.upload": _("上传法律文书"),
            "document.correct": _("更正脱敏结果"),
            "document.publish": _("公开法律文书"),
            "document.withdraw": _("撤回已公开的法律文书"),
            "bribery.apply": _("申请行贿犯罪档案查询"),
            "bribery.answer": _("出具行贿犯罪档案查询结果"),
            "bribery.refuse": _("不予受理行贿犯罪档案查询"),
            "supervisor.create": _("登记人民监督员"),
            "supervisor.update": _("修改人民监督员信息"),
            "supervision.activity_create": _("登记监督活动"),
            "supervision.invite": _("邀请人民监督员"),
            "supervision.respond": _("人民监督员答复邀请"),
            "supervision.attendance": _("记录到场情况"),
            "supervision.opinion": _("记录监督意见"),
            "supervision.answer": _("答复监督意见"),
        }
    )

    sms_template_register(
        name=SMS_BRIBERY_RECEIVED,
        text=gettext_noop(
            "您单位的行贿犯罪档案查询申请已收到，申请编号%(number)s，我们将尽快答复。"
        ),
        params=("number",),
        requested=True,
    )
    sms_template_register(
        name=SMS_BRIBERY_ANSWERED,
        text=gettext_noop(
            "您单位的行贿犯罪档案查询（申请编号%(number)s）已办结，请登录网站下载查询结果告知函。"
        ),
        params=("number",),
        requested=True,
    )
    sms_template_register(
        name=SMS_SUPERVISION_INVITATION,
        text=gettext_noop(
            "%(name)s监督员：%(office)s邀请您于%(when)s在%(place)s参加%(activity)s。"
            "请在%(deadline)s前点击链接答复：%(link)s"
        ),
        params=("name", "office", "when", "place", "activity", "deadline", "link"),
        requested=True,
    )
    sms_template_register(
        name=SMS_OPINION_ANSWERED,
        text=gettext_noop("%(name)s监督员：您对“%(activity)s”提出的监督意见已有答复：%(link)s"),
        params=("name", "activity", "link"),
        requested=True,
    )
    message_labels_register(
        {
            "bribery": _("行贿犯罪档案查询"),
            "supervision": _("人民监督员"),
        }
    )
