"""The sources posts come from: added, changed, paused, resumed, deleted, fetched now and
probed before saving (only at the city procuratorate)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eqiao.core.errors import ApplicationError
from eqiao.offices.capabilities import require
from eqiao.offices.models import Staff
from eqiao.opinion.models import (
    Source,
    SourceKind,
)
from eqiao.opinion.services.config.common import (
    _CODE,
    CAPABILITY,
    POLL_MAX,
    POLL_MIN,
    POLLED_KINDS,
    _audit,
    _require_city,
)
from eqiao.opinion.services.ingest import PostInput

# -- sources ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceInput:
    name: str
    kind: str
    url: str = ""
    query: str = ""
    poll_minutes: int = 15


def _url_clean(url: str, *, kind: str) -> str:
    url = url.strip()
    if not url:
        if kind in POLLED_KINDS:
            raise ApplicationError(_("请填写抓取地址。"), field="url")
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ApplicationError(
            _("抓取地址不正确：须以 http:// 或 https:// 开头并带有网站域名。"), field="url"
        )
    if any(ch.isspace() for ch in url):
        raise ApplicationError(_("抓取地址中不能有空格。"), field="url")
    if len(url) > 500:
        raise ApplicationError(_("抓取地址过长（最多 500 个字符）。"), field="url")
    return url


def source_input_clean(data: SourceInput) -> SourceInput:
    """The input with spaces trimmed; ApplicationError (naming the field) when it is wrong."""
    name = data.name.strip()
    if not name:
        raise ApplicationError(_("请填写来源名称。"), field="name")
    if len(name) > 100:
        raise ApplicationError(_("来源名称过长（最多 100 个字）。"), field="name")
    if data.kind not in SourceKind.values:
        raise ApplicationError(_("请选择来源类型。"), field="kind")
    url = _url_clean(data.url, kind=data.kind)
    query = data.query.strip()
    if data.kind == SourceKind.SEARCH and not query:
        raise ApplicationError(_("平台搜索接口须填写搜索词。"), field="query")
    if len(query) > 200:
        raise ApplicationError(_("搜索词过长（最多 200 个字）。"), field="query")
    if not POLL_MIN <= data.poll_minutes <= POLL_MAX:
        raise ApplicationError(
            _("抓取间隔须在 %(min)s 到 %(max)s 分钟之间。") % {"min": POLL_MIN, "max": POLL_MAX},
            field="poll_minutes",
        )
    return dataclasses.replace(data, name=name, url=url, query=query)


def source_create(*, actor: Staff, code: str, data: SourceInput, active: bool = True) -> Source:
    """A new source; a polled one (RSS, search) is due at once."""
    _require_city(actor)
    code = code.strip()
    if not code or not _CODE.match(code) or len(code) > 60:
        raise ApplicationError(
            _("代码只能由字母、数字、连字符和下划线组成（最多 60 个字符）。"), field="code"
        )
    data = source_input_clean(data)
    taken = Source.objects.filter(code=code).first()
    if taken is not None:
        raise ApplicationError(
            _("代码“%(code)s”已被来源“%(name)s”使用。") % {"code": code, "name": taken.name},
            field="code",
        )
    try:
        with transaction.atomic():
            source = Source.objects.create(
                code=code,
                active=active,
                next_poll_at=timezone.now() if data.kind in POLLED_KINDS else None,
                **dataclasses.asdict(data),
            )
            _audit(actor, "opinion.source_create", source, code=code, kind=data.kind)
    except IntegrityError as exc:  # a parallel request took the code first
        raise ApplicationError(
            _("代码“%(code)s”已被使用。") % {"code": code}, field="code"
        ) from exc
    return source


def source_update(*, actor: Staff, source: Source, data: SourceInput) -> Source:
    """Change a source's name, address, search words or interval (its code and kind stay).
    A new address forgets the old one's ETag, so the next poll reads the feed in full."""
    _require_city(actor)
    data = source_input_clean(dataclasses.replace(data, kind=source.kind))
    changed = {
        f: [getattr(source, f), getattr(data, f)]
        for f in ("name", "url", "query", "poll_minutes")
        if getattr(source, f) != getattr(data, f)
    }
    if not changed:
        return source
    if "url" in changed or "query" in changed:
        source.etag = source.last_modified = ""
    source.name, source.url, source.query = data.name, data.url, data.query
    source.poll_minutes = data.poll_minutes
    with transaction.atomic():
        source.save()
        _audit(actor, "opinion.source_update", source, changed=changed)
    return source


