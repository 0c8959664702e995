"""The studio's desk in the JSON API: published articles for kiosks and apps (public), the
publish action for staff signed in to the workbench (session and CSRF), and the write API
for drafts (a client key with the scope `articles.write`). Publishing goes through the
same gate as the workbench and the admin; review cannot be skipped through any of it."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.security import django_auth

from eqiao.api import schemas
from eqiao.api.auth import ClientBearer
from eqiao.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from eqiao.offices.models import Staff
from eqiao.offices.selectors import office_scope_filter
from eqiao.publishing.models import Article, ArticleKind, FindingStatus, Series
from eqiao.publishing.richtext import extract
from eqiao.publishing.selectors import article_list_for_staff, published_articles
from eqiao.publishing.services.articles import (
    ArticleInput,
    article_create,
    article_unlock,
    article_update,
)
from eqiao.publishing.services.publish import article_publish
from eqiao.publishing.services.review import article_submit

router = Router(tags=["Publishing"])
ERRORS = {code: schemas.ErrorOut for code in (400, 401, 403, 404)}


class ArticleOut(Schema):
    id: int
    kind: str
    title: str
    summary: str
    published_at: dt.datetime | None
    office: str
    tags: list[str]


class ArticleDetailOut(ArticleOut):
    body_html: str


def _out(a: Article) -> dict:
    return {
        "id": a.pk,
        "kind": a.kind,
        "title": a.title,
        "summary": a.short_text or extract(a.body_html).text[:120],
        "published_at": a.published_at,
        "office": a.office.short_name,
        "tags": [t.name for t in a.tags.all()],
        "body_html": a.body_html,
    }


@router.get("/articles", response={200: list[ArticleOut]}, summary="已发布的文章（最新50篇）")
def articles(request: HttpRequest):
    return [_out(a) for a in published_articles()[:50]]


@router.get(
    "/articles/{article_id}",
    response={200: ArticleDetailOut, **ERRORS},
    summary="一篇已发布的文章",
)
def article(request: HttpRequest, article_id: int):
    return _out(get_object_or_404(published_articles(), pk=article_id))


@router.post(
    "/articles/{article_id}/publish",
    auth=django_auth,
    response={200: ArticleOut, **ERRORS},
    summary="发布已审批的文章（干警登录）",
)
def publish(request: HttpRequest, article_id: int):
    staff = getattr(request.user, "staff", None)
    if staff is None:
        raise PermissionDeniedError(_("仅限干警。"))
    item = get_object_or_404(article_list_for_staff(staff=staff), pk=article_id)
    return _out(article_publish(actor=staff, article=item))


# -- the staff write API: drafts and their submission for review ---------------------------
#
# A client granted the scope `articles.write` (e.g. the studio's editing tool) writes on
# behalf of a named member of staff (`author`, their login name), who must hold the
# editor's capability for their office. It can create and update a draft and send it for
# review; there is no way through it to approve or publish: the review's steps are
# decided by people in the workbench, never by the author, and publication passes the
# same gate as everywhere else.

WRITE_SCOPE = "articles.write"
WRITE_ERRORS = {code: schemas.ErrorOut for code in (400, 401, 403, 404, 422)}


class DraftIn(Schema):
    author: str = Field(max_length=150, description="代为撰稿的干警登录名（须有撰稿权限）")
    kind: ArticleKind = Field(description="稿件类别")
    title: str = Field(max_length=120)
    body_html: str = Field("", max_length=200_000, description="正文HTML（按白名单净化）")
    short_text: str = Field("", max_length=2000, description="短版（短信、微博）")
    tags: list[str] = Field(default_factory=list, max_length=20)
    series_id: int | None = Field(None, description="系列（须属于作者所在单位或其下级）")
    scheduled_at: dt.datetime | None = Field(None, description="定时发布时间（审批后生效）")


class SubmitIn(Schema):
    author: str = Field(max_length=150, description="送审的干警登录名")


class FindingOut(Schema):
    kind: str
    detail: str
    field: str
    matched: str


class DraftOut(Schema):
    id: int
    status: str
    status_label: str
    title: str
    revision: int
    open_findings: list[FindingOut]
    review_steps: list[str]


def _writer(request: HttpRequest, username: str) -> Staff:
    client = request.auth
    if not client.has_scope(WRITE_SCOPE):
        raise PermissionDeniedError(_("该接入方没有写稿的权限（articles.write）。"))
    staff = (
        Staff.objects.filter(user__username=username, is_active=True)
        .select_related("office", "user")
        .first()
    )
    if staff is None:
        raise ApplicationError(_("找不到该干警，或其账号已停用。"), field="author")
    return staff


def _draft_out(article: Article) -> dict:
    article.refresh_from_db()
    last = article.review_tasks.order_by("-round").values_list("round", flat=True).first()
    return {
        "id": article.pk,
        "status": article.status,
        "status_label": str(article.get_status_display()),
        "title": article.title,
        "revision": article.revision,
        "open_findings": [
            {"kind": f.kind, "detail": f.detail, "field": f.field, "matched": f.matched}
            for f in article.findings.filter(status=FindingStatus.OPEN)
        ],
        "review_steps": [
            f"{t.label}：{t.get_state_display()}"
            for t in article.review_tasks.filter(round=last or 0).order_by("order")
        ],
    }


def _input(staff: Staff, payload: DraftIn) -> ArticleInput:
    series = None
    if payload.series_id is not None:
        series = (
            office_scope_filter(Series.objects.all(), staff=staff)
            .filter(pk=payload.series_id)
            .first()
        )
        if series is None:
            raise ApplicationError(_("找不到该系列。"), field="series_id")
    return ArticleInput(
        kind=payload.kind,
        title=payload.title,
        body_html=payload.body_html,
        short_text=payload.short_text,
        tags=tuple(payload.tags),
        series=series,
        scheduled_at=payload.scheduled_at,
    )


def _own_draft(staff: Staff, article_id: int) -> Article:
    article = article_list_for_staff(staff=staff).filter(pk=article_id).first()
    if article is None:
        raise NotFoundError(_("找不到该稿件。"))
    return article


@router.post(
    "/drafts",
    auth=ClientBearer(),
    response={200: DraftOut, **WRITE_ERRORS},
    summary="新建稿件草稿（接入方须有 articles.write 权限）",
)
def draft_create(request: HttpRequest, payload: DraftIn):
    """A new draft by `author`; it is not reviewed or published until it is submitted and
    every review step is approved by someone else in the workbench."""
    staff = _writer(request, payload.author)
    article = article_create(actor=staff, office=staff.office, data=_input(staff, payload))
    article_unlock(actor=staff, article=article)  # an API write holds no editor page open
    return _draft_out(article)


@router.put(
    "/drafts/{article_id}",
    auth=ClientBearer(),
    response={200: DraftOut, **WRITE_ERRORS},
    summary="修改稿件草稿（草稿或安全审查未通过的稿件）",
)
def draft_update(request: HttpRequest, article_id: int, payload: DraftIn):
    """Save a new revision. Refused while a colleague holds the edit lock, and for an
    article in review, approved or published (a published one is corrected in the
    workbench, through the review again)."""
    staff = _writer(request, payload.author)
    article = _own_draft(staff, article_id)
    article = article_update(actor=staff, article=article, data=_input(staff, payload))
    article_unlock(actor=staff, article=article)
    return _draft_out(article)


@router.post(
    "/drafts/{article_id}/submit",
    auth=ClientBearer(),
    response={200: DraftOut, **WRITE_ERRORS},
    summary="稿件送审（自动安全审查，然后进入人工审核）",
)
def draft_submit(request: HttpRequest, article_id: int, payload: SubmitIn):
    """The automated review runs first: with findings the article stops at 安全审查 and
    the answer lists them; otherwise the office's human steps open."""
    staff = _writer(request, payload.author)
    article = _own_draft(staff, article_id)
    return _draft_out(article_submit(actor=staff, article=article))
