"""Follow-ups (回访) and the evaluations (评议) they bring back."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class EvaluationLevel(models.TextChoices):
    """What a party said of the handling. The satisfaction index maps each level to points
    (see `eqiao.surveys` for the formula); `unclear` is kept for a person to read and counts
    nowhere until they settle it."""

    VERY_SATISFIED = "very_satisfied", _("非常满意")
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")
    UNCLEAR = "unclear", _("待人工判断")


class EvaluationSource(models.TextChoices):
    SMS = "sms", _("短信回复")
    WECHAT = "wechat", _("微信")
    WEB = "web", _("网页")
    STAFF = "staff", _("工作人员录入")


class Evaluation(models.Model):
    """One party's evaluation of how one record (a closed petition or a case) was handled,
    linked to the office and the prosecutor who handled it."""

    office = models.ForeignKey(
        "offices.Procuratorate",
        on_delete=models.PROTECT,
        related_name="evaluations",
        verbose_name=_("被评议单位"),
    )
    prosecutor = models.ForeignKey(
        "offices.Staff",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evaluations",
        verbose_name=_("承办检察官"),
    )
    petition = models.ForeignKey(
        "intake.Petition",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evaluations",
        verbose_name=_("信访件"),
    )
    case = models.ForeignKey(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evaluations",
        verbose_name=_("案件"),
    )
    level = models.CharField(_("评价"), max_length=16, choices=EvaluationLevel.choices)
    text = models.TextField(_("原话"), blank=True)
    sentiment = models.FloatField(_("情感得分"), null=True, blank=True)
    source = models.CharField(_("来源"), max_length=16, choices=EvaluationSource.choices)
    received_at = models.DateTimeField(_("收到时间"), db_index=True)

    class Meta:
        verbose_name = _("评议")
        verbose_name_plural = _("评议")
        ordering = ["-received_at", "-pk"]
        indexes = [models.Index(fields=["office", "received_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(petition__isnull=False) | models.Q(case__isnull=False),
                name="evaluation_has_record",
            )
        ]

    def __str__(self) -> str:
        return f"{self.office_id}:{self.level}"
