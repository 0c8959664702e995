"""Petitions (信访) and what hangs off them: attachments, history, supervision, risk alerts,
emergency plans and leads."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eqiao.core.fields import EncryptedTextField, KeyedHashField
from eqiao.core.masking import mask_id_number, mask_name, mask_phone
from eqiao.offices.models import Procuratorate, Staff
from eqiao.text.lexicon import CATEGORIES


class Kind(models.TextChoices):
    COMPLAINT = "complaint", _("控告")
    APPEAL = "appeal", _("申诉")
    REPORT = "report", _("举报")
    CONSULTATION = "consultation", _("法律咨询")
    AID = "aid", _("司法救助")


# The text engine's categories (a superset of the petition kinds): what the engine suggests.
CATEGORY_LABELS = {
    "complaint": _("控告"),
    "appeal": _("申诉"),
    "report": _("举报"),
    "consultation": _("法律咨询"),
    "aid": _("司法救助"),
    "lawyer": _("律师事务"),
    "feedback": _("意见建议"),
    "other": _("其他"),
}

# The risk reasons the text engine gives (stored in Chinese, as it says them) and intake's own,
# shown in the reader's language. A reason staff typed themselves shows as they wrote it.
RISK_REASON_LABELS = {
    "提到集体上访": _("提到集体上访"),
    "扬言越级上访": _("扬言越级上访"),
    "威胁自伤": _("威胁自伤"),
    "扬言伤害他人": _("扬言伤害他人"),
    "扬言堵路堵门或静坐": _("扬言堵路堵门或静坐"),
    "计划多人聚集到机关": _("计划多人聚集到机关"),
    "扬言到机关门口静坐": _("扬言到机关门口静坐"),
    "扬言聚众闹事": _("扬言聚众闹事"),
    "扬言集体停工": _("扬言集体停工"),
    "情绪激烈": _("情绪激烈"),
    "多次反映未解决": _("多次反映未解决"),
    "扬言找媒体或网上曝光": _("扬言找媒体或网上曝光"),
    "老弱病残生活困难": _("老弱病残生活困难"),
    "生活陷入困境": _("生活陷入困境"),
    "反映遭打击报复": _("反映遭打击报复"),
    "扬言上访": _("扬言上访"),
    "春节前欠薪": _("春节前欠薪"),
    "期限紧迫": _("期限紧迫"),
    "与工作人员标注的高风险信访相似": _("与工作人员标注的高风险信访相似"),
    "与工作人员标注的中风险信访相似": _("与工作人员标注的中风险信访相似"),
    "自动研判失败，请人工研判": _("自动研判失败，请人工研判"),
}


def category_choices() -> list[tuple[str, Any]]:
    """The engine's categories in its own order, with their Chinese labels: the only values a
    staff correction may take (and so the only ones `eqiao text train` is given)."""
    return [(code, CATEGORY_LABELS[code]) for code in CATEGORIES]


def category_label(code: str) -> str:
    return str(CATEGORY_LABELS.get(code, code))


def risk_reason_label(reason: str) -> str:
    """A stored risk reason in the active language (as written when it is not the engine's)."""
    return str(RISK_REASON_LABELS.get(reason, reason))


class Channel(models.TextChoices):
    WEB = "web", _("网站")
    WECHAT = "wechat", _("微信")
    SMS = "sms", _("短信")
    HOTLINE = "hotline", _("热线电话")
    WALK_IN = "walk_in", _("来访")
    KIOSK = "kiosk", _("触摸查询机")
    VIDEO = "video", _("视频接访")


class Status(models.TextChoices):
    ACCEPTED = "accepted", _("已受理")
    ASSIGNED = "assigned", _("办理中")
    REPLIED = "replied", _("已程序性答复")
    CLOSED = "closed", _("已办结")


class RiskLevel(models.TextChoices):
    LOW = "low", _("低")
    MEDIUM = "medium", _("中")
    HIGH = "high", _("高")


class Outcome(models.TextChoices):
    RESOLVED = "resolved", _("问题已解决")
    EXPLAINED = "explained", _("已答复解释")
    TRANSFERRED = "transferred", _("已移送有关部门")
    NOT_ACCEPTED = "not_accepted", _("不予受理")
    SUPERVISED_WITHDRAWAL = "supervised_withdrawal", _("监督撤案")
    CRIMINAL_RECONCILIATION = "criminal_reconciliation", _("促成刑事和解")
    AID_GRANTED = "aid_granted", _("给予司法救助")
    WITHDRAWN = "withdrawn", _("来信人撤回")


class Petition(models.Model):
    """One citizen request taken in from any channel, with the statutory clocks."""

    tracking_number = models.CharField(_("受理编号"), max_length=20, unique=True)
    query_password_hash = models.CharField(max_length=128)
    idempotency_key = models.CharField(max_length=80, null=True, blank=True, unique=True)

    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    channel = models.CharField(_("渠道"), max_length=16, choices=Channel.choices)
    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.ACCEPTED, db_index=True
    )
    office = models.ForeignKey(
        Procuratorate,
        on_delete=models.PROTECT,
        related_name="petitions",
        verbose_name=_("承办单位"),
    )
    assignee = models.ForeignKey(
        Staff,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_petitions",
        verbose_name=_("承办人"),
    )

    anonymous = models.BooleanField(_("匿名"), default=False)
    name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("手机号"), max_length=20, blank=True, db_index=True)
    # Encrypted at rest; look-ups by number use the keyed hash (eqiao.core.fields).
    id_number = EncryptedTextField(_("身份证号"), purpose="id_number", max_length=18, blank=True)
    id_number_hash = KeyedHashField(source="id_number", purpose="id_number")
    address = models.CharField(_("联系地址"), max_length=200, blank=True)
    origin = models.CharField(
        _("来源地"), max_length=60, blank=True, help_text=_("省份或国家，用于来源分布图。")
    )

    title = models.CharField(_("标题"), max_length=100)
    content = models.TextField(_("内容"))

    category_suggested = models.CharField(max_length=20, blank=True)
    region_detected = models.CharField(max_length=30, blank=True)
    risk_level = models.CharField(
        _("风险等级"), max_length=8, choices=RiskLevel.choices, default=RiskLevel.LOW, db_index=True
    )
    risk_reasons = models.JSONField(default=list, blank=True)
    # The worker's half of the acceptance (the text engine's reading, the alert, the
    # receipt's release) is still to run: set by the submission, cleared by
    # `intake.tasks.petition_accepted_task`, which takes every petition so marked.
    reading_pending = models.BooleanField(default=False)

    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now, db_index=True)
    accepted_at = models.DateTimeField(_("受理时间"), default=timezone.now)
    procedural_reply_due = models.DateField(_("程序性答复期限"))
    result_reply_due = models.DateField(_("结果答复期限"))
    procedural_replied_at = models.DateTimeField(null=True, blank=True)
    result_replied_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(_("办理结果"), max_length=32, choices=Outcome.choices, blank=True)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("信访件")
        verbose_name_plural = _("信访件")
        indexes = [
            models.Index(fields=["office", "status"]),
            models.Index(fields=["status", "procedural_reply_due"]),
            models.Index(
                fields=["id"], condition=models.Q(reading_pending=True), name="petition_pending"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tracking_number} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status != Status.CLOSED

    @property
    def category_suggested_label(self) -> str:
        return str(CATEGORY_LABELS.get(self.category_suggested, self.category_suggested))

    @property
    def masked_name(self) -> str:
        return str(_("匿名")) if self.anonymous else mask_name(self.name)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)


