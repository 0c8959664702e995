"""What went out, what came in, and who asked not to be written to, for every channel.

Every outbound message is stored before it is sent, with its idempotency key (the same
notification is stored once), its attempts, result and errors, so nothing queued is lost and
retries are visible. Every inbound message is stored once per provider message id, with the
handler that took it. The opt-out list is keyed by the address (a phone number), whatever
channel the person used to opt out.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eqiao.core.masking import mask_phone


class MessageChannel(models.TextChoices):
    SMS = "sms", _("短信")
    WECHAT = "wechat", _("微信")
    WEIBO = "weibo", _("微博")
    GROUP = "group", _("群聊")
    MAIL = "mail", _("邮件")


class MessageStatus(models.TextChoices):
    QUEUED = "queued", _("待发送")
    SENDING = "sending", _("发送中")
    SENT = "sent", _("已发送")
    DELIVERED = "delivered", _("已送达")
    FAILED = "failed", _("发送失败")
    SUPPRESSED = "suppressed", _("已退订，未发送")


FINAL_STATUSES = (
    MessageStatus.SENT,
    MessageStatus.DELIVERED,
    MessageStatus.FAILED,
    MessageStatus.SUPPRESSED,
)


def _auto_key() -> str:
    return f"auto:{uuid.uuid4().hex}"


def address_mask(address: str) -> str:
    """An address fit for logs and lists: 138****5678 for a phone."""
    return mask_phone(address) if address.isdigit() else f"{address[:3]}***"


class OutboundMessage(models.Model):
    """One message to one recipient on one channel: queued → sending (claimed by a worker)
    → sent → delivered, or failed / suppressed (the recipient opted out)."""

    created_at = models.DateTimeField(_("创建时间"), default=timezone.now, db_index=True)
    channel = models.CharField(
        _("渠道"), max_length=16, choices=MessageChannel.choices, default=MessageChannel.SMS
    )
    recipient = models.CharField(_("收件人"), max_length=200)
    template = models.CharField(_("模板编号"), max_length=60, blank=True)
    params = models.JSONField(_("模板参数"), default=dict, blank=True)
    text = models.TextField(_("内容"))
    purpose = models.CharField(_("用途"), max_length=40, blank=True)
    ref = models.CharField(_("关联编号"), max_length=64, blank=True, db_index=True)
    idempotency_key = models.CharField(
        _("幂等键"), max_length=160, unique=True, default=_auto_key, editable=False
    )
    requested = models.BooleanField(
        _("本人请求"),
        default=False,
        help_text=_("回执、登录验证码等本人要求发送的消息，退订后仍然发送。"),
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    claimed_at = models.DateTimeField(_("领取时间"), null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True, editable=False)
    provider = models.CharField(_("服务商"), max_length=40, blank=True)
    provider_id = models.CharField(_("服务商消息编号"), max_length=100, blank=True)
    last_error = models.CharField(_("最近错误"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("下次尝试"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("外发消息")
        verbose_name_plural = _("外发消息")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="channels_out_due"),
            models.Index(fields=["provider", "provider_id"], name="channels_out_provider_id"),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {address_mask(self.recipient)} {self.get_status_display()}"


class InboundOutcome(models.TextChoices):
    OPTED_OUT = "opted_out", _("退订")
    OPTED_IN = "opted_in", _("恢复订阅")
    UNHANDLED = "unhandled", _("无人处理")


class InboundMessage(models.Model):
    """One message a person sent us, stored once per provider message id: a provider that
    delivers the same message twice gets the first outcome back."""

    received_at = models.DateTimeField(_("收到时间"), default=timezone.now, db_index=True)
    channel = models.CharField(_("渠道"), max_length=16, choices=MessageChannel.choices)
    provider = models.CharField(_("服务商"), max_length=40)
    provider_message_id = models.CharField(_("服务商消息编号"), max_length=100)
    sender = models.CharField(_("发送人"), max_length=200, blank=True)
    text = models.TextField(_("内容"), blank=True)
    handler = models.CharField(_("处理方"), max_length=60, blank=True)
    # Outcomes are named by the handler that took the message (intake: message, petition,
    # rejected; channels: opted_out, opted_in, unhandled).
    outcome = models.CharField(_("结果"), max_length=40, blank=True)
    ref = models.CharField(_("关联编号"), max_length=64, blank=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("收到的消息")
        verbose_name_plural = _("收到的消息")
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "provider_message_id"], name="channels_inbound_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.provider}:{self.provider_message_id} {self.outcome}"


class OptOutMethod(models.TextChoices):
    REPLY = "reply", _("本人回复")
    STAFF = "staff", _("工作人员登记")


class OptOut(models.Model):
    """A person who asked not to be written to (退订), on every channel that reaches the
    same address. Kept, not deleted, when they opt back in (`active` turns off)."""

    address = models.CharField(_("号码"), max_length=200, unique=True)
    active = models.BooleanField(_("已退订"), default=True)
    changed_at = models.DateTimeField(_("变更时间"), default=timezone.now)
    method = models.CharField(_("方式"), max_length=16, choices=OptOutMethod.choices)
    channel = models.CharField(_("渠道"), max_length=16, choices=MessageChannel.choices)
    inbound = models.ForeignKey(
        InboundMessage,
        verbose_name=_("引起变更的消息"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        ordering = ["-changed_at"]
        verbose_name = _("退订名单")
        verbose_name_plural = _("退订名单")

    def __str__(self) -> str:
        state = _("已退订") if self.active else _("已恢复")
        return f"{address_mask(self.address)} {state}"
