"""Legal documents (法律文书公开): the original text as uploaded, the redactor's findings, the
reviewer's corrections, and the redacted text that alone may be published."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eqiao.cases.models.sealing import DisclosureForbidden, seal_ok


class DocumentKind(models.TextChoices):
    INDICTMENT = "indictment", _("起诉书")
    NON_PROSECUTION = "non_prosecution", _("不起诉决定书")
    PROTEST = "protest", _("抗诉书")
    APPEAL_REVIEW = "appeal_review", _("刑事申诉复查决定书")
    OTHER = "other", _("其他法律文书")


class DocumentStatus(models.TextChoices):
    REVIEW = "review", _("待审核")
    PUBLISHED = "published", _("已公开")
    WITHDRAWN = "withdrawn", _("已撤回")


class FindingKind(models.TextChoices):
    """What a masked span is; the redactor's kinds plus the reviewer's 'other'."""

    NAME = "name", _("人名")
    ID_NUMBER = "id_number", _("身份证号")
    PHONE = "phone", _("电话号码")
    BANK_CARD = "bank_card", _("银行卡号")
    ADDRESS = "address", _("详细地址")
    OTHER = "other", _("其他敏感信息")


class LegalDocument(models.Model):
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="documents", verbose_name=_("案件")
    )
    office = models.ForeignKey(
        "offices.Procuratorate",
        on_delete=models.PROTECT,
        related_name="legal_documents",
        verbose_name=_("制作单位"),
    )
    kind = models.CharField(_("文书种类"), max_length=24, choices=DocumentKind.choices)
    title = models.CharField(_("文书标题"), max_length=120)
    number = models.CharField(_("文书编号"), max_length=64, blank=True)
    source_name = models.CharField(_("上传文件名"), max_length=200, blank=True)
    # The uploaded text, names and all: staff only, never on a public page.
    original_text = models.TextField(_("原文"))
    # The redactor's findings on original_text: [{"kind", "start", "end", "original",
    # "replacement"}]; corrections are RedactionCorrection rows.
    findings = models.JSONField(_("自动脱敏结果"), default=list)
    redacted_text = models.TextField(_("脱敏文本"))
    status = models.CharField(
        _("状态"), max_length=16, choices=DocumentStatus.choices, default=DocumentStatus.REVIEW
    )
    uploaded_by = models.ForeignKey(
        "offices.Staff", on_delete=models.PROTECT, related_name="+", verbose_name=_("上传人")
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)
    published_by = models.ForeignKey(
        "offices.Staff",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("公开审核人"),
    )
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    seal = models.CharField(_("发布校验码"), max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-published_at", "-uploaded_at", "-id"]
        verbose_name = _("法律文书")
        verbose_name_plural = _("法律文书")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="published")
                | (models.Q(published_at__isnull=False) & ~models.Q(seal="")),
                name="legal_document_published_is_sealed",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if self.status == DocumentStatus.PUBLISHED and self.case.disclosure_forbidden:
            raise DisclosureForbidden(self.case_id)
        super().save(*args, **kwargs)

    @property
    def is_public(self) -> bool:
        return (
            self.status == DocumentStatus.PUBLISHED
            and not self.case.disclosure_forbidden
            and seal_ok(
                self.seal,
                kind="document",
                pk=self.pk,
                case_id=self.case_id,
                text=self.redacted_text,
            )
        )


class CorrectionAction(models.TextChoices):
    UNMASK = "unmask", _("取消脱敏")
    MASK = "mask", _("增加脱敏")


class RedactionCorrection(models.Model):
    """A reviewer's correction of the redactor: a finding un-masked (not a name, or a name
    that may be published) or an extra span masked. Kept for retraining the name recogniser
    (`eqiao cases_export_corrections`)."""

    document = models.ForeignKey(
        LegalDocument,
        on_delete=models.CASCADE,
        related_name="corrections",
        verbose_name=_("法律文书"),
    )
    action = models.CharField(_("更正"), max_length=8, choices=CorrectionAction.choices)
    kind = models.CharField(_("类别"), max_length=16, choices=FindingKind.choices)
    start = models.PositiveIntegerField(_("起始位置"))
    end = models.PositiveIntegerField(_("结束位置"))
    text = models.CharField(_("原文片段"), max_length=200)
    reason = models.CharField(_("说明"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        "offices.Staff", on_delete=models.PROTECT, related_name="+", verbose_name=_("更正人")
    )
    created_at = models.DateTimeField(_("更正时间"), default=timezone.now)

    class Meta:
        ordering = ["document", "start", "id"]
        verbose_name = _("脱敏更正")
        verbose_name_plural = _("脱敏更正")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "start", "end"], name="redaction_correction_once_per_span"
            ),
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="redaction_correction_span"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.text}"
