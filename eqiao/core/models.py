"""Cross-cutting records: users, the audit log, in-app notifications, the holiday calendar."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eqiao.core.audit_actions import audit_action_label


class User(AbstractUser):
    """A login. Staff get an `offices.Staff` profile; citizens log in by phone + SMS code
    and need no User row at all."""

    totp_secret = models.CharField(_("TOTP 密钥"), max_length=64, blank=True)
    totp_confirmed_at = models.DateTimeField(_("TOTP 绑定时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")


class AuditEntry(models.Model):
    """Who did what to which record, and when. Written by services, never edited."""

    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("操作人"),
    )
    action = models.CharField(_("操作"), max_length=64, db_index=True)
    target_type = models.CharField(_("对象类型"), max_length=64)
    target_id = models.CharField(_("对象编号"), max_length=64, db_index=True)
    detail = models.JSONField(_("详情"), default=dict, blank=True)
    ip = models.GenericIPAddressField(_("IP地址"), null=True, blank=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")

    def __str__(self) -> str:
        # China time and the action's name: this is the admin's heading for the entry.
        at = timezone.localtime(self.at)
        return f"{at:%Y-%m-%d %H:%M} {audit_action_label(self.action)} #{self.target_id}"


class Notification(models.Model):
    """An in-app alert for one staff user (e.g. a high-risk petition). What it points to is
    a target (`target_kind` such as "petition" + `target_id`), turned into a link by the
    layer that owns the page (`core.notifications.notification_link_register`), so the
    app that raises it names no page. `url` is kept only for rows written before targets."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    level = models.CharField(max_length=16, default="info")
    text = models.CharField(max_length=500)
    target_kind = models.CharField(max_length=40, blank=True)
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    url = models.CharField(max_length=300, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["recipient", "read_at"])]
        verbose_name = _("通知")
        verbose_name_plural = _("通知")

    def __str__(self) -> str:
        return self.text[:50]


class Holiday(models.Model):
    """A day that breaks the Monday–Friday rule: a public holiday (is_workday=False) or a
    weekend day made a working day by the State Council's adjustment (调休, is_workday=True)."""

    date = models.DateField(_("日期"), unique=True)
    name = models.CharField(_("名称"), max_length=50)
    is_workday = models.BooleanField(_("调休上班"), default=False)

    class Meta:
        ordering = ["date"]
        verbose_name = _("节假日")
        verbose_name_plural = _("节假日")

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class ScheduledJob(models.Model):
    """A periodic job, kept as data (not a cron line): which django-tasks task to enqueue
    and when. `run_scheduler` enqueues due jobs; a conditional UPDATE on `next_run_at`
    claims each run, so two schedulers never enqueue the same run twice."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    task_path = models.CharField(
        _("任务"),
        max_length=200,
        help_text=_("django-tasks 任务的完整路径，如 eqiao.intake.tasks.daily_digest_task。"),
    )
    schedule = models.CharField(
        _("周期"),
        max_length=60,
        help_text=_(
            "例如：daily 08:00；every 2 minutes；every 1 hours；weekly mon 09:00；monthly 1 09:00。"
        ),
    )
    kwargs = models.JSONField(_("参数"), default=dict, blank=True)
    enabled = models.BooleanField(_("启用"), default=True)
    last_run_at = models.DateTimeField(_("上次运行"), null=True, blank=True)
    next_run_at = models.DateTimeField(_("下次运行"), null=True, blank=True, db_index=True)
    last_error = models.CharField(_("最近错误"), max_length=500, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("定时任务")
        verbose_name_plural = _("定时任务")

    def __str__(self) -> str:
        return f"{self.name} ({self.schedule})"
