"""The studio's desk in the JSON API: published articles for kiosks and apps (public), and
the publish action for staff signed in to the workbench (session and CSRF). Publishing
goes through the same gate as the workbench and the admin."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.security import django_auth

from eqiao.api import schemas
from eqiao.core.errors import PermissionDeniedError
from eqiao.publishing.models import Article
from eqiao.publishing.richtext import extract
from eqiao.publishing.selectors import article_list_for_staff, published_articles
from eqiao.publishing.services.publish import article_publish

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
