"""A case as the case management system (统一业务应用系统) exports it: number, kind, stages,
handling office and prosecutor, parties, and the flags that forbid disclosure."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eqiao.core.fields import EncryptedTextField, KeyedHashField
from eqiao.core.masking import mask_id_number, mask_name, mask_phone


class CaseKind(models.TextChoices):
    CRIMINAL = "criminal", _("刑事")
    CIVIL = "civil", _("民事")
    ADMINISTRATIVE = "administrative", _("行政")
    PUBLIC_INTEREST = "public_interest", _("公益诉讼")
    APPEAL = "appeal", _("刑事申诉")
    COMPENSATION = "compensation", _("国家赔偿")
    OTHER = "other", _("其他")


class CaseSource(models.TextChoices):
    IMPORT = "import", _("表格导入")
    API = "api", _("接口同步")
    STAFF = "staff", _("人工录入")


class Stage(models.TextChoices):
    """Procedural stages, in the order a criminal case usually passes them."""

    ACCEPTED = "accepted", _("受理")
    ARREST_REVIEW = "arrest_review", _("审查逮捕")
    ARRESTED = "arrested", _("批准逮捕")
    ARREST_REFUSED = "arrest_refused", _("不批准逮捕")
    PROSECUTION_REVIEW = "prosecution_review", _("审查起诉")
    RETURNED = "returned", _("退回补充侦查")
    EXTENDED = "extended", _("延长审查起诉期限")
    PROSECUTED = "prosecuted", _("提起公诉")
    NOT_PROSECUTED = "not_prosecuted", _("不起诉")
    PROTESTED = "protested", _("抗诉")
    CLOSED = "closed", _("办结")


class PartyRole(models.TextChoices):
    SUSPECT = "suspect", _("犯罪嫌疑人")
    DEFENDANT = "defendant", _("被告人")
    VICTIM = "victim", _("被害人")
    DEFENDER = "defender", _("辩护人")
    AGENT = "agent", _("诉讼代理人")
    COMPLAINANT = "complainant", _("控告人")
    APPLICANT = "applicant", _("申请人")
    PLAINTIFF = "plaintiff", _("原告")
    RESPONDENT = "respondent", _("被申请人")
    OTHER = "other", _("其他诉讼参与人")


class Case(models.Model):
    """One case. `number` is the case management system's number (冠检刑诉受〔2026〕12号),
    unique: re-importing updates the case that holds it."""

    number = models.CharField(_("案件编号"), max_length=64, unique=True)
    kind = models.CharField(_("案件类别"), max_length=24, choices=CaseKind.choices)
    title = models.CharField(_("案件名称"), max_length=200)
    charge = models.CharField(_("案由"), max_length=200, blank=True)
    office = models.ForeignKey(
        "offices.Procuratorate",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("承办单位"),
    )
    prosecutor = models.ForeignKey(
        "offices.Staff",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
        verbose_name=_("承办检察官"),
    )
    prosecutor_name = models.CharField(_("承办检察官姓名"), max_length=50, blank=True)
    stage = models.CharField(_("当前阶段"), max_length=32, choices=Stage.choices)
    accepted_on = models.DateField(_("受理日期"))
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    # Flags that forbid any publication about the case, whatever anyone does.
    state_secret = models.BooleanField(_("涉及国家秘密"), default=False)
    trade_secret = models.BooleanField(_("涉及商业秘密"), default=False)
    privacy = models.BooleanField(_("涉及个人隐私"), default=False)
    juvenile = models.BooleanField(_("未成年人案件"), default=False)
    source = models.CharField(
        _("来源"), max_length=16, choices=CaseSource.choices, default=CaseSource.STAFF
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), default=timezone.now)

    class Meta:
        ordering = ["-accepted_on", "-id"]
        verbose_name = _("案件")
        verbose_name_plural = _("案件")
        indexes = [models.Index(fields=["office", "stage"])]

    def __str__(self) -> str:
        return self.number

    @property
    def disclosure_forbidden(self) -> bool:
        """True when a flag forbids publishing anything about the case."""
        return self.state_secret or self.trade_secret or self.privacy or self.juvenile


class CaseStage(models.Model):
    """One step of a case's procedural history, as the case management system dates it."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="stages", verbose_name=_("案件")
    )
    stage = models.CharField(_("阶段"), max_length=32, choices=Stage.choices)
    on = models.DateField(_("日期"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    # Set once the parties were told of this stage by SMS (or it was decided not to).
    notified_at = models.DateTimeField(_("通知时间"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("记录时间"), default=timezone.now)

    class Meta:
        ordering = ["on", "id"]
        verbose_name = _("案件阶段")
        verbose_name_plural = _("案件阶段")
        constraints = [
            models.UniqueConstraint(fields=["case", "stage", "on"], name="case_stage_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.case.number} {self.get_stage_display()} {self.on}"


class CaseParty(models.Model):
    """A person in a case. Identity number encrypted at rest and found by its keyed hash;
    the phone is where the verification code and stage notices go."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="parties", verbose_name=_("案件")
    )
    role = models.CharField(_("诉讼地位"), max_length=24, choices=PartyRole.choices)
    name = models.CharField(_("姓名或名称"), max_length=100)
    id_number = EncryptedTextField(_("身份证号"), purpose="id_number", max_length=18, blank=True)
    id_number_hash = KeyedHashField(source="id_number", purpose="id_number")
    phone = models.CharField(_("手机号码"), max_length=20, blank=True)
    # The counsel's licence number as the case management system gives it: the party is
    # linked to the lawyer account holding it once that account is approved.
    licence_number = models.CharField(_("律师执业证号"), max_length=17, blank=True)
    lawyer = models.ForeignKey(
        "cases.Lawyer",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="parties",
        verbose_name=_("律师"),
        help_text=_("辩护人或诉讼代理人为已认证律师时，关联其律师账户。"),
    )

    class Meta:
        ordering = ["case", "id"]
        verbose_name = _("诉讼参与人")
        verbose_name_plural = _("诉讼参与人")
        constraints = [
            models.UniqueConstraint(
                fields=["case", "role", "name"], name="case_party_unique_role_name"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.masked_name}"

    @property
    def is_counsel(self) -> bool:
        return self.role in (PartyRole.DEFENDER, PartyRole.AGENT)

    @property
    def masked_name(self) -> str:
        return mask_name(self.name)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)

    @property
    def masked_id_number(self) -> str:
        return mask_id_number(self.id_number)


class CasePetitionLink(models.Model):
    """A petition that concerns a case (the petition app knows nothing of cases)."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="petition_links", verbose_name=_("案件")
    )
    petition = models.ForeignKey(
        "intake.Petition",
        on_delete=models.CASCADE,
        related_name="case_links",
        verbose_name=_("信访件"),
    )
    linked_by = models.ForeignKey(
        "core.User", null=True, on_delete=models.SET_NULL, verbose_name=_("关联人")
    )
    linked_at = models.DateTimeField(_("关联时间"), default=timezone.now)

    class Meta:
        verbose_name = _("信访件与案件关联")
        verbose_name_plural = _("信访件与案件关联")
        constraints = [
            models.UniqueConstraint(fields=["case", "petition"], name="case_petition_once")
        ]

    def __str__(self) -> str:
        return f"{self.case.number} ↔ {self.petition.tracking_number}"


class CaseQueryCode(models.Model):
    """A one-time SMS code for a party's progress query: sent only to the phone the case
    records for that party; only its keyed hash is stored."""

    party = models.ForeignKey(
        CaseParty, on_delete=models.CASCADE, related_name="query_codes", verbose_name=_("当事人")
    )
    code_hash = models.CharField(max_length=128)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("案件查询验证码")
        verbose_name_plural = _("案件查询验证码")

    def __str__(self) -> str:
        return f"{self.party_id} {self.created_at:%Y-%m-%d %H:%M}"
