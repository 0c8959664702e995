"""The studio's desk (编发): articles and their revisions, images, the automated review's
findings, the review workflow (configurable per office), the outlets an article went to,
and the two compiled products, the mobile digest (手机报) and the printed newsletter
(检察室报).

Writes go through `eqiao.publishing.services`; reads beyond `.get(pk)` through
`eqiao.publishing.selectors`.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eqiao.publishing.outlets import outlet_get


class ArticleKind(models.TextChoices):
    CASE_RELEASE = "case_release", _("案件信息发布")
    CASE_INTERPRETATION = "case_interpretation", _("以案释法")
    LEGAL_EDUCATION = "legal_education", _("法治宣传")
    WORK_NEWS = "work_news", _("工作动态")
    ANNOUNCEMENT = "announcement", _("公告")


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SECURITY = "security", _("安全审查")  # automated review found something unresolved
    REVIEW = "review", _("审核中")  # human review steps (and approval)
    APPROVED = "approved", _("已批准待发布")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")


class Series(models.Model):
    """A series of articles, e.g. a legal-education series (法治宣传·食品安全)."""

    office = models.ForeignKey(
        "offices.Procuratorate", on_delete=models.PROTECT, related_name="+", verbose_name=_("单位")
    )
    title = models.CharField(_("系列名称"), max_length=80)
    description = models.CharField(_("简介"), max_length=300, blank=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("专栏系列")
        verbose_name_plural = _("专栏系列")

    def __str__(self) -> str:
        return self.title


class Tag(models.Model):
    name = models.CharField(_("标签"), max_length=30, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("标签")
        verbose_name_plural = _("标签")

    def __str__(self) -> str:
        return self.name


class ArticleImage(models.Model):
    """An uploaded image, checked by content and re-encoded without its metadata."""

    office = models.ForeignKey(
        "offices.Procuratorate", on_delete=models.PROTECT, related_name="+", verbose_name=_("单位")
    )
    file = models.FileField(_("文件"), upload_to="publishing/images/%Y/%m/")
    width = models.PositiveIntegerField(_("宽度"))
    height = models.PositiveIntegerField(_("高度"))
    alt = models.CharField(_("替代文字"), max_length=200, blank=True)
    caption = models.CharField(_("图片说明"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        "offices.Staff", on_delete=models.PROTECT, related_name="+", verbose_name=_("上传人")
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("稿件图片")
        verbose_name_plural = _("稿件图片")

    def __str__(self) -> str:
        return self.caption or str(self.file.name)


class Article(models.Model):
    office = models.ForeignKey(
        "offices.Procuratorate",
        on_delete=models.PROTECT,
        related_name="articles",
        verbose_name=_("单位"),
    )
    kind = models.CharField(_("类别"), max_length=24, choices=ArticleKind.choices)
    title = models.CharField(_("标题"), max_length=120)
    body_html = models.TextField(_("正文"), blank=True)
    short_text = models.TextField(_("短版（短信、微博）"), blank=True)
    cover = models.ForeignKey(
        ArticleImage,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("封面图"),
    )
    images = models.ManyToManyField(
        ArticleImage, blank=True, related_name="articles", verbose_name=_("正文图片")
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles", verbose_name=_("标签"))
    series = models.ForeignKey(
        Series,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        verbose_name=_("系列"),
    )
    case = models.ForeignKey(
        "cases.Case",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("关联案件"),
    )
    important = models.BooleanField(_("重要案件信息"), default=False)
    author = models.ForeignKey(
        "offices.Staff", on_delete=models.PROTECT, related_name="+", verbose_name=_("作者")
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    revision = models.PositiveIntegerField(_("修订版本"), default=0)
    scheduled_at = models.DateTimeField(_("定时发布时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdraw_reason = models.CharField(_("撤回原因"), max_length=300, blank=True)
    correction_note = models.CharField(_("更正说明"), max_length=300, blank=True)
    lock_holder = models.ForeignKey(
        "offices.Staff",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("编辑锁持有人"),
    )
    lock_expires_at = models.DateTimeField(_("编辑锁到期"), null=True, blank=True)
    search_tokens = models.TextField(_("检索词"), default="", blank=True, editable=False)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    updated_at = models.DateTimeField(_("更新时间"), default=timezone.now)

    class Meta:
        ordering = ["-published_at", "-created_at", "-id"]
        verbose_name = _("稿件")
        verbose_name_plural = _("稿件")
        indexes = [models.Index(fields=["status", "published_at"])]

    def __str__(self) -> str:
        return self.title


class ArticleRevision(models.Model):
    """What an article said at each save: any two can be compared."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("版本"))
    title = models.CharField(_("标题"), max_length=120)
    body_html = models.TextField(_("正文"), blank=True)
    short_text = models.TextField(_("短版"), blank=True)
    editor = models.ForeignKey(
        "offices.Staff", on_delete=models.PROTECT, related_name="+", verbose_name=_("修改人")
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("时间"), default=timezone.now)

    class Meta:
        ordering = ["article", "number"]
        constraints = [
            models.UniqueConstraint(fields=["article", "number"], name="publishing_one_revision")
        ]
        verbose_name = _("稿件修订")
        verbose_name_plural = _("稿件修订")

    def __str__(self) -> str:
        return f"{self.article_id}#{self.number}"


