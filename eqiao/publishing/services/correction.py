"""Correcting a published article: the new text is reviewed by the same automated review
and goes out again to every outlet; the correction note is shown with the article."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eqiao.core.audit import audit_log
from eqiao.core.errors import ApplicationError
from eqiao.offices.capabilities import require
from eqiao.offices.models import Staff
from eqiao.publishing.models import Article, ArticleOutlet, ArticleStatus, OutletState
from eqiao.publishing.services.articles import ArticleInput, _apply, _attach, _clean, _revise
from eqiao.publishing.services.publish import _enqueue, _index
from eqiao.publishing.services.screening import article_scan


def article_correct(*, actor: Staff, article: Article, data: ArticleInput, note: str) -> Article:
    """Replace a published article's text with a correction (a head, with a note). Refused,
    and nothing changed, when the new text has an open finding."""
    require(actor, "article.approve", article.office)
    note = (note or "").strip()
    if not note:
        raise ApplicationError(_("请填写更正说明。"), field="note")
    if article.status != ArticleStatus.PUBLISHED:
        raise ApplicationError(_("只有已发布的稿件可以更正。"))
    data = _clean(data)
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        _apply(locked, data)
        locked.correction_note = note[:300]
        _attach(locked, data)
        _revise(locked, actor, _("更正：") + note)
        if article_scan(article=locked):
            transaction.set_rollback(True)
            raise ApplicationError(_("更正后的内容未通过安全审查，请先修改。"))
        ArticleOutlet.objects.filter(article=locked).exclude(state=OutletState.WITHDRAWN).update(
            state=OutletState.PENDING, attempts=0, next_attempt_at=timezone.now()
        )
        _index(locked)
        audit_log(actor=actor.user, action="article.correct", target=locked, detail={"note": note})
        transaction.on_commit(lambda: _enqueue(locked.pk))
    article.refresh_from_db()
    return article
