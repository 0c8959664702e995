"""Laws, articles, FAQ entries and the colloquial-to-legal vocabulary.

Search reads these rows into an in-process BM25 index (`eqiao.knowledge.index`), rebuilt
when `IndexState.version` moves: every service that changes a row bumps it in the same
transaction, and a signal does so for edits made in the admin.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Law(models.Model):
    code = models.SlugField(_("代码"), max_length=64, unique=True)
    title = models.CharField(_("法律名称"), max_length=120)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    source = models.CharField(_("来源"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("法律")
        verbose_name_plural = _("法律")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class Article(models.Model):
    """One article (条) of a law; `key` is "264" or "133-1" (第一百三十三条之一)."""

    law = models.ForeignKey(Law, on_delete=models.CASCADE, related_name="articles")
    number = models.PositiveIntegerField(_("条号"))
    sub = models.PositiveSmallIntegerField(_("之几"), default=0)
    key = models.CharField(_("条文编号"), max_length=16)
    label = models.CharField(_("条文序号"), max_length=40)
    part = models.CharField(_("编"), max_length=60, blank=True)
    chapter = models.CharField(_("章"), max_length=80, blank=True)
    section = models.CharField(_("节"), max_length=80, blank=True)
    heading = models.CharField(_("条旨"), max_length=300, blank=True)
    crime_names = models.JSONField(_("罪名"), default=list, blank=True)
    text = models.TextField(_("条文"))

    class Meta:
        verbose_name = _("法条")
        verbose_name_plural = _("法条")
        ordering = ["law_id", "number", "sub"]
        constraints = [
            models.UniqueConstraint(fields=["law", "number", "sub"], name="kb_article_unique")
        ]

    def __str__(self) -> str:
        return f"{self.law.short_name or self.law.title}{self.label}"

    @property
    def place(self) -> str:
        """编 · 章 · 节, the article's place in the law."""
        return " · ".join(p for p in (self.part, self.chapter, self.section) if p)


class LawImportDraft(models.Model):
    """An uploaded law kept for its importer to check the preview, then confirm or discard."""

    staff = models.ForeignKey("offices.Staff", on_delete=models.CASCADE, related_name="+")
    code = models.CharField(_("代码"), max_length=64)
    title = models.CharField(_("法律名称"), max_length=120)
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    source = models.CharField(_("来源"), max_length=300, blank=True)
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("待确认的法律导入")
        verbose_name_plural = _("待确认的法律导入")

    def __str__(self) -> str:
        return self.title


class FaqStatus(models.TextChoices):
    DRAFT = "draft", _("待审核")
    PUBLISHED = "published", _("已发布")
    RETIRED = "retired", _("已停用")


class Faq(models.Model):
    """A question people ask and the answer staff wrote and reviewed. Only published
    entries are searched."""

    question = models.CharField(_("问题"), max_length=300)
    answer = models.TextField(_("解答"))
    articles = models.ManyToManyField(
        Article, blank=True, related_name="faqs", verbose_name=_("相关法条")
    )
    references = models.CharField(
        _("其他法律依据"),
        max_length=300,
        blank=True,
        help_text=_("未收录法律的条文，如《刑事诉讼法》第七十一条"),
    )
    tags = models.JSONField(_("标签"), default=list, blank=True)
    status = models.CharField(
        _("状态"), max_length=12, choices=FaqStatus.choices, default=FaqStatus.DRAFT
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("常见问题")
        verbose_name_plural = _("常见问题")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.question


class VocabularyTerm(models.Model):
    """A way people say it (撞人逃逸) and the legal words it means (交通肇事)."""

    colloquial = models.CharField(_("群众说法"), max_length=40, unique=True)
    legal = models.CharField(_("法律用语"), max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("口语词")
        verbose_name_plural = _("口语词")
        ordering = ["colloquial"]

    def __str__(self) -> str:
        return f"{self.colloquial} → {self.legal}"


class UnansweredStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    ANSWERED = "answered", _("已写入问答")
    DISMISSED = "dismissed", _("已忽略")


class UnansweredQuestion(models.Model):
    """A question the knowledge base could not answer with confidence, kept (once per
    wording, counted) for staff to turn into an FAQ entry."""

    text = models.CharField(_("问题"), max_length=300)
    fingerprint = models.CharField(max_length=64, unique=True)
    channel = models.CharField(_("来源渠道"), max_length=24, blank=True)
    times = models.PositiveIntegerField(_("次数"), default=1)
    best_confidence = models.FloatField(_("最高置信度"), default=0)
    status = models.CharField(
        _("状态"), max_length=12, choices=UnansweredStatus.choices, default=UnansweredStatus.OPEN
    )
    faq = models.ForeignKey(Faq, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    first_asked_at = models.DateTimeField(auto_now_add=True)
    last_asked_at = models.DateTimeField()

    class Meta:
        verbose_name = _("未答问题")
        verbose_name_plural = _("未答问题")
        ordering = ["-times", "-last_asked_at"]

    def __str__(self) -> str:
        return self.text


class IndexState(models.Model):
    """One row: the version of the searchable content. Bumped on every change."""

    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("索引版本")
        verbose_name_plural = _("索引版本")

    def __str__(self) -> str:
        return str(self.version)
