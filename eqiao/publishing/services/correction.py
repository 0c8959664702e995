"""Correcting a published article. The corrected text is proposed (by an editor, with a
note), checked by the automated review, and then goes through the office's human review
steps like a new article, each decided by someone other than its proposer. The published
version stays online meanwhile; the last approval replaces it, sends it out again to
every outlet, and shows the correction note with the article. A rejection leaves the
published version as it is."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eqiao.core.audit import audit_log
from eqiao.core.errors import ApplicationError
from eqiao.offices.capabilities import require
from eqiao.offices.models import Staff
from eqiao.publishing.models import (
    Article,
    ArticleCorrection,
    ArticleOutlet,
    ArticleStatus,
    CorrectionState,
    OutletState,
    ReviewTask,
    ReviewTaskState,
)
from eqiao.publishing.services.articles import ArticleInput, _apply, _attach, _clean, _revise
from eqiao.publishing.services.publish import _enqueue, _index
from eqiao.publishing.services.review import open_first_step, workflow_steps
from eqiao.publishing.services.screening import article_scan


def _check(article: Article, data: ArticleInput) -> None:
    """Refuse the text when the automated review finds anything in it (nothing stays
    changed: the trial runs in a transaction that is rolled back)."""
    try:
        with transaction.atomic():
            trial = Article.objects.select_for_update().get(pk=article.pk)
            _apply(trial, data)
            trial.save()
            _attach(trial, data)
            found = article_scan(article=trial)
            raise _Rollback(bool(found))
    except _Rollback as result:
        if result.found:
            raise ApplicationError(_("更正后的内容未通过安全审查，请先修改。")) from None


class _Rollback(Exception):
    def __init__(self, found: bool) -> None:
        self.found = found


def pending_correction(article: Article) -> ArticleCorrection | None:
    return article.corrections.filter(state=CorrectionState.PENDING).first()


def article_correct(
    *, actor: Staff, article: Article, data: ArticleInput, note: str
) -> ArticleCorrection:
    """Propose a correction of a published article (see the module docstring). Refused,
    and nothing changed, when the new text has a finding."""
    require(actor, "article.edit", article.office)
    note = (note or "").strip()
    if not note:
        raise ApplicationError(_("请填写更正说明。"), field="note")
    if article.status != ArticleStatus.PUBLISHED:
        raise ApplicationError(_("只有已发布的稿件可以更正。"))
    if pending_correction(article) is not None:
        raise ApplicationError(_("这篇稿件已有一份更正在审核中。"))
    data = _clean(data)
    _check(article, data)
    steps = workflow_steps(article.office, important=article.important)
    with transaction.atomic():
        correction = ArticleCorrection.objects.create(
            article=article,
            title=data.title,
            body_html=data.body_html,
            short_text=data.short_text,
            note=note[:300],
            proposed_by=actor,
        )
        last = article.review_tasks.order_by("-round").values_list("round", flat=True).first()
        round_ = (last or 0) + 1
        for order, step in enumerate(steps, start=1):
            ReviewTask.objects.create(
                article=article,
                correction=correction,
                round=round_,
                order=order,
                label=step.label,
                capability=step.capability,
                reason=str(step.due_days),
            )
        audit_log(
            actor=actor.user,
            action="article.correct_propose",
            target=article,
            detail={"note": note},
        )
        if steps:
            open_first_step(article=article, round_=round_)
    if not steps:
        correction_apply(correction=correction, actor=actor)
    correction.refresh_from_db()
    return correction


def correction_apply(*, correction: ArticleCorrection, actor: Staff) -> Article:
    """The last approval: the corrected text replaces the published one (scanned once more;
    refused if anything is found) and goes out again to every outlet."""
    article = correction.article
    data = ArticleInput(
        kind=article.kind,
        title=correction.title,
        body_html=correction.body_html,
        short_text=correction.short_text,
        tags=tuple(t.name for t in article.tags.all()),
        series=article.series,
        cover=article.cover,
        case=article.case,
        important=article.important,
        scheduled_at=article.scheduled_at,
    )
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        if locked.status != ArticleStatus.PUBLISHED:
            raise ApplicationError(_("只有已发布的稿件可以更正。"))
        _apply(locked, data)
        locked.correction_note = correction.note
        _attach(locked, data)
        _revise(locked, correction.proposed_by, _("更正：") + correction.note)
        if article_scan(article=locked):
            transaction.set_rollback(True)
            raise ApplicationError(_("更正后的内容未通过安全审查，请先修改。"))
        ArticleOutlet.objects.filter(article=locked).exclude(state=OutletState.WITHDRAWN).update(
            state=OutletState.PENDING, attempts=0, next_attempt_at=timezone.now()
        )
        ArticleCorrection.objects.filter(pk=correction.pk).update(
            state=CorrectionState.APPLIED, decided_at=timezone.now()
        )
        _index(locked)
        audit_log(
            actor=actor.user,
            action="article.correct",
            target=locked,
            detail={"note": correction.note},
        )
        transaction.on_commit(lambda: _enqueue(locked.pk))
    article.refresh_from_db()
    return article


def correction_rejected(*, correction: ArticleCorrection, round_: int) -> None:
    """A step rejected the correction: the published version stays as it is."""
    ArticleCorrection.objects.filter(pk=correction.pk).update(
        state=CorrectionState.REJECTED, decided_at=timezone.now()
    )
    ReviewTask.objects.filter(
        correction=correction,
        round=round_,
        state__in=[ReviewTaskState.WAITING, ReviewTaskState.OPEN],
    ).update(state=ReviewTaskState.CANCELLED)