def source_pause(*, actor: Staff, source: Source) -> Source:
    _require_city(actor)
    if not source.active:
        raise ApplicationError(_("该来源已暂停。"))
    source.active = False
    with transaction.atomic():
        source.save(update_fields=["active"])
        _audit(actor, "opinion.source_pause", source)
    return source


def source_resume(*, actor: Staff, source: Source) -> Source:
    """Resume a paused source; a polled one is due at once (its back-off forgotten)."""
    _require_city(actor)
    if source.active:
        raise ApplicationError(_("该来源正在使用，无需恢复。"))
    source.active = True
    if source.kind in POLLED_KINDS:
        source.failures = 0
        source.next_poll_at = timezone.now()
    with transaction.atomic():
        source.save(update_fields=["active", "failures", "next_poll_at"])
        _audit(actor, "opinion.source_resume", source)
    return source


def source_delete(*, actor: Staff, source: Source) -> bool:
    """Delete a source that has no posts (True); one with posts is paused instead (False),
    since its posts and their events must keep where they came from."""
    _require_city(actor)
    posts = source.posts.count()
    if posts:
        if source.active:
            source_pause(actor=actor, source=source)
        return False
    with transaction.atomic():
        _audit(actor, "opinion.source_delete", source, code=source.code, name=source.name)
        source.delete()
    return True


def source_fetch_now(*, actor: Staff, source: Source) -> Source:
    """Make the source due now and queue the polling task (after the commit)."""
    _require_city(actor)
    if source.kind not in POLLED_KINDS:
        raise ApplicationError(
            _("“%(kind)s”类型的来源由对方推送或导入，不能主动抓取。")
            % {"kind": source.get_kind_display()}
        )
    if not source.active:
        raise ApplicationError(_("该来源已暂停，请先恢复再抓取。"))
    source.next_poll_at = timezone.now()
    with transaction.atomic():
        source.save(update_fields=["next_poll_at"])
        _audit(actor, "opinion.source_fetch", source)
        transaction.on_commit(_enqueue_poll)
    return source


def _enqueue_poll() -> None:
    from eqiao.opinion.tasks import opinion_poll_task

    opinion_poll_task.enqueue()


@dataclass(frozen=True)
class Probe:
    """What a test fetch found: the first posts, how many there were in all."""

    posts: list[PostInput]
    total: int


def source_probe(*, actor: Staff, data: SourceInput, limit: int = 20) -> Probe:
    """Read a feed or search API once, as the poller would, and store nothing (not even
    the ETag). Call outside any transaction: it waits on the network (10 s at most)."""
    import httpx

    from eqiao.opinion.services.feeds import TIMEOUT, JsonSearchClient, SourceError, feed_fetch

    require(actor, CAPABILITY, None)
    data = source_input_clean(data)
    if data.kind not in POLLED_KINDS:
        raise ApplicationError(_("只有 RSS/Atom 订阅和平台搜索接口可以试抓取。"), field="kind")
    scratch = Source(code="probe", name=data.name, kind=data.kind, url=data.url, query=data.query)
    try:
        with httpx.Client(timeout=TIMEOUT, follow_redirects=True) as client:
            if data.kind == SourceKind.RSS:
                posts = feed_fetch(scratch, client) or []
            else:
                posts = JsonSearchClient(data.url, client).search(data.query)
    except SourceError as exc:
        raise ApplicationError(_("试抓取失败：%(error)s") % {"error": exc}) from exc
    return Probe(posts=posts[:limit], total=len(posts))
