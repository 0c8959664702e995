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
    # The gateway's reference to the message this one answers (the id it gave our SMS), where
    # the gateway sends one: a reply is matched to what it answers by it before the number.
    reply_to = models.CharField(_("所回复消息编号"), max_length=100, blank=True)

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


# --- WeChat official account ---------------------------------------------------------------


class WeChatFollower(models.Model):
    """A person who follows the office's official account, known by their openid. Bound to
    a phone (after an SMS code) they are the same person as the petitions of that phone:
    their WeChat messages follow those petitions and their notifications come to WeChat."""

    openid = models.CharField(_("微信用户标识"), max_length=64, unique=True)
    subscribed = models.BooleanField(_("已关注"), default=True)
    first_seen_at = models.DateTimeField(_("首次来访"), default=timezone.now)
    unsubscribed_at = models.DateTimeField(_("取消关注时间"), null=True, blank=True)
    phone = models.CharField(_("绑定手机"), max_length=20, blank=True, db_index=True)
    bound_at = models.DateTimeField(_("绑定时间"), null=True, blank=True)
    # The binding in progress: the phone asked for, the SMS code's keyed hash, its expiry and
    # how many wrong codes were tried.
    pending_phone = models.CharField(max_length=20, blank=True, editable=False)
    code_hash = models.CharField(max_length=128, blank=True, editable=False)
    code_expires_at = models.DateTimeField(null=True, blank=True, editable=False)
    code_attempts = models.PositiveSmallIntegerField(default=0, editable=False)

    class Meta:
        ordering = ["-first_seen_at"]
        verbose_name = _("微信关注者")
        verbose_name_plural = _("微信关注者")

    def __str__(self) -> str:
        return f"{address_mask(self.openid)} {mask_phone(self.phone) if self.phone else ''}"


class WeChatMessageStatus(models.TextChoices):
    ANSWERED = "answered", _("已即时回复")
    PENDING = "pending", _("待处理")
    PROCESSING = "processing", _("处理中")
    DONE = "done", _("已处理")
    FAILED = "failed", _("处理失败")


