"""Lawyer accounts: a login verified by staff (licence number, law firm) before it may query
its clients' cases or book file review."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class LawyerStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPROVED = "approved", _("已认证")
    REJECTED = "rejected", _("未通过")
    SUSPENDED = "suspended", _("已停用")


class Lawyer(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="lawyer",
        verbose_name=_("登录账户"),
    )
    name = models.CharField(_("姓名"), max_length=50)
    licence_number = models.CharField(_("执业证号"), max_length=17, unique=True)
    firm = models.CharField(_("律师事务所"), max_length=100)
    phone = models.CharField(_("手机号码"), max_length=20)
    status = models.CharField(
        _("认证状态"), max_length=16, choices=LawyerStatus.choices, default=LawyerStatus.PENDING
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("审核人"),
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_note = models.CharField(_("审核意见"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("注册时间"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("律师")
        verbose_name_plural = _("律师")

    def __str__(self) -> str:
        return f"{self.name}（{self.firm}）"

    @property
    def is_verified(self) -> bool:
        return self.status == LawyerStatus.APPROVED
