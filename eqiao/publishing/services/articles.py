"""Writing articles: create, edit under a lock that expires, revisions and their diff."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eqiao.core.audit import audit_log
from eqiao.core.errors import ApplicationError
from eqiao.offices.capabilities import require
from eqiao.offices.models import Procuratorate, Staff
from eqiao.publishing.models import (
    Article,
    ArticleImage,
    ArticleKind,
    ArticleRevision,
    ArticleStatus,
    Series,
    Tag,
)
from eqiao.publishing.richtext import WEIBO_LIMIT, extract, sanitize, weibo_length
from eqiao.publishing.services.review import article_rescreen

# The editor page renews its lock every HEARTBEAT_SECONDS (htmx); a lock whose page was
# closed (no heartbeat) expires after LOCK_SECONDS.
LOCK_SECONDS = 120
HEARTBEAT_SECONDS = 30
EDITABLE = (ArticleStatus.DRAFT, ArticleStatus.SECURITY)
MAX_TITLE = 120
MAX_BODY = 200_000


@dataclass
class ArticleInput:
    kind: str
    title: str
    body_html: str = ""
    short_text: str = ""
    tags: tuple[str, ...] = ()
    series: Series | None = None
    cover: ArticleImage | None = None
    case: object | None = None
    important: bool = False
    scheduled_at: dt.datetime | None = None


def _clean(data: ArticleInput) -> ArticleInput:
    if data.kind not in ArticleKind.values:
        raise ApplicationError(_("请选择稿件类别。"), field="kind")
    title = (data.title or "").strip()
    if not title:
        raise ApplicationError(_("请填写标题。"), field="title")
    if len(title) > MAX_TITLE:
        raise ApplicationError(_("标题不能超过%(n)s个字。") % {"n": MAX_TITLE}, field="title")
    if len(data.body_html or "") > MAX_BODY:
        raise ApplicationError(_("正文过长。"), field="body_html")
    short = (data.short_text or "").strip()
    if weibo_length(short) > WEIBO_LIMIT:
        raise ApplicationError(
            _("短版超过微博的%(n)s字上限。") % {"n": WEIBO_LIMIT}, field="short_text"
        )
    if data.kind == ArticleKind.CASE_RELEASE and data.case is None and data.important:
        raise ApplicationError(_("重要案件信息发布须关联案件。"), field="case")
    tags = tuple(dict.fromkeys(t.strip()[:30] for t in data.tags if t and t.strip()))
    return ArticleInput(
        kind=data.kind,
        title=title,
        body_html=sanitize(data.body_html),
        short_text=short,
        tags=tags,
        series=data.series,
        cover=data.cover,
        case=data.case,
        important=bool(data.important),
        scheduled_at=data.scheduled_at,
    )


def _apply(article: Article, data: ArticleInput) -> None:
    article.kind = data.kind
    article.title = data.title
    article.body_html = data.body_html
    article.short_text = data.short_text
    article.series = data.series
    article.cover = data.cover
    article.case = data.case  # type: ignore[assignment]
    article.important = data.important
    article.scheduled_at = data.scheduled_at
    article.updated_at = timezone.now()


def _attach(article: Article, data: ArticleInput) -> None:
    article.tags.set([Tag.objects.get_or_create(name=name)[0] for name in data.tags])
    # Images the body shows (by their media URL) and the cover belong to the article, so
    # their alt texts and captions are reviewed with it.
    srcs = set(extract(article.body_html).images)
    images = [i for i in ArticleImage.objects.filter(office=article.office) if i.file.url in srcs]
    if article.cover is not None:
        images.append(article.cover)
    article.images.set(images)


def _revise(article: Article, editor: Staff, note: str = "") -> ArticleRevision:
    article.revision += 1
    article.save()
    return ArticleRevision.objects.create(
        article=article,
        number=article.revision,
        title=article.title,
        body_html=article.body_html,
        short_text=article.short_text,
        editor=editor,
        note=note[:200],
    )


def article_create(*, actor: Staff, office: Procuratorate, data: ArticleInput) -> Article:
    """A new draft by `actor`, who holds the edit lock on it."""
    require(actor, "article.edit", office)
    data = _clean(data)
    with transaction.atomic():
        article = Article(office=office, author=actor)
        _apply(article, data)
        article.lock_holder = actor
        article.lock_expires_at = timezone.now() + dt.timedelta(seconds=LOCK_SECONDS)
        article.save()
        _attach(article, data)
        _revise(article, actor, _("新建"))
        audit_log(actor=actor.user, action="article.create", target=article)
    return article


def _locked_by_other(article: Article, actor: Staff, now: dt.datetime) -> bool:
    return (
        article.lock_holder_id is not None
        and article.lock_holder_id != actor.pk
        and article.lock_expires_at is not None
        and article.lock_expires_at > now
    )


def article_lock(*, actor: Staff, article: Article) -> Article:
    """Take (or renew) the edit lock; refused while someone else holds an unexpired one."""
    require(actor, "article.edit", article.office)
    now = timezone.now()
    with transaction.atomic():
        locked = Article.objects.select_for_update().get(pk=article.pk)
        if _locked_by_other(locked, actor, now):
            raise ApplicationError(
                _("%(name)s正在编辑这篇稿件（至%(until)s），请稍后再试。")
                % {
                    "name": locked.lock_holder.full_name if locked.lock_holder else "",
                    "until": timezone.localtime(locked.lock_expires_at).strftime("%H:%M")
                    if locked.lock_expires_at
                    else "",
                }
            )
        locked.lock_holder = actor
        locked.lock_expires_at = now + dt.timedelta(seconds=LOCK_SECONDS)
        locked.save(update_fields=["lock_holder", "lock_expires_at"])
    return locked


def article_lock_holder(article: Article, *, now: dt.datetime | None = None):
    """Who holds an unexpired lock on `article` (None when nobody does)."""
    now = now or timezone.now()
    if article.lock_holder_id and article.lock_expires_at and article.lock_expires_at > now:
        return article.lock_holder
    return None


def article_unlock(*, actor: Staff, article: Article) -> None:
    Article.objects.filter(pk=article.pk, lock_holder=actor).update(
        lock_holder=None, lock_expires_at=None
    )


def article_update(
    *, actor: Staff, article: Article, data: ArticleInput, note: str = ""
) -> Article:
    """Save an edit as a new revision. Only a draft, or an article the automated review
    stopped, is edited (a published one is corrected: `article_correct`); the editor must
    hold the lock or be able to take it. An article in SECURITY is scanned again, and goes
    on to human review when nothing is left open."""
    if article.status not in EDITABLE:
        raise ApplicationError(_("稿件当前状态不能修改。"))
    article = article_lock(actor=actor, article=article)
    if article.status not in EDITABLE:
        raise ApplicationError(_("稿件当前状态不能修改。"))
    data = _clean(data)
    with transaction.atomic():
        _apply(article, data)
        _attach(article, data)
        _revise(article, actor, note)
        audit_log(actor=actor.user, action="article.update", target=article)
    if article.status == ArticleStatus.SECURITY:
        article_rescreen(article=article)
    return article


@dataclass(frozen=True)
class DiffLine:
    op: str  # " ", "-", "+"
    text: str


def revision_diff(*, old: ArticleRevision, new: ArticleRevision) -> list[DiffLine]:
    """Line diff of two revisions' title, plain body text and short version."""

    def lines(r: ArticleRevision) -> list[str]:
        return (
            [_("标题：") + r.title]
            + extract(r.body_html).text.splitlines()
            + [_("短版：") + r.short_text]
        )

    out = []
    for line in difflib.ndiff(lines(old), lines(new)):
        if line.startswith("?"):
            continue
        out.append(DiffLine(op=line[0], text=line[2:]))
    return out
