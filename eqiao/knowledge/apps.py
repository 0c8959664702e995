from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    name = "eqiao.knowledge"
    label = "knowledge"
    verbose_name = _("法律知识库")

    def ready(self) -> None:
        from eqiao.core.audit import audit_actions_register
        from eqiao.knowledge import signals  # noqa: F401  (admin edits bump the index)
        from eqiao.offices.capabilities import capability_register
        from eqiao.offices.models import Role

        capability_register(
            "knowledge.edit",
            _("编写法律知识库问答"),
            roles=[
                Role.RECEPTIONIST,
                Role.PROSECUTOR,
                Role.EDITOR,
                Role.OFFICE_HEAD,
                Role.ADMINISTRATOR,
            ],
        )
        capability_register(
            "knowledge.review",
            _("审核发布法律知识库问答"),
            roles=[Role.OFFICE_HEAD, Role.EDITOR, Role.ADMINISTRATOR],
        )
        capability_register(
            "knowledge.import", _("导入法律"), roles=[Role.OFFICE_HEAD, Role.ADMINISTRATOR]
        )
        audit_actions_register(
            {
                "knowledge.faq_create": _("新建知识库问答"),
                "knowledge.faq_edit": _("修改知识库问答"),
                "knowledge.faq_review": _("审核知识库问答"),
                "knowledge.vocabulary": _("修改口语词"),
                "knowledge.vocabulary_delete": _("删除口语词"),
                "knowledge.law_import": _("导入法律"),
            }
        )

        from eqiao.knowledge.inbound import inbound_handlers_register

        inbound_handlers_register()
