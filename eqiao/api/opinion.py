"""v1 opinion: monitoring connectors push posts.

`POST /api/v1/opinion/posts` with `Authorization: Bearer <key>` of a client granted the
scope `opinion.push`. The posts join the connector's source (`source`, created on first
use); a post already received (same source, same id) is skipped, so a connector may send
the same batch again after a timeout. The worker analyses them within the minute."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from eqiao.api import schemas
from eqiao.api.auth import ClientBearer
from eqiao.core.errors import ApplicationError, PermissionDeniedError
from eqiao.opinion.models import Source, SourceKind
from eqiao.opinion.services.ingest import PostInput, posts_ingest, source_get_or_create

router = Router(tags=["EQiao v1 opinion"])
SCOPE = "opinion.push"
MAX_ITEMS = 500
ERRORS = {code: schemas.ErrorOut for code in (400, 401, 403, 422)}


class PostIn(Schema):
    id: str = Field(max_length=120, description="来源平台的信息编号；同一来源同一编号只收一次")
    text: str = Field(min_length=1, max_length=5000, description="正文")
    author: str = Field("", max_length=100)
    url: str = Field("", max_length=500)
    platform: str = Field("", max_length=30, description="weibo、wechat、news、forum、douyin…")
    posted_at: dt.datetime | None = Field(None, description="发布时间（ISO 8601）；缺省为收到时间")


class PostBatchIn(Schema):
    source: str = Field(
        pattern=r"^[-a-zA-Z0-9_]+$", max_length=60, description="来源代码，如 vendor-weibo"
    )
    posts: list[PostIn] = Field(max_length=MAX_ITEMS, description="最多500条")


class PostBatchOut(Schema):
    created: int
    skipped: int


@router.post("/posts", auth=ClientBearer(), response={200: PostBatchOut, **ERRORS})
def opinion_posts_push(request: HttpRequest, payload: PostBatchIn):
    """Push monitored posts (舆情信息推送). Idempotent by (source, id)."""
    client = request.auth
    if not client.has_scope(SCOPE):
        raise PermissionDeniedError(_("该接入方没有推送舆情信息的权限（opinion.push）。"))
    existing = Source.objects.filter(code=payload.source).first()
    if existing is not None and existing.kind != SourceKind.PUSH:
        raise ApplicationError(_("来源代码已被其他类型的来源使用。"), field="source")
    source = existing or source_get_or_create(
        code=payload.source, kind=SourceKind.PUSH, name=f"{client.name}·{payload.source}"
    )
    created, skipped = posts_ingest(
        source=source,
        posts=[
            PostInput(
                source_post_id=p.id,
                text=p.text,
                author=p.author,
                url=p.url,
                posted_at=p.posted_at,
                platform=p.platform,
            )
            for p in payload.posts
        ],
    )
    return {"created": created, "skipped": skipped}
