"""Who may write through the API (clients and their keys), what they filed (with the Open311
token). Inbound SMS are recorded by channels (`channels.InboundMessage`)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eqiao.intake.models import Channel, Petition


class ClientChannel(models.TextChoices):
    """The channels an integration files as; the others (hotline, walk-in, video) are
    entered by staff in the workbench."""

    WEB = Channel.WEB.value, Channel.WEB.label
    WECHAT = Channel.WECHAT.value, Channel.WECHAT.label
    SMS = Channel.SMS.value, Channel.SMS.label
    KIOSK = Channel.KIOSK.value, Channel.KIOSK.label


class ApiClient(models.Model):
    """An integration (the WeChat account's backend, a township kiosk, an SMS hub) allowed
    to file petitions. Only a hash of its key is kept; the key is shown once, when created."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    channel = models.CharField(_("渠道"), max_length=16, choices=ClientChannel.choices)
    key_prefix = models.CharField(_("密钥前缀"), max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    is_active = models.BooleanField(_("启用"), default=True)
    submit_per_hour = models.PositiveIntegerField(
        _("每小时提交上限"),
        default=300,
        help_text=_("该接入方每小时最多提交的信访件和留言数。"),
    )
    # What else the client may do beyond filing petitions, space-separated: "cases.write"
    # lets the case management system's connector upsert cases.
    scopes = models.CharField(
        _("授权范围"),
        max_length=200,
        blank=True,
        help_text=_("以空格分隔，例如 cases.write（同步案件信息）。"),
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    last_used_at = models.DateTimeField(_("最近使用"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("接口接入方")
        verbose_name_plural = _("接口接入方")

    def __str__(self) -> str:
        return f"{self.name}（{self.get_channel_display()}）"

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes.split()


class ApiSubmission(models.Model):
    """A petition filed through the API: by which client, and the Open311 token that
    resolves to its tracking number."""

    petition = models.OneToOneField(
        Petition, on_delete=models.CASCADE, related_name="api_submission", verbose_name=_("信访件")
    )
    client = models.ForeignKey(
        ApiClient, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("接入方")
    )
    token = models.CharField(_("查询令牌"), max_length=40, unique=True)
    # SHA-256 of the normalised submission: a retry must carry the same content as the
    # first (same Idempotency-Key, other body → 422), and an identical submission from the
    # same client shortly after is a retry without a key, not a second petition.
    body_digest = models.CharField(
        _("内容摘要"), max_length=64, blank=True, default="", editable=False
    )
    created_at = models.DateTimeField(_("提交时间"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["client", "body_digest", "created_at"], name="api_sub_digest")
        ]
        verbose_name = _("接口提交记录")
        verbose_name_plural = _("接口提交记录")

    def __str__(self) -> str:
        return f"{self.client.name} → {self.petition.tracking_number}"
