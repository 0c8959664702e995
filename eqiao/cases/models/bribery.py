"""Bribery-record queries (行贿犯罪档案查询): an organisation asks whether a company or person
has a bribery conviction on record; staff answer and a certificate with a verification code
is issued that anyone can check on the portal."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eqiao.core.fields import EncryptedTextField
from eqiao.core.masking import mask_id_number, mask_phone


class BriberyPurpose(models.TextChoices):
    BIDDING = "bidding", _("招投标")
    PROCUREMENT = "procurement", _("政府采购")
    QUALIFICATION = "qualification", _("资质审核")
    CREDIT = "credit", _("信贷审批")
    APPOINTMENT = "appointment", _("人事任用")
    OTHER = "other", _("其他")


class SubjectKind(models.TextChoices):
    COMPANY = "company", _("单位")
    PERSON = "person", _("个人")


class BriberyQueryStatus(models.TextChoices):
    PENDING = "pending", _("待答复")
    ANSWERED = "answered", _("已出具查询结果")
    REFUSED = "refused", _("不予受理")


class BriberyResult(models.TextChoices):
    NONE = "none", _("未发现行贿犯罪记录")
    FOUND = "found", _("有行贿犯罪记录")


class BriberyRecordQuery(models.Model):
    number = models.CharField(_("申请编号"), max_length=20, unique=True)
    office = models.ForeignKey(
        "offices.Procuratorate",
        on_delete=models.PROTECT,
        related_name="bribery_queries",
        verbose_name=_("受理单位"),
    )
    applicant_unit = models.CharField(_("申请单位"), max_length=100)
    applicant_credit_code = models.CharField(_("统一社会信用代码"), max_length=18)
    contact_name = models.CharField(_("经办人"), max_length=50)
    phone = models.CharField(_("手机号码"), max_length=20)
    purpose = models.CharField(_("查询用途"), max_length=16, choices=BriberyPurpose.choices)
    purpose_note = models.CharField(_("用途说明"), max_length=200, blank=True)
    subject_kind = models.CharField(_("被查询对象类别"), max_length=8, choices=SubjectKind.choices)
    subject_name = models.CharField(_("被查询单位或个人"), max_length=100)
    # A company's unified social credit code, or a person's ID number (encrypted).
    subject_credit_code = models.CharField(
        _("被查询单位统一社会信用代码"), max_length=18, blank=True
    )
    subject_id_number = EncryptedTextField(
        _("被查询人身份证号"), purpose="id_number", max_length=18, blank=True
    )
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=BriberyQueryStatus.choices,
        default=BriberyQueryStatus.PENDING,
    )
    created_at = models.DateTimeField(_("申请时间"), default=timezone.now)
    answered_by = models.ForeignKey(
        "offices.Staff",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("答复人"),
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    result = models.CharField(
        _("查询结果"), max_length=8, choices=BriberyResult.choices, blank=True
    )
    result_detail = models.TextField(_("记录摘要"), blank=True)
    refusal_reason = models.CharField(_("不予受理理由"), max_length=300, blank=True)
    certificate_number = models.CharField(_("告知函编号"), max_length=40, blank=True)
    # Printed on the certificate and in its QR code; random, so it cannot be guessed.
    verification_code = models.CharField(
        _("验证码"), max_length=24, unique=True, null=True, blank=True, editable=False
    )
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("行贿犯罪档案查询")
        verbose_name_plural = _("行贿犯罪档案查询")
        indexes = [models.Index(fields=["office", "status"]), models.Index(fields=["phone"])]

    def __str__(self) -> str:
        return self.number

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def masked_subject_id_number(self) -> str:
        return mask_id_number(self.subject_id_number)
