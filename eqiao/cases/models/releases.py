"""Important case releases (重要案件信息发布): written by staff, approved by someone else holding
`case.release.approve`, then shown on the portal. See `sealing` for why a published release
cannot be produced any other way than by `services.releases.release_approve`."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eqiao.cases.models.sealing import DisclosureForbidden, seal_ok


class ReleaseStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PENDING = "pending", _("待审批")
    REJECTED = "rejected", _("已退回")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")


class CaseRelease(models.Model):
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, related_name="releases", verbose_name=_("案件")
    )
    office = models.ForeignKey(
        "offices.Procuratorate",
        on_delete=models.PROTECT,
        related_name="case_releases",
        verbose_name=_("发布单位"),
    )
    title = models.CharField(_("标题"), max_length=120)
    body = models.TextField(_("正文"))
    status = models.CharField(
        _("状态"), max_length=16, choices=ReleaseStatus.choices, default=ReleaseStatus.DRAFT
    )
    author = models.ForeignKey(
        "offices.Staff", on_delete=models.PROTECT, related_name="+", verbose_name=_("撰稿人")
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("修改时间"), default=timezone.now)
    submitted_at = models.DateTimeField(_("提交审批时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "offices.Staff",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("审批人"),
    )
    reviewed_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    rejection_reason = models.CharField(_("退回理由"), max_length=500, blank=True)
    # What the redactor found in the approved text and the approver let stand, as
    # [{"kind", "original"}], so the record says who accepted which finding.
    acknowledged_findings = models.JSONField(_("审批人确认保留的内容"), default=list, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    seal = models.CharField(_("发布校验码"), max_length=64, blank=True, editable=False)

    class Meta:
        ordering = ["-published_at", "-created_at", "-id"]
        verbose_name = _("重要案件信息发布")
        verbose_name_plural = _("重要案件信息发布")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="published")
                | (models.Q(published_at__isnull=False) & ~models.Q(seal="")),
                name="case_release_published_is_sealed",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        # The model's own guard, whoever saves: a published release of a flagged case is
        # never written (an admin form, a shell, a future service that forgets).
        if self.status == ReleaseStatus.PUBLISHED and self.case.disclosure_forbidden:
            raise DisclosureForbidden(self.case_id)
        super().save(*args, **kwargs)

    @property
    def public_text(self) -> str:
        return f"{self.title}\n{self.body}"

    @property
    def is_public(self) -> bool:
        """Shown to the public: published by the service, unchanged since, case not flagged."""
        return (
            self.status == ReleaseStatus.PUBLISHED
            and not self.case.disclosure_forbidden
            and seal_ok(
                self.seal, kind="release", pk=self.pk, case_id=self.case_id, text=self.public_text
            )
        )