class FindingKind(models.TextChoices):
    PERSONAL_DATA = "personal_data", _("个人信息")
    SENSITIVE_WORD = "sensitive_word", _("敏感词")
    LINK = "link", _("外部链接")
    CASE = "case", _("案件禁止公开")


# What a personal-data finding is (the text engine's kinds, and minors' ages).
DETAIL_LABELS = {
    "name": _("姓名"),
    "id_number": _("身份证号"),
    "phone": _("电话号码"),
    "bank_card": _("银行卡号"),
    "address": _("详细地址"),
    "minor": _("未成年人年龄"),
    "forbidden": _("禁止公开"),
}


class FindingStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    FIXED = "fixed", _("已修改")
    WAIVED = "waived", _("已豁免")


class Finding(models.Model):
    """One thing the automated review found. An OPEN finding blocks publication; it becomes
    FIXED when a later scan no longer finds it, or WAIVED by a security reviewer with a
    reason. `fingerprint` identifies the same thing across scans, so a waiver survives
    an unrelated edit."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(_("类型"), max_length=16, choices=FindingKind.choices)
    detail = models.CharField(_("细类"), max_length=40, blank=True)
    field = models.CharField(_("位置"), max_length=16)
    start = models.PositiveIntegerField(default=0)
    end = models.PositiveIntegerField(default=0)
    matched = models.CharField(_("命中内容"), max_length=200)
    fingerprint = models.CharField(max_length=64)
    status = models.CharField(
        _("状态"), max_length=8, choices=FindingStatus.choices, default=FindingStatus.OPEN
    )
    waived_by = models.ForeignKey(
        "offices.Staff",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("豁免人"),
    )
    waive_reason = models.CharField(_("豁免理由"), max_length=300, blank=True)
    waived_at = models.DateTimeField(_("豁免时间"), null=True, blank=True)
    found_at = models.DateTimeField(_("发现时间"), default=timezone.now)

    class Meta:
        ordering = ["article", "field", "start"]
        verbose_name = _("审查发现")
        verbose_name_plural = _("审查发现")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "fingerprint"], name="publishing_one_finding_per_thing"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.matched}"

    @property
    def detail_display(self) -> str:
        """The personal-data kind in words; a sensitive word or a link's host as is."""
        return str(DETAIL_LABELS.get(self.detail, self.detail))


class SensitiveWord(models.Model):
    """One entry of the configurable sensitive-word list (simplified; traditional forms
    are matched through OpenCC)."""

    word = models.CharField(_("敏感词"), max_length=50, unique=True)
    category = models.CharField(_("类别"), max_length=30, blank=True)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        ordering = ["word"]
        verbose_name = _("敏感词")
        verbose_name_plural = _("敏感词")

    def __str__(self) -> str:
        return self.word