class Attachment(models.Model):
    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="petitions/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self) -> str:
        return self.original_name


class EventKind(models.TextChoices):
    SUBMITTED = "submitted", _("提交")
    ASSIGNED = "assigned", _("交办")
    ROUTED = "routed", _("转办")
    NOTE = "note", _("内部备注")
    SUPERVISED = "supervised", _("督办")
    PROCEDURAL_REPLY = "procedural_reply", _("程序性答复")
    RESULT_REPLY = "result_reply", _("结果答复")
    CLOSED = "closed", _("办结")
    CITIZEN_MESSAGE = "citizen_message", _("群众追加留言")
    RISK = "risk", _("风险评估")
    RECLASSIFIED = "reclassified", _("更正分类")


class PetitionEvent(models.Model):
    """One step in a petition's history: who did what, when. `public` events (replies,
    routing, closing) are shown to the citizen; notes never are."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    kind = models.CharField(max_length=24, choices=EventKind.choices)
    actor = models.ForeignKey(Staff, null=True, blank=True, on_delete=models.SET_NULL)
    from_office = models.ForeignKey(
        Procuratorate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    to_office = models.ForeignKey(
        Procuratorate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(blank=True)
    public = models.BooleanField(default=False)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("办理记录")
        verbose_name_plural = _("办理记录")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.petition_id} {self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"


class Supervision(models.Model):
    """An upper office oversees a lower office's handling (督办) with its own deadline."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="supervisions")
    by_office = models.ForeignKey(Procuratorate, on_delete=models.PROTECT, related_name="+")
    by_staff = models.ForeignKey(Staff, null=True, on_delete=models.SET_NULL, related_name="+")
    deadline = models.DateField(_("督办期限"))
    instruction = models.TextField(_("督办意见"))
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("督办")
        verbose_name_plural = _("督办")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.petition_id} {self.deadline}"


