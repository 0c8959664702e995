"""Public-opinion monitoring (涉检舆情): where posts come from (`Source`), the posts
(`OpinionPost`), the matters they are about (`OpinionEvent`, handled through the steps
assess → handle → guide → close), the watch-list (`WatchTerm`), alert rules as data
(`AlertRule`) and the alerts they raise (`OpinionAlert`)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SourceKind(models.TextChoices):
    RSS = "rss", _("RSS/Atom 订阅")
    IMPORT = "import", _("批量导入")
    PUSH = "push", _("接口推送")
    WEIBO = "weibo", _("微博渠道")
    SEARCH = "search", _("平台搜索接口")


class Source(models.Model):
    """One place posts come from. Feeds are polled every `poll_minutes`; a failure doubles
    the wait (up to a day) and is recorded, never blocking the other sources."""

    code = models.SlugField(_("代码"), max_length=60, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=10, choices=SourceKind.choices)
    url = models.URLField(_("地址"), max_length=500, blank=True)
    query = models.CharField(_("搜索词"), max_length=200, blank=True)
    active = models.BooleanField(_("启用"), default=True)
    poll_minutes = models.PositiveIntegerField(_("抓取间隔（分钟）"), default=15)
    etag = models.CharField(max_length=200, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    next_poll_at = models.DateTimeField(_("下次抓取"), null=True, blank=True)
    last_polled_at = models.DateTimeField(_("上次抓取"), null=True, blank=True)
    last_ok_at = models.DateTimeField(_("上次成功"), null=True, blank=True)
    failures = models.PositiveIntegerField(_("连续失败次数"), default=0)
    last_error = models.CharField(_("最近错误"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("舆情来源")
        verbose_name_plural = _("舆情来源")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Sentiment(models.TextChoices):
    POSITIVE = "positive", _("正面")
    NEUTRAL = "neutral", _("中性")
    NEGATIVE = "negative", _("负面")


class Severity(models.TextChoices):
    MAJOR = "major", _("重大")
    MINOR = "minor", _("一般")


class OpinionPost(models.Model):
    """A post seen online. (`source`, `source_post_id`) is unique: importing or pushing the
    same post again changes nothing. `analysed_at` is empty until the worker has run the
    pipeline over it."""

    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="posts", verbose_name=_("来源")
    )
    source_post_id = models.CharField(_("来源编号"), max_length=120)
    platform = models.CharField(_("平台"), max_length=30, blank=True)
    text = models.TextField(_("原文"))
    normalised = models.TextField(_("规范文本"), blank=True)
    author = models.CharField(_("作者"), max_length=100, blank=True)
    url = models.URLField(_("链接"), max_length=500, blank=True)
    posted_at = models.DateTimeField(_("发布时间"), default=timezone.now)
    ingested_at = models.DateTimeField(_("采集时间"), default=timezone.now)
    analysed_at = models.DateTimeField(_("分析时间"), null=True, blank=True)
    reach = models.PositiveIntegerField(_("传播量"), default=1)
    relevant = models.BooleanField(_("涉检"), null=True)
    sentiment = models.CharField(_("情感"), max_length=10, choices=Sentiment.choices, blank=True)
    severity = models.CharField(_("严重程度"), max_length=10, choices=Severity.choices, blank=True)
    office = models.ForeignKey(
        "offices.Procuratorate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opinion_posts",
        verbose_name=_("涉及单位"),
    )
    reasons = models.JSONField(_("判断依据"), default=list, blank=True)
    dup_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reposts",
        verbose_name=_("转发自"),
    )
    event = models.ForeignKey(
        "OpinionEvent",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("舆情事件"),
    )
    # The order in which the workers merged the post into the shared state (near-duplicate
    # index, events, hourly volumes), and its shingle hashes (uint32, little-endian): what
    # another worker process replays to see the same state.
    merge_seq = models.BigIntegerField(_("合并序号"), null=True, blank=True, editable=False)
    shingles = models.BinaryField(_("文本指纹"), null=True, blank=True, editable=False)
    # The stateless part of the analysis, done ahead by a worker that is not merging (its
    # judgements of the text and of a repost's own comment), for the merging worker.
    prepared = models.JSONField(_("预分析"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("舆情信息")
        verbose_name_plural = _("舆情信息")
        ordering = ["-posted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_post_id"], name="opinion_post_unique_per_source"
            )
        ]
        indexes = [
            models.Index(fields=["analysed_at", "id"], name="opinion_post_pending"),
            models.Index(fields=["relevant", "posted_at"], name="opinion_post_relevant"),
            models.Index(fields=["merge_seq"], name="opinion_post_merge_seq"),
            # the worker's claim: the oldest posts not analysed yet
            models.Index(
                fields=["posted_at", "id"],
                condition=models.Q(analysed_at__isnull=True),
                name="opinion_post_unanalysed",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:40]


class PipelineState(models.Model):
    """One row: the last merge sequence number given. Locking it is the merge lock the
    worker processes take in turn (a row lock on PostgreSQL; SQLite's write transactions
    are serial already), so the ordered part of the pipeline sees one history."""

    seq = models.BigIntegerField(_("合并序号"), default=0)
    updated_at = models.DateTimeField(_("更新时间"), default=timezone.now)

    class Meta:
        verbose_name = _("分析进度")
        verbose_name_plural = _("分析进度")

    def __str__(self) -> str:
        return str(self.seq)


class EventStatus(models.TextChoices):
    NEW = "new", _("待研判")
    ASSESSED = "assessed", _("已研判")
    HANDLING = "handling", _("处置中")
    GUIDING = "guiding", _("引导中")
    CLOSED = "closed", _("已办结")


class RiskLevel(models.TextChoices):
    HIGH = "high", _("高")
    MEDIUM = "medium", _("中")
    LOW = "low", _("低")


class OpinionEvent(models.Model):
    """Posts about one matter, handled as a workflow: assess (研判, with a risk note),
    handle (处置: the office concerned, a petition or case), guide (引导: a draft article),
    close (总结). Each step records when and by whom."""

    title = models.CharField(_("事件标题"), max_length=200)
    office = models.ForeignKey(
        "offices.Procuratorate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opinion_events",
        verbose_name=_("涉及单位"),
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=EventStatus.choices, default=EventStatus.NEW
    )
    severity = models.CharField(_("严重程度"), max_length=10, choices=Severity.choices, blank=True)
    first_seen_at = models.DateTimeField(_("首次发现"), default=timezone.now)
    last_seen_at = models.DateTimeField(_("最近发现"), default=timezone.now)
    posts_count = models.PositiveIntegerField(_("信息数"), default=0)
    negative_count = models.PositiveIntegerField(_("负面数"), default=0)
    reach = models.PositiveIntegerField(_("传播量"), default=0)

    risk_level = models.CharField(
        _("风险等级"), max_length=10, choices=RiskLevel.choices, blank=True
    )
    risk_note = models.TextField(_("研判意见"), blank=True)
    assessed_at = models.DateTimeField(_("研判时间"), null=True, blank=True)
    assessed_by = models.ForeignKey(
        "offices.Staff", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    handling_note = models.TextField(_("处置意见"), blank=True)
    handled_at = models.DateTimeField(_("处置时间"), null=True, blank=True)
    handled_by = models.ForeignKey(
        "offices.Staff", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    petition = models.ForeignKey(
        "intake.Petition",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opinion_events",
        verbose_name=_("关联信访件"),
    )
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opinion_events",
        verbose_name=_("关联案件"),
    )
    article = models.ForeignKey(
        "publishing.Article",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opinion_events",
        verbose_name=_("回应稿件"),
    )
    guided_at = models.DateTimeField(_("引导时间"), null=True, blank=True)
    guided_by = models.ForeignKey(
        "offices.Staff", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    summary = models.TextField(_("总结"), blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    closed_by = models.ForeignKey(
        "offices.Staff", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("舆情事件")
        verbose_name_plural = _("舆情事件")
        ordering = ["-last_seen_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def response_minutes(self) -> int | None:
        """From first sight to the first step taken (研判)."""
        if self.assessed_at is None:
            return None
        return int((self.assessed_at - self.first_seen_at).total_seconds() // 60)


class WatchKind(models.TextChoices):
    NAME = "name", _("人员姓名")
    KEYWORD = "keyword", _("案件关键词")
    EXCLUSION = "exclusion", _("排除词")


class WatchTerm(models.Model):
    """The watch-list as data: a prosecutor's name (with their office), a case keyword that
    makes a post relevant, or an exclusion that makes it irrelevant."""

    kind = models.CharField(_("类别"), max_length=10, choices=WatchKind.choices)
    term = models.CharField(_("词语"), max_length=60)
    office = models.ForeignKey(
        "offices.Procuratorate",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="opinion_watch_terms",
        verbose_name=_("所属单位"),
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("监测词")
        verbose_name_plural = _("监测词")
        ordering = ["kind", "term"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "term"], name="opinion_watch_term_unique")
        ]

    def __str__(self) -> str:
        return self.term


class AlertTrigger(models.TextChoices):
    MAJOR_POST = "major_post", _("重大负面信息")
    BURST = "burst", _("信息量突增")
    WATCH_NAME = "watch_name", _("涉及监测人员")


class AlertColour(models.TextChoices):
    RED = "red", _("红色")
    ORANGE = "orange", _("橙色")
    YELLOW = "yellow", _("黄色")
    BLUE = "blue", _("蓝色")


COLOUR_RANK = {
    AlertColour.RED: 4,
    AlertColour.ORANGE: 3,
    AlertColour.YELLOW: 2,
    AlertColour.BLUE: 1,
}


class AlertRule(models.Model):
    """When to alert and how loudly: a trigger, an optional minimum reach, a colour; who is
    told (the duty analysts, the head of the office concerned, named staff), whether by SMS
    as well as in the workbench; and whether, after how many minutes, an unacknowledged
    alert escalates."""

    name = models.CharField(_("名称"), max_length=80)
    trigger = models.CharField(_("触发条件"), max_length=12, choices=AlertTrigger.choices)
    colour = models.CharField(_("预警级别"), max_length=6, choices=AlertColour.choices)
    min_reach = models.PositiveIntegerField(_("最低传播量"), default=0)
    to_analysts = models.BooleanField(_("通知值班分析员"), default=True)
    to_office_head = models.BooleanField(_("通知涉及单位负责人"), default=True)
    recipients = models.ManyToManyField(
        "offices.Staff", blank=True, related_name="opinion_alert_rules", verbose_name=_("指定人员")
    )
    send_sms = models.BooleanField(_("发送短信"), default=True)
    escalate = models.BooleanField(_("未确认时升级"), default=True)
    escalate_minutes = models.PositiveIntegerField(_("未确认升级（分钟）"), default=30)
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("预警规则")
        verbose_name_plural = _("预警规则")
        ordering = ["trigger", "-min_reach"]

    def __str__(self) -> str:
        return self.name


class OpinionAlert(models.Model):
    """An alert raised by a rule on a post, a burst or an event; acknowledged by an analyst,
    or escalated (the office head is told again) when nobody does in time."""

    rule = models.ForeignKey(
        AlertRule, on_delete=models.PROTECT, related_name="alerts", verbose_name=_("规则")
    )
    colour = models.CharField(_("预警级别"), max_length=6, choices=AlertColour.choices)
    title = models.CharField(_("标题"), max_length=200)
    key = models.CharField(max_length=120, unique=True, editable=False)
    post = models.ForeignKey(
        OpinionPost, on_delete=models.CASCADE, null=True, blank=True, related_name="alerts"
    )
    event = models.ForeignKey(
        OpinionEvent, on_delete=models.CASCADE, null=True, blank=True, related_name="alerts"
    )
    source = models.ForeignKey(
        Source, on_delete=models.CASCADE, null=True, blank=True, related_name="alerts"
    )
    office = models.ForeignKey(
        "offices.Procuratorate",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="opinion_alerts",
    )
    created_at = models.DateTimeField(_("预警时间"), default=timezone.now)
    acknowledged_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    escalated_at = models.DateTimeField(_("升级时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("舆情预警")
        verbose_name_plural = _("舆情预警")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title
