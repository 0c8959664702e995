"""Delivery records for outbound messages: every SMS is stored before it is sent, and its
attempts, result and errors are kept, so nothing queued is lost and retries are visible."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eqiao.core.masking import mask_phone


class SmsStatus(models.TextChoices):
    QUEUED = "queued", _("待发送")
    SENT = "sent", _("已发送")
    RETRYING = "retrying", _("重试中")
    FAILED = "failed", _("发送失败")


class OutboundSms(models.Model):
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    phone = models.CharField(max_length=20)
    text = models.TextField()
    purpose = models.CharField(max_length=40, blank=True, help_text="receipt, alert, otp, …")
    ref = models.CharField(max_length=64, blank=True, db_index=True)
    status = models.CharField(max_length=16, choices=SmsStatus.choices, default=SmsStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    provider_id = models.CharField(max_length=100, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("短信")
        verbose_name_plural = _("短信")

    def __str__(self) -> str:
        return f"{mask_phone(self.phone)} {self.get_status_display()}"
