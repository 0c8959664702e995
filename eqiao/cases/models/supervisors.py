"""People's supervisors (人民监督员): citizens appointed for a term to oversee case work. The
office invites them to an activity by SMS; they accept or decline through a signed link,
attendance is recorded, and their written opinion is answered by the office."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eqiao.core.masking import mask_phone


class PeopleSupervisor(models.Model):
    office = models.ForeignKey(
        "offices.Procuratorate",
        on_delete=models.PROTECT,
        related_name="people_supervisors",
        verbose_name=_("选任单位"),
    )
    name = models.CharField(_("姓名"), max_length=50)
    phone = models.CharField(_("手机号码"), max_length=20)
    unit = models.CharField(_("工作单位"), max_length=100, blank=True)
    term_start = models.DateField(_("任期开始"))
    term_end = models.DateField(_("任期结束"))
    active = models.BooleanField(_("在任"), default=True)
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    class Meta:
        ordering = ["office", "name", "id"]
        verbose_name = _("人民监督员")
        verbose_name_plural = _("人民监督员")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_end__gt=models.F("term_start")),
                name="people_supervisor_term_order",
            ),
            models.UniqueConstraint(fields=["office", "phone"], name="people_supervisor_phone"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    def serving_on(self, day: dt.date) -> bool:
        return self.active and self.term_start <= day <= self.term_end


class ActivityKind(models.TextChoices):
    PUBLIC_HEARING = "public_hearing", _("公开听证")
    NON_PROSECUTION_REVIEW = "non_prosecution_review", _("不起诉案件审查")
    ONSITE_INSPECTION = "onsite_inspection", _("巡回检察")


class SupervisionActivity(models.Model):
    office = models.ForeignKey(
        "offices.Procuratorate",
        on_delete=models.PROTECT,
        related_name="supervision_activities",
        verbose_name=_("组织单位"),
    )
    case = models.ForeignKey(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervision_activities",
        verbose_name=_("案件"),
    )
    kind = models.CharField(_("监督事项"), max_length=32, choices=ActivityKind.choices)
    title = models.CharField(_("活动名称"), max_length=120)
    starts_at = models.DateTimeField(_("开始时间"))
    place = models.CharField(_("地点"), max_length=120)
    created_by = models.ForeignKey(
        "offices.Staff", on_delete=models.PROTECT, related_name="+", verbose_name=_("登记人")
    )
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("监督活动")
        verbose_name_plural = _("监督活动")

    def __str__(self) -> str:
        return self.title


class InvitationStatus(models.TextChoices):
    SENT = "sent", _("已邀请")
    ACCEPTED = "accepted", _("已接受")
    DECLINED = "declined", _("已谢绝")


class SupervisionInvitation(models.Model):
    activity = models.ForeignKey(
        SupervisionActivity,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("监督活动"),
    )
    supervisor = models.ForeignKey(
        PeopleSupervisor,
        on_delete=models.PROTECT,
        related_name="invitations",
        verbose_name=_("人民监督员"),
    )
    status = models.CharField(
        _("答复"), max_length=12, choices=InvitationStatus.choices, default=InvitationStatus.SENT
    )
    # Part of the signed link; a new invitation (or a revoked one) gets a new nonce.
    nonce = models.CharField(max_length=32, editable=False)
    sent_at = models.DateTimeField(_("邀请时间"), default=timezone.now)
    expires_at = models.DateTimeField(_("答复截止"))
    responded_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    attended = models.BooleanField(_("到场"), null=True, blank=True)
    attendance_recorded_at = models.DateTimeField(_("签到记录时间"), null=True, blank=True)

    class Meta:
        ordering = ["activity", "supervisor__name", "id"]
        verbose_name = _("监督邀请")
        verbose_name_plural = _("监督邀请")
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "supervisor"], name="supervision_invitation_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity} · {self.supervisor}"


class OpinionSource(models.TextChoices):
    STAFF = "staff", _("工作人员录入")
    LINK = "link", _("监督员通过链接提交")


class SupervisionOpinion(models.Model):
    activity = models.ForeignKey(
        SupervisionActivity,
        on_delete=models.CASCADE,
        related_name="opinions",
        verbose_name=_("监督活动"),
    )
    case = models.ForeignKey(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervision_opinions",
        verbose_name=_("案件"),
    )
    supervisor = models.ForeignKey(
        PeopleSupervisor,
        on_delete=models.PROTECT,
        related_name="opinions",
        verbose_name=_("人民监督员"),
    )
    text = models.TextField(_("监督意见"))
    source = models.CharField(_("来源"), max_length=8, choices=OpinionSource.choices)
    recorded_by = models.ForeignKey(
        "offices.Staff",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("录入人"),
    )
    created_at = models.DateTimeField(_("提出时间"), default=timezone.now)
    answer = models.TextField(_("办理答复"), blank=True)
    answered_by = models.ForeignKey(
        "offices.Staff",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("答复人"),
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("监督意见")
        verbose_name_plural = _("监督意见")

    def __str__(self) -> str:
        return f"{self.supervisor} · {self.activity}"
