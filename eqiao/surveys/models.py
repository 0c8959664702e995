"""Questionnaires (问卷) staff build, the invitations sent to parties, and the answers.

A survey is a draft while staff build it, published while people answer, closed after.
An anonymous survey is answered through its public link (and QR code) or an invitation;
a linked survey only through invitations, so each answer carries the case, petition or
phone it was sent for. One invitation is answered once: the database holds to it.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eqiao.core.masking import mask_phone


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    CLOSED = "closed", _("已结束")


class QuestionKind(models.TextChoices):
    SINGLE = "single", _("单选")
    MULTIPLE = "multiple", _("多选")
    SCALE = "scale", _("1–5分评分")
    TEXT = "text", _("文字回答")


SCALE_MIN, SCALE_MAX = 1, 5


def public_key_new() -> str:
    """The survey's part of its public link: random, unguessable, short enough for a QR."""
    return secrets.token_urlsafe(9)


class Survey(models.Model):
    office = models.ForeignKey(
        "offices.Procuratorate",
        on_delete=models.PROTECT,
        related_name="surveys",
        verbose_name=_("所属单位"),
    )
    title = models.CharField(_("标题"), max_length=120)
    intro = models.TextField(_("说明"), blank=True)
    anonymous = models.BooleanField(
        _("匿名"),
        default=True,
        help_text=_("匿名问卷可通过公开链接和二维码填写；实名问卷只能通过短信邀请填写。"),
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    opens_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    closes_at = models.DateTimeField(_("截止时间"), null=True, blank=True)
    public_key = models.CharField(max_length=20, unique=True, default=public_key_new)
    created_by = models.ForeignKey(
        "offices.Staff", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), default=timezone.now)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("问卷")
        verbose_name_plural = _("问卷")
        constraints = [
            models.CheckConstraint(
                name="survey_closes_after_opening",
                condition=models.Q(opens_at__isnull=True)
                | models.Q(closes_at__isnull=True)
                | models.Q(closes_at__gt=models.F("opens_at")),
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.status == SurveyStatus.DRAFT


class Question(models.Model):
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("问卷")
    )
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    kind = models.CharField(_("题型"), max_length=16, choices=QuestionKind.choices)
    text = models.CharField(_("题目"), max_length=300)
    required = models.BooleanField(_("必答"), default=True)
    counts_toward_satisfaction = models.BooleanField(
        _("计入满意度"),
        default=False,
        help_text=_("仅对1–5分评分题有效：1分折0分，5分折100分。"),
    )

    class Meta:
        ordering = ["survey_id", "order", "pk"]
        verbose_name = _("题目")
        verbose_name_plural = _("题目")
        constraints = [
            models.CheckConstraint(
                name="question_satisfaction_only_on_scale",
                condition=models.Q(counts_toward_satisfaction=False)
                | models.Q(kind=QuestionKind.SCALE),
            )
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def has_choices(self) -> bool:
        return self.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE)


class Choice(models.Model):
    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="choices", verbose_name=_("题目")
    )
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)
    text = models.CharField(_("选项"), max_length=100)

    class Meta:
        ordering = ["question_id", "order", "pk"]
        verbose_name = _("选项")
        verbose_name_plural = _("选项")

    def __str__(self) -> str:
        return self.text


class Invitation(models.Model):
    """One SMS invitation to one person; its link carries a signed token of this row. The
    answer, when given, is linked to the case or petition the person was invited for."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("问卷")
    )
    phone = models.CharField(_("手机号码"), max_length=20)
    office = models.ForeignKey(
        "offices.Procuratorate",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("被评价单位"),
    )
    case = models.ForeignKey(
        "cases.Case", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    petition = models.ForeignKey(
        "intake.Petition", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.ForeignKey(
        "channels.OutboundMessage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("发送时间"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("问卷邀请")
        verbose_name_plural = _("问卷邀请")
        constraints = [
            # A person is invited to a survey once, however many records name them.
            models.UniqueConstraint(fields=["survey", "phone"], name="invitation_once_per_phone")
        ]

    def __str__(self) -> str:
        return f"{self.survey_id}:{self.masked_phone}"

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.phone)


class Response(models.Model):
    """One person's answers to one survey. `satisfaction` (0–100) is the mean of the
    person's answers to the scale questions that count toward satisfaction, fixed when the
    answer is stored, so the index sums it without reading the answers again."""

    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, related_name="responses", verbose_name=_("问卷")
    )
    invitation = models.OneToOneField(
        Invitation,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="response",
        verbose_name=_("邀请"),
    )
    office = models.ForeignKey(
        "offices.Procuratorate",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("被评价单位"),
    )
    satisfaction = models.FloatField(_("满意度得分"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("答卷")
        verbose_name_plural = _("答卷")
        indexes = [models.Index(fields=["office", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.survey_id}:{self.pk}"


class Answer(models.Model):
    """One answer: a choice (one row per chosen option of a multiple-choice question), a
    scale value 1–5, or a text."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    choice = models.ForeignKey(
        Choice, null=True, blank=True, on_delete=models.CASCADE, related_name="answers"
    )
    value = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["response_id", "question_id", "pk"]
        verbose_name = _("回答")
        verbose_name_plural = _("回答")
        constraints = [
            models.CheckConstraint(
                name="answer_value_in_scale",
                condition=models.Q(value__isnull=True)
                | models.Q(value__gte=SCALE_MIN, value__lte=SCALE_MAX),
            )
        ]

    def __str__(self) -> str:
        return f"{self.response_id}:{self.question_id}"