class RiskAlert(models.Model):
    """Raised when a petition or a citizen's follow-up message is assessed high risk. A
    petition has at most one open (unacknowledged) alert: later reasons are added to it."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="alerts")
    office = models.ForeignKey(Procuratorate, on_delete=models.PROTECT, related_name="+")
    level = models.CharField(max_length=8, choices=RiskLevel.choices)
    reasons = models.JSONField(default=list)
    excerpt = models.CharField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        Staff, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("风险预警")
        verbose_name_plural = _("风险预警")
        constraints = [
            models.UniqueConstraint(
                fields=["petition"],
                condition=models.Q(acknowledged_at__isnull=True),
                name="intake_one_open_alert_per_petition",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.petition_id} {self.created_at:%Y-%m-%d %H:%M}"


class EmergencyPlanTemplate(models.Model):
    """A configurable runbook (应急预案): `steps` is a list of
    {"title": str, "owner_role": Role, "due_hours": int}."""

    name = models.CharField(_("预案名称"), max_length=100)
    description = models.TextField(_("适用情形"), blank=True)
    office = models.ForeignKey(
        Procuratorate,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        verbose_name=_("适用单位"),
        help_text=_("为空表示全市通用。"),
    )
    steps = models.JSONField(_("处置步骤"), default=list)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("应急预案模板")
        verbose_name_plural = _("应急预案模板")

    def __str__(self) -> str:
        return self.name


class PlanStatus(models.TextChoices):
    ACTIVE = "active", _("处置中")
    CLOSED = "closed", _("已化解")


class EmergencyPlan(models.Model):
    """A started emergency plan for one alert, tracked to closure. A petition has at most
    one active plan: two runbooks in parallel would give the same step to two owners."""

    alert = models.ForeignKey(RiskAlert, on_delete=models.CASCADE, related_name="plans")
    # The alert's petition, kept here so the database can hold one active plan per petition.
    petition = models.ForeignKey(
        Petition, on_delete=models.CASCADE, related_name="emergency_plans", editable=False
    )
    template = models.ForeignKey(EmergencyPlanTemplate, null=True, on_delete=models.SET_NULL)
    name = models.CharField(max_length=100)
    started_by = models.ForeignKey(Staff, null=True, on_delete=models.SET_NULL, related_name="+")
    started_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=16, choices=PlanStatus.choices, default=PlanStatus.ACTIVE)
    closed_at = models.DateTimeField(null=True, blank=True)
    summary = models.TextField(_("处置总结"), blank=True)

    class Meta:
        verbose_name = _("应急预案")
        verbose_name_plural = _("应急预案")
        constraints = [
            models.UniqueConstraint(
                fields=["petition"],
                condition=models.Q(status="active"),
                name="intake_one_active_plan_per_petition",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if self.petition_id is None and self.alert_id is not None:
            self.petition_id = self.alert.petition_id
        super().save(*args, **kwargs)


class EmergencyPlanStep(models.Model):
    plan = models.ForeignKey(EmergencyPlan, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    owner = models.ForeignKey(Staff, null=True, on_delete=models.SET_NULL, related_name="+")
    due_at = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        Staff, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("预案步骤")
        verbose_name_plural = _("预案步骤")
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class LeadKind(models.TextChoices):
    DUTY_CRIME = "duty_crime", _("职务犯罪线索")
    SUPERVISION = "supervision", _("监督线索")


class LeadStatus(models.TextChoices):
    OPEN = "open", _("核查中")
    CLOSED = "closed", _("已办结")


class LeadOutcome(models.TextChoices):
    SUPERVISED_WITHDRAWAL = "supervised_withdrawal", _("监督撤案")
    CRIMINAL_RECONCILIATION = "criminal_reconciliation", _("促成刑事和解")
    CASE_FILED = "case_filed", _("立案侦查")
    TRANSFERRED = "transferred", _("移送有关机关")
    CORRECTED = "corrected", _("纠正违法")
    UNFOUNDED = "unfounded", _("查无实据")


class Lead(models.Model):
    """A clue (线索) found in a petition, usually a report, tracked to its outcome."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="leads")
    office = models.ForeignKey(Procuratorate, on_delete=models.PROTECT, related_name="leads")
    kind = models.CharField(_("线索类别"), max_length=16, choices=LeadKind.choices)
    summary = models.TextField(_("线索摘要"))
    status = models.CharField(max_length=16, choices=LeadStatus.choices, default=LeadStatus.OPEN)
    outcome = models.CharField(_("结果"), max_length=32, choices=LeadOutcome.choices, blank=True)
    outcome_note = models.TextField(blank=True)
    created_by = models.ForeignKey(Staff, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("线索")
        verbose_name_plural = _("线索")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.summary[:30]}"


class ClassificationCorrection(models.Model):
    """A staff correction of the engine's category or risk; `eqiao text train` learns from
    these (exported by `eqiao intake_export_corrections`)."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="corrections")
    text = models.TextField()
    category = models.CharField(max_length=20)
    risk = models.CharField(max_length=8)
    by = models.ForeignKey(Staff, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("分类更正")
        verbose_name_plural = _("分类更正")

    def __str__(self) -> str:
        return f"{self.petition_id} → {self.category}/{self.risk}"


class CitizenLoginCode(models.Model):
    """A one-time SMS code for citizen login by phone; only its hash is stored."""

    phone = models.CharField(max_length=20, db_index=True)
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("群众登录验证码")
        verbose_name_plural = _("群众登录验证码")

    def __str__(self) -> str:
        return mask_phone(self.phone)