class AllowedDomain(models.Model):
    """A domain links may point to (its subdomains too)."""

    domain = models.CharField(_("域名"), max_length=100, unique=True)

    class Meta:
        ordering = ["domain"]
        verbose_name = _("允许链接的域名")
        verbose_name_plural = _("允许链接的域名")

    def __str__(self) -> str:
        return self.domain


class ReviewWorkflow(models.Model):
    """An office's human review steps, as data. An office without one uses its nearest
    ancestor's, else the built-in two steps (审核 then 审批)."""

    office = models.OneToOneField(
        "offices.Procuratorate",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("单位"),
    )
    name = models.CharField(_("名称"), max_length=60)

    class Meta:
        verbose_name = _("审核流程")
        verbose_name_plural = _("审核流程")

    def __str__(self) -> str:
        return self.name


class ReviewStepSpec(models.Model):
    workflow = models.ForeignKey(ReviewWorkflow, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("顺序"))
    label = models.CharField(_("步骤名称"), max_length=40)
    capability = models.CharField(_("所需权限"), max_length=60)
    due_days = models.PositiveSmallIntegerField(_("办理时限（天）"), default=2)
    important_only = models.BooleanField(_("仅重要案件信息"), default=False)

    class Meta:
        ordering = ["workflow", "order"]
        verbose_name = _("审核步骤")
        verbose_name_plural = _("审核步骤")

    def __str__(self) -> str:
        return self.label


class ReviewTaskState(models.TextChoices):
    WAITING = "waiting", _("未开始")
    OPEN = "open", _("待审核")
    APPROVED = "approved", _("通过")
    REJECTED = "rejected", _("退回")
    CANCELLED = "cancelled", _("已取消")


class CorrectionState(models.TextChoices):
    PENDING = "pending", _("待审核")
    APPLIED = "applied", _("已更正")
    REJECTED = "rejected", _("已退回")


