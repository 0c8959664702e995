"""Resources, opening hours, slots and bookings (lawyers' file review, meetings, reception
days). Everything an office configures is data on its `Resource` rows; a `Slot` is the
counter row of one resource's period, created at the first booking, whose conditional
UPDATE keeps a full slot from being overbooked."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eqiao.appointments.kinds import AppointmentKind
from eqiao.core.masking import mask_name, mask_phone


class Resource(models.Model):
    """A room or desk of one office that serves some kinds of appointment, with its opening
    hours on working days and its booking rules."""

    office = models.ForeignKey(
        "offices.Procuratorate",
        on_delete=models.PROTECT,
        related_name="appointment_resources",
        verbose_name=_("所属单位"),
    )
    name = models.CharField(_("名称"), max_length=60)
    kinds = models.JSONField(_("可预约事项"), default=list)
    hours = models.CharField(
        _("开放时间"),
        max_length=120,
        default="09:00-11:30,14:00-17:00",
        help_text=_("工作日的开放时段，如 09:00-11:30,14:00-17:00。"),
    )
    weekdays = models.JSONField(
        _("开放星期"), default=list, blank=True, help_text=_("空表示每个工作日都开放。")
    )
    slot_minutes = models.PositiveSmallIntegerField(_("每个时段（分钟）"), default=30)
    capacity = models.PositiveSmallIntegerField(_("每个时段可约人数"), default=1)
    min_notice_hours = models.PositiveSmallIntegerField(_("至少提前（小时）"), default=2)
    cancel_cutoff_hours = models.PositiveSmallIntegerField(_("取消截止（开始前小时）"), default=2)
    advance_days = models.PositiveSmallIntegerField(_("可预约天数"), default=14)
    location = models.CharField(_("位置说明"), max_length=120, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    updated_at = models.DateTimeField(_("更新时间"), default=timezone.now)

    class Meta:
        ordering = ["office__path", "name", "pk"]
        verbose_name = _("预约资源")
        verbose_name_plural = _("预约资源")
        constraints = [
            models.UniqueConstraint(fields=["office", "name"], name="resource_name_per_office"),
            models.CheckConstraint(
                name="resource_capacity_positive", condition=models.Q(capacity__gte=1)
            ),
            models.CheckConstraint(
                name="resource_slot_minutes_positive", condition=models.Q(slot_minutes__gte=5)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.office.short_name}·{self.name}"

    def serves(self, kind: str) -> bool:
        return kind in (self.kinds or [])

    @property
    def kinds_display(self) -> str:
        labels = dict(AppointmentKind.choices)
        return "、".join(str(labels[k]) for k in AppointmentKind.values if k in (self.kinds or []))


class Slot(models.Model):
    """The seats of one period of one resource. `booked` counts the bookings holding a
    seat; it only ever moves by `UPDATE … SET booked = booked + 1 WHERE booked < capacity`
    (and − 1 on release), which the database serialises per row on SQLite and PostgreSQL."""

    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="slots", verbose_name=_("资源")
    )
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    capacity = models.PositiveSmallIntegerField(_("可约人数"))
    booked = models.PositiveSmallIntegerField(_("已约人数"), default=0)

    class Meta:
        ordering = ["starts_at", "resource_id"]
        verbose_name = _("预约时段")
        verbose_name_plural = _("预约时段")
        constraints = [
            models.UniqueConstraint(fields=["resource", "starts_at"], name="slot_once"),
            models.CheckConstraint(
                name="slot_never_overbooked", condition=models.Q(booked__lte=models.F("capacity"))
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resource} {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    @property
    def remaining(self) -> int:
        return max(self.capacity - self.booked, 0)


class BookingStatus(models.TextChoices):
    PENDING = "pending", _("待确认")
    CONFIRMED = "confirmed", _("已确认")
    DECLINED = "declined", _("未通过")
    CANCELLED = "cancelled", _("已取消")
    CHECKED_IN = "checked_in", _("已到场")
    NO_SHOW = "no_show", _("未到场")


# The bookings that hold a seat and count against the one-person-one-time rule.
ACTIVE_STATUSES = (BookingStatus.PENDING, BookingStatus.CONFIRMED, BookingStatus.CHECKED_IN)


class Booking(models.Model):
    """One person's appointment: a citizen (name + SMS-verified phone) or a verified lawyer.
    `reference` is what the person quotes; `checkin_code` what they show at the office."""

    reference = models.CharField(_("预约号"), max_length=20, unique=True)
    office = models.ForeignKey(
        "offices.Procuratorate",
        on_delete=models.PROTECT,
        related_name="bookings",
        verbose_name=_("单位"),
    )
    resource = models.ForeignKey(
        Resource, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("资源")
    )
    slot = models.ForeignKey(
        Slot, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("时段")
    )
    kind = models.CharField(_("预约事项"), max_length=24, choices=AppointmentKind.choices)
    starts_at = models.DateTimeField(_("开始时间"), db_index=True)
    ends_at = models.DateTimeField(_("结束时间"))
    status = models.CharField(
        _("状态"), max_length=16, choices=BookingStatus.choices, default=BookingStatus.PENDING
    )
    name = models.CharField(_("姓名"), max_length=50)
    phone = models.CharField(_("手机号码"), max_length=20, db_index=True)
    lawyer = models.ForeignKey(
        "cases.Lawyer",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bookings",
        verbose_name=_("律师"),
    )
    case = models.ForeignKey(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bookings",
        verbose_name=_("案件"),
    )
    case_number = models.CharField(_("案件编号"), max_length=64, blank=True)
    note = models.CharField(_("事由"), max_length=300, blank=True)
    pending_reason = models.CharField(_("待确认原因"), max_length=200, blank=True)
    checkin_code = models.CharField(_("签到码"), max_length=8)
    channel = models.CharField(_("渠道"), max_length=16, default="web")
    created_at = models.DateTimeField(_("预约时间"), default=timezone.now)
    decided_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("确认人"),
    )
    decision_reason = models.CharField(_("确认意见"), max_length=200, blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("签到登记人"),
    )
    reminded_at = models.DateTimeField(_("提醒时间"), null=True, blank=True)
    rescheduled_count = models.PositiveSmallIntegerField(_("改约次数"), default=0)
    api_client_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("预约")
        verbose_name_plural = _("预约")
        indexes = [
            models.Index(fields=["office", "starts_at"]),
            models.Index(fields=["status", "starts_at"]),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def masked_name(self) -> str:
        return mask_name(self.name)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


class BookerLock(models.Model):
    """One row per person who ever booked (`phone:<number>` or `lawyer:<id>`), locked with
    SELECT FOR UPDATE while their booking is checked and written, so that two bookings by
    the same person at the same moment cannot both pass the overlap check."""

    key = models.CharField(max_length=40, unique=True)

    class Meta:
        verbose_name = _("预约人锁")
        verbose_name_plural = _("预约人锁")

    def __str__(self) -> str:
        return self.key
