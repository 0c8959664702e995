"""Follow-ups (回访) and the evaluations (评议) they bring back."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eqiao.core.masking import mask_phone


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


# --- campaigns (回访计划) -------------------------------------------------------------------


class RecordSource(models.TextChoices):
    """Which closed records a campaign follows up."""

    CASES = "cases", _("办结案件")
    PETITIONS = "petitions", _("办结信访件")
    BOTH = "both", _("案件和信访件")


class Period(models.TextChoices):
    """Which closing dates a run selects, counted back from the day it runs."""

    PREVIOUS_MONTH = "previous_month", _("上个月办结")
    LAST_7_DAYS = "last_7_days", _("近7天办结")
    LAST_30_DAYS = "last_30_days", _("近30天办结")


class CampaignStatus(models.TextChoices):
    ACTIVE = "active", _("启用")
    PAUSED = "paused", _("已暂停")


class Campaign(models.Model):
    """A follow-up campaign as data: which closed records (source, kinds, closing period,
    the office subtree), which people (parties and petitioners with a mobile number who did
    not opt out), which SMS template, when (a schedule of `eqiao.core.scheduling`) and for
    which office it is sent."""

    name = models.CharField(_("名称"), max_length=80)
    office = models.ForeignKey(
        "offices.Procuratorate",
        on_delete=models.PROTECT,
        related_name="followup_campaigns",
        verbose_name=_("发送单位"),
        help_text=_("回访本单位及下级单位办结的案件和信访件。"),
    )
    source = models.CharField(
        _("回访对象"), max_length=16, choices=RecordSource.choices, default=RecordSource.BOTH
    )
    case_kinds = models.JSONField(_("案件类别"), default=list, blank=True)
    petition_kinds = models.JSONField(_("信访类别"), default=list, blank=True)
    period = models.CharField(
        _("办结时间"), max_length=16, choices=Period.choices, default=Period.PREVIOUS_MONTH
    )
    template = models.CharField(_("短信模板"), max_length=60)
    schedule = models.CharField(
        _("发送时间"), max_length=60, help_text=_("如 monthly 5 10:00（每月5日10:00）。")
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=CampaignStatus.choices, default=CampaignStatus.ACTIVE
    )
    next_run_at = models.DateTimeField(_("下次发送"), null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(
        "offices.Staff", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("修改时间"), default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("回访计划")
        verbose_name_plural = _("回访计划")

    def __str__(self) -> str:
        return self.name


class RunStatus(models.TextChoices):
    RUNNING = "running", _("正在生成")
    DONE = "done", _("已全部排队")


class CampaignRun(models.Model):
    """One run of a campaign over the records closed in [period_start, period_end].

    People are taken in phone order; `cursor` is the last phone whose follow-up is stored,
    written in the same transaction as that follow-up, so a run resumed after its worker
    died goes on from where the committed work ends."""

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="runs", verbose_name=_("回访计划")
    )
    period_start = models.DateField(_("办结起始日"))
    period_end = models.DateField(_("办结截止日"))
    status = models.CharField(
        _("状态"), max_length=16, choices=RunStatus.choices, default=RunStatus.RUNNING
    )
    total = models.PositiveIntegerField(_("应回访人数"), default=0)
    queued = models.PositiveIntegerField(_("已排队"), default=0)
    cursor = models.CharField(max_length=20, blank=True, editable=False)
    started_at = models.DateTimeField(_("开始时间"), default=timezone.now)
    heartbeat_at = models.DateTimeField(_("最近进展"), default=timezone.now)
    finished_at = models.DateTimeField(_("排队完成时间"), null=True, blank=True)
    started_by = models.ForeignKey(
        "offices.Staff", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("回访批次")
        verbose_name_plural = _("回访批次")

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.started_at:%Y-%m-%d}"


class FollowUp(models.Model):
    """One follow-up SMS to one person in one run, about one or more of their records.
    Unique by (run, phone): a person is written to once per run, whatever happens."""

    run = models.ForeignKey(
        CampaignRun, on_delete=models.CASCADE, related_name="followups", verbose_name=_("批次")
    )
    office = models.ForeignKey("offices.Procuratorate", on_delete=models.PROTECT, related_name="+")
    phone = models.CharField(_("手机号码"), max_length=20)
    message = models.ForeignKey(
        "channels.OutboundMessage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("发出时间"), default=timezone.now, db_index=True)
    replied_at = models.DateTimeField(_("回复时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("回访")
        verbose_name_plural = _("回访")
        indexes = [models.Index(fields=["phone", "created_at"])]
        constraints = [
            models.UniqueConstraint(fields=["run", "phone"], name="followup_once_per_run")
        ]

    def __str__(self) -> str:
        return f"{self.run_id}:{mask_phone(self.phone)}"

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


class FollowUpRecord(models.Model):
    """A record a follow-up asks about (a case or a petition): a person who is a party in
    two selected records gets one message naming both."""

    followup = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="records")
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    petition = models.ForeignKey(
        "intake.Petition", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    class Meta:
        verbose_name = _("回访所涉案件或信访件")
        verbose_name_plural = _("回访所涉案件或信访件")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(petition__isnull=False) | models.Q(case__isnull=False),
                name="followup_record_has_record",
            )
        ]

    def __str__(self) -> str:
        return f"{self.followup_id}:{self.case_id or ''}:{self.petition_id or ''}"


# --- evaluations: the link back, and the heads' tasks ---------------------------------------


class EvaluationReview(models.TextChoices):
    NONE = "", _("无需处理")
    PENDING = "pending", _("待人工判断")
    SETTLED = "settled", _("已判断")


class EvaluationDetail(models.Model):
    """What a follow-up reply added to an evaluation: the follow-up it answered, and whether
    a person must still read it (an unclear reply)."""

    evaluation = models.OneToOneField(
        Evaluation, on_delete=models.CASCADE, related_name="detail", primary_key=True
    )
    followup = models.ForeignKey(
        FollowUp, null=True, blank=True, on_delete=models.SET_NULL, related_name="evaluations"
    )
    phone = models.CharField(max_length=20, blank=True)
    review = models.CharField(
        max_length=16, choices=EvaluationReview.choices, default="", blank=True, db_index=True
    )
    settled_by = models.ForeignKey(
        "offices.Staff", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    settled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("评议回复详情")
        verbose_name_plural = _("评议回复详情")

    def __str__(self) -> str:
        return f"{self.evaluation_id}:{self.review}"


class TaskStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    DONE = "done", _("已处理")


class FollowUpTask(models.Model):
    """A dissatisfied evaluation put before the head of the office that handled the record,
    due within EQIAO_FOLLOWUP_TASK_DAYS working days; the head records what was done."""

    evaluation = models.OneToOneField(
        Evaluation, on_delete=models.CASCADE, related_name="task", verbose_name=_("评议")
    )
    office = models.ForeignKey("offices.Procuratorate", on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("群众原话"), blank=True)
    due = models.DateField(_("处理期限"))
    status = models.CharField(
        _("状态"), max_length=8, choices=TaskStatus.choices, default=TaskStatus.OPEN
    )
    outcome = models.TextField(_("处理结果"), blank=True)
    done_by = models.ForeignKey(
        "offices.Staff", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["status", "due", "pk"]
        verbose_name = _("不满意评议处理")
        verbose_name_plural = _("不满意评议处理")
        indexes = [models.Index(fields=["office", "status"])]

    def __str__(self) -> str:
        return f"{self.evaluation_id}:{self.status}"