class WeChatMessage(models.Model):
    """One push from WeChat's server (a message or an event), stored once: WeChat retries a
    push it got no answer to three times, and the unique `msg_key` (MsgId, or for events
    the sender and CreateTime, as WeChat advises) makes the retries no-ops."""

    msg_key = models.CharField(_("消息编号"), max_length=100, unique=True)
    openid = models.CharField(_("微信用户标识"), max_length=64, db_index=True)
    msg_type = models.CharField(_("消息类型"), max_length=20)
    event = models.CharField(_("事件"), max_length=40, blank=True)
    event_key = models.CharField(_("事件值"), max_length=200, blank=True)
    content = models.TextField(_("内容"), blank=True)
    media_id = models.CharField(_("素材编号"), max_length=200, blank=True)
    media_format = models.CharField(_("素材格式"), max_length=20, blank=True)
    recognition = models.TextField(_("语音识别结果"), blank=True)
    sent_at = models.DateTimeField(_("发送时间"))
    received_at = models.DateTimeField(_("收到时间"), default=timezone.now, db_index=True)
    encrypted = models.BooleanField(_("安全模式"), default=False)
    status = models.CharField(
        _("状态"),
        max_length=16,
        choices=WeChatMessageStatus.choices,
        default=WeChatMessageStatus.DONE,
    )
    answer = models.TextField(_("即时回复"), blank=True)
    inbound = models.ForeignKey(
        InboundMessage,
        verbose_name=_("转交的消息"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_error = models.CharField(_("最近错误"), max_length=500, blank=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("微信消息")
        verbose_name_plural = _("微信消息")

    def __str__(self) -> str:
        return f"{self.msg_type} {address_mask(self.openid)} {self.get_status_display()}"


class AutoReplyTrigger(models.TextChoices):
    KEYWORD_EXACT = "keyword_exact", _("关键词（完全一致）")
    KEYWORD_CONTAINS = "keyword_contains", _("关键词（包含）")
    CLICK = "click", _("菜单点击")
    SUBSCRIBE = "subscribe", _("关注时")


class WeChatAutoReply(models.Model):
    """An automatic answer, edited by staff in the admin: to a keyword, a menu click or a new
    follower. A text that matches a keyword is answered and not taken in as a petition."""

    trigger = models.CharField(_("触发方式"), max_length=20, choices=AutoReplyTrigger.choices)
    match = models.CharField(
        _("关键词或菜单键"),
        max_length=128,
        blank=True,
        help_text=_("关键词；菜单点击时填菜单键；关注时留空。"),
    )
    reply = models.TextField(_("回复内容"), max_length=600)
    active = models.BooleanField(_("启用"), default=True)
    priority = models.PositiveSmallIntegerField(
        _("优先级"), default=100, help_text=_("数字小的先匹配。")
    )

    class Meta:
        ordering = ["priority", "pk"]
        verbose_name = _("微信自动回复")
        verbose_name_plural = _("微信自动回复")

    def __str__(self) -> str:
        return f"{self.get_trigger_display()} {self.match}"


class MenuButtonKind(models.TextChoices):
    VIEW = "view", _("打开网页")
    CLICK = "click", _("点击回复")
    PARENT = "parent", _("子菜单")


class WeChatMenuItem(models.Model):
    """One button of the account's custom menu (at most 3 at the top, 5 under each);
    pushed to WeChat with `eqiao wechat_menu_push`."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级菜单"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    name = models.CharField(_("名称"), max_length=20)
    kind = models.CharField(_("类型"), max_length=10, choices=MenuButtonKind.choices)
    key = models.CharField(_("菜单键"), max_length=128, blank=True)
    url = models.CharField(
        _("网址"),
        max_length=500,
        blank=True,
        help_text=_("完整网址，或以 / 开头的门户路径（按 EQIAO_PUBLIC_BASE_URL 补全）。"),
    )
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["parent_id", "position", "pk"]
        verbose_name = _("微信菜单")
        verbose_name_plural = _("微信菜单")

    def __str__(self) -> str:
        return self.name


class WeChatAccessToken(models.Model):
    """The account's API access token, shared by every web process and worker: WeChat
    allows a limited number of fetches a day and a fetch invalidates the previous token
    after five minutes, so it is fetched by one process (the holder of `lease_until`) and
    read by all."""

    app_id = models.CharField(max_length=64, unique=True)
    token = models.CharField(max_length=600, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    fetched_at = models.DateTimeField(null=True, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("微信接口凭证")
        verbose_name_plural = _("微信接口凭证")

    def __str__(self) -> str:
        return self.app_id


class SocialPostState(models.TextChoices):
    PUBLISHING = "publishing", _("发布中")
    PUBLISHED = "published", _("已发布")
    FAILED = "failed", _("发布失败")
    WITHDRAWN = "withdrawn", _("已删除")


class SocialPost(models.Model):
    """Something we published on WeChat or Weibo (an article, by `ref`), with the names the
    platform gave it, so its status can be polled, a retry does not publish it twice, and a
    withdrawal deletes it."""

    channel = models.CharField(_("渠道"), max_length=16, choices=MessageChannel.choices)
    ref = models.CharField(_("关联编号"), max_length=64)
    digest = models.CharField(max_length=64, blank=True, editable=False)
    state = models.CharField(
        _("状态"),
        max_length=12,
        choices=SocialPostState.choices,
        default=SocialPostState.PUBLISHING,
    )
    draft_id = models.CharField(_("草稿编号"), max_length=100, blank=True)
    publish_id = models.CharField(_("发布任务编号"), max_length=100, blank=True)
    remote_id = models.CharField(_("平台编号"), max_length=100, blank=True)
    link = models.CharField(_("链接"), max_length=500, blank=True)
    last_error = models.CharField(_("最近错误"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["channel", "ref"], name="channels_one_social_post")
        ]
        verbose_name = _("微信微博发布记录")
        verbose_name_plural = _("微信微博发布记录")

    def __str__(self) -> str:
        return f"{self.channel}:{self.ref}"


class ChannelCursor(models.Model):
    """Where a polling job stopped (Weibo's since_id of comments and of mentions)."""

    name = models.CharField(max_length=60, unique=True)
    value = models.CharField(max_length=100, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("轮询位置")
        verbose_name_plural = _("轮询位置")

    def __str__(self) -> str:
        return self.name


class WeChatSubscription(models.Model):
    """A follower's answer to a subscription-message prompt (订阅通知): accepted or refused
    template, as WeChat's events tell us; only accepted templates are sent."""

    openid = models.CharField(_("微信用户标识"), max_length=64)
    template_id = models.CharField(_("订阅模板编号"), max_length=128)
    accepted = models.BooleanField(_("已同意"), default=True)
    changed_at = models.DateTimeField(_("变更时间"), default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["openid", "template_id"], name="channels_one_wechat_subscription"
            )
        ]
        verbose_name = _("微信订阅通知授权")
        verbose_name_plural = _("微信订阅通知授权")

    def __str__(self) -> str:
        return f"{self.openid}:{self.template_id}"


class WeChatSubscribeTemplate(models.Model):
    """Data: which SMS notice also goes, as a subscription message, to the bound followers
    who accepted `template_id`, and how its parameters fill the template's fields."""

    sms_template = models.CharField(
        _("短信模板"), max_length=60, db_index=True, help_text=_("例如 appointments.confirmed")
    )
    template_id = models.CharField(
        _("订阅模板编号"), max_length=128, help_text=_("公众号后台“订阅通知”里的模板ID")
    )
    fields = models.JSONField(
        _("字段"),
        default=dict,
        help_text=_(
            '模板字段 → 内容，可用短信参数，例如 {"thing1": "%(kind)s", "time2": "%(time)s"}'
        ),
    )
    page = models.CharField(
        _("跳转链接"), max_length=500, blank=True, help_text=_("可用短信参数，例如 %(link)s")
    )
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["sms_template", "pk"]
        verbose_name = _("微信订阅通知模板")
        verbose_name_plural = _("微信订阅通知模板")

    def __str__(self) -> str:
        return f"{self.sms_template} → {self.template_id}"