class ArticleCorrection(models.Model):
    """A correction proposed to a published article. The published text stays online while
    the correction goes through the automated and the human review; it replaces the
    published one only when the last step approves it."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    title = models.CharField(_("标题"), max_length=120)
    body_html = models.TextField(_("正文"), blank=True)
    short_text = models.TextField(_("短版"), blank=True)
    note = models.CharField(_("更正说明"), max_length=300)
    proposed_by = models.ForeignKey(
        "offices.Staff", on_delete=models.PROTECT, related_name="+", verbose_name=_("提出人")
    )
    state = models.CharField(
        _("状态"), max_length=10, choices=CorrectionState.choices, default=CorrectionState.PENDING
    )
    created_at = models.DateTimeField(_("提出时间"), default=timezone.now)
    decided_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    class Meta:
        ordering = ["article", "-created_at"]
        verbose_name = _("稿件更正")
        verbose_name_plural = _("稿件更正")

    def __str__(self) -> str:
        return self.note


class ReviewTask(models.Model):
    """One human step of one submission of an article (or of a correction to it)."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="review_tasks")
    correction = models.ForeignKey(
        ArticleCorrection,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="review_tasks",
        verbose_name=_("更正"),
    )
    round = models.PositiveIntegerField(_("送审轮次"))
    order = models.PositiveSmallIntegerField(_("顺序"))
    label = models.CharField(_("步骤名称"), max_length=40)
    capability = models.CharField(_("所需权限"), max_length=60)
    state = models.CharField(
        _("状态"), max_length=10, choices=ReviewTaskState.choices, default=ReviewTaskState.WAITING
    )
    due_at = models.DateTimeField(_("办理时限"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("提醒时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "offices.Staff",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("审核人"),
    )
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reason = models.CharField(_("意见"), max_length=300, blank=True)

    class Meta:
        ordering = ["article", "round", "order"]
        verbose_name = _("审核任务")
        verbose_name_plural = _("审核任务")

    def __str__(self) -> str:
        return self.label

    @property
    def submitter(self):
        """Who may not decide this step: the correction's proposer, else the author."""
        return self.correction.proposed_by if self.correction_id else self.article.author


class OutletState(models.TextChoices):
    PENDING = "pending", _("待发布")
    PUBLISHED = "published", _("已发布")
    FAILED = "failed", _("发布失败")
    WITHDRAWING = "withdrawing", _("待撤回")
    WITHDRAWN = "withdrawn", _("已撤回")


class ArticleOutlet(models.Model):
    """Where a published article went: outlet, state, attempts, link."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="outlets")
    outlet = models.CharField(_("发布渠道"), max_length=30)
    state = models.CharField(
        _("状态"), max_length=12, choices=OutletState.choices, default=OutletState.PENDING
    )
    attempts = models.PositiveIntegerField(_("尝试次数"), default=0)
    link = models.CharField(_("链接"), max_length=300, blank=True)
    last_error = models.CharField(_("最近错误"), max_length=300, blank=True)
    next_attempt_at = models.DateTimeField(_("下次尝试"), null=True, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), default=timezone.now)

    class Meta:
        ordering = ["article", "outlet"]
        constraints = [
            models.UniqueConstraint(fields=["article", "outlet"], name="publishing_one_outlet_row")
        ]
        verbose_name = _("发布渠道记录")
        verbose_name_plural = _("发布渠道记录")

    def __str__(self) -> str:
        return self.outlet

    @property
    def outlet_label(self) -> str:
        """The outlet's name for people (its code when it is no longer registered)."""
        outlet = outlet_get(self.outlet)
        return str(outlet.label) if outlet is not None and outlet.label else self.outlet


# -- the mobile digest (手机报) -----------------------------------------------------------


class GroupKind(models.TextChoices):
    OFFICIALS = "officials", _("机关干部")
    NPC = "npc", _("人大代表")
    CPPCC = "cppcc", _("政协委员")
    ENTERPRISE = "enterprise", _("企业代表")
    VOLUNTEERS = "volunteers", _("志愿者")
    PUBLIC = "public", _("社会公众")


class SubscriberGroup(models.Model):
    office = models.ForeignKey(
        "offices.Procuratorate", on_delete=models.PROTECT, related_name="+", verbose_name=_("单位")
    )
    kind = models.CharField(_("群体"), max_length=12, choices=GroupKind.choices)
    name = models.CharField(_("名称"), max_length=60)

    class Meta:
        ordering = ["office", "kind"]
        verbose_name = _("手机报订阅群体")
        verbose_name_plural = _("手机报订阅群体")

    def __str__(self) -> str:
        return self.name


class Subscriber(models.Model):
    group = models.ForeignKey(SubscriberGroup, on_delete=models.CASCADE, related_name="subscribers")
    phone = models.CharField(_("手机号"), max_length=20)
    active = models.BooleanField(_("订阅中"), default=True)
    method = models.CharField(_("方式"), max_length=10, blank=True)  # web, sms, staff
    changed_at = models.DateTimeField(_("变更时间"), default=timezone.now)

    class Meta:
        ordering = ["group", "phone"]
        constraints = [
            models.UniqueConstraint(fields=["group", "phone"], name="publishing_one_subscription")
        ]
        verbose_name = _("手机报订阅")
        verbose_name_plural = _("手机报订阅")

    def __str__(self) -> str:
        return self.phone[:3] + "****" + self.phone[-4:]


class IssueStatus(models.TextChoices):
    DRAFT = "draft", _("编辑中")
    REVIEW = "review", _("待审批")
    APPROVED = "approved", _("已批准")
    SENT = "sent", _("已发送")


def _issue_token() -> str:
    return secrets.token_urlsafe(12)


class DigestIssue(models.Model):
    office = models.ForeignKey(
        "offices.Procuratorate", on_delete=models.PROTECT, related_name="+", verbose_name=_("单位")
    )
    number = models.PositiveIntegerField(_("期号"))
    title = models.CharField(_("标题"), max_length=60)
    articles = models.ManyToManyField(Article, related_name="+", verbose_name=_("稿件"))
    groups = models.ManyToManyField(SubscriberGroup, related_name="+", verbose_name=_("发送群体"))
    status = models.CharField(
        _("状态"), max_length=10, choices=IssueStatus.choices, default=IssueStatus.DRAFT
    )
    token = models.CharField(max_length=24, unique=True, default=_issue_token, editable=False)
    author = models.ForeignKey(
        "offices.Staff", on_delete=models.PROTECT, related_name="+", verbose_name=_("编辑")
    )
    approved_by = models.ForeignKey(
        "offices.Staff",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("审批人"),
    )
    reject_reason = models.CharField(_("退回理由"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    scheduled_at = models.DateTimeField(_("定时发送时间"), null=True, blank=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "number"], name="publishing_one_digest_number"
            )
        ]
        verbose_name = _("手机报")
        verbose_name_plural = _("手机报")

    def __str__(self) -> str:
        return self.title


# -- the printed newsletter (检察室报) -----------------------------------------------------


class PaperSize(models.TextChoices):
    A4 = "A4", "A4"
    A3 = "A3", "A3"


class NewsletterIssue(models.Model):
    office = models.ForeignKey(
        "offices.Procuratorate", on_delete=models.PROTECT, related_name="+", verbose_name=_("单位")
    )
    masthead = models.CharField(_("报头"), max_length=30)
    number = models.PositiveIntegerField(_("期号"))
    issue_date = models.DateField(_("出版日期"))
    paper = models.CharField(_("纸张"), max_length=2, choices=PaperSize.choices, default="A4")
    articles = models.ManyToManyField(Article, related_name="+", verbose_name=_("稿件"))
    author = models.ForeignKey(
        "offices.Staff", on_delete=models.PROTECT, related_name="+", verbose_name=_("编辑")
    )
    pdf = models.FileField(_("PDF"), upload_to="publishing/newsletters/", blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=IssueStatus.choices, default=IssueStatus.DRAFT
    )
    reject_reason = models.CharField(_("退回理由"), max_length=300, blank=True)
    released_at = models.DateTimeField(_("印发时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)

    class Meta:
        ordering = ["-issue_date", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["office", "number"], name="publishing_one_newsletter_number"
            )
        ]
        verbose_name = _("检察室报")
        verbose_name_plural = _("检察室报")

    def __str__(self) -> str:
        return f"{self.masthead} {self.number}"


class IssueReviewTask(models.Model):
    """One human step of the review of a mobile digest or newsletter issue (the office's
    workflow steps, as for an article)."""

    digest = models.ForeignKey(
        DigestIssue, null=True, blank=True, on_delete=models.CASCADE, related_name="review_tasks"
    )
    newsletter = models.ForeignKey(
        NewsletterIssue,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="review_tasks",
    )
    office = models.ForeignKey(
        "offices.Procuratorate", on_delete=models.PROTECT, related_name="+", verbose_name=_("单位")
    )
    round = models.PositiveIntegerField(_("送审轮次"))
    order = models.PositiveSmallIntegerField(_("顺序"))
    label = models.CharField(_("步骤名称"), max_length=40)
    capability = models.CharField(_("所需权限"), max_length=60)
    state = models.CharField(
        _("状态"), max_length=10, choices=ReviewTaskState.choices, default=ReviewTaskState.WAITING
    )
    due_days = models.PositiveSmallIntegerField(_("办理时限（天）"), default=2)
    due_at = models.DateTimeField(_("办理时限"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("提醒时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "offices.Staff",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("审核人"),
    )
    decided_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reason = models.CharField(_("意见"), max_length=300, blank=True)

    class Meta:
        ordering = ["round", "order"]
        verbose_name = _("刊物审核任务")
        verbose_name_plural = _("刊物审核任务")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(digest__isnull=False, newsletter__isnull=True)
                | models.Q(digest__isnull=True, newsletter__isnull=False),
                name="publishing_issue_task_one_target",
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def issue(self) -> DigestIssue | NewsletterIssue:
        return self.digest if self.digest_id else self.newsletter  # type: ignore[return-value]
