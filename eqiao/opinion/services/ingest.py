"""Taking posts in: one function every way in (feeds, files, the push API, the Weibo
channel) goes through. Idempotent by (source, source post id)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from eqiao.core.errors import ApplicationError
from eqiao.opinion.models import OpinionPost, Source, SourceKind

MAX_TEXT = 5000
MAX_BATCH = 5000


@dataclass(frozen=True)
class PostInput:
    source_post_id: str
    text: str
    author: str = ""
    url: str = ""
    posted_at: dt.datetime | None = None
    platform: str = ""


def source_get_or_create(*, code: str, kind: str, name: str = "") -> Source:
    source, _created = Source.objects.get_or_create(
        code=code, defaults={"kind": kind, "name": name or code}
    )
    return source


def _when(value: object) -> dt.datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        parsed: dt.datetime | None = value
    else:
        parsed = parse_datetime(str(value).strip().replace(" ", "T", 1))
        if parsed is None:
            raise ApplicationError(_("时间格式无法识别：%(value)s") % {"value": value})
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


def post_input_from(record: dict) -> PostInput:
    """A PostInput from an import/push record; ApplicationError names what is wrong."""
    if not isinstance(record, dict):
        raise ApplicationError(_("每条记录必须是一个对象。"))
    post_id = record.get("id", record.get("source_post_id"))
    if post_id in (None, "") or isinstance(post_id, bool | dict | list):
        raise ApplicationError(_("缺少编号（id）。"))
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ApplicationError(_("缺少正文（text）。"))
    if len(text) > MAX_TEXT:
        raise ApplicationError(_("正文过长（最多 %(n)s 字）。") % {"n": MAX_TEXT})
    return PostInput(
        source_post_id=str(post_id)[:120],
        text=text,
        author=str(record.get("author") or "")[:100],
        url=str(record.get("url") or "")[:500],
        posted_at=_when(record.get("posted_at")),
        platform=str(record.get("source") or record.get("platform") or "")[:30],
    )


def posts_ingest(*, source: Source, posts: Iterable[PostInput]) -> tuple[int, int]:
    """Store new posts of `source` (skipping those it already has): (created, skipped).
    The worker analyses them (`tasks.opinion_process_task` is enqueued on commit)."""
    items = list(posts)
    if not items:
        return 0, 0
    now = timezone.now()
    ids = {p.source_post_id for p in items}
    known = set(
        OpinionPost.objects.filter(source=source, source_post_id__in=ids).values_list(
            "source_post_id", flat=True
        )
    )
    fresh: dict[str, OpinionPost] = {}
    for p in items:
        if p.source_post_id in known or p.source_post_id in fresh:
            continue
        fresh[p.source_post_id] = OpinionPost(
            source=source,
            source_post_id=p.source_post_id,
            platform=p.platform or source.kind,
            text=p.text,
            author=p.author,
            url=p.url,
            posted_at=p.posted_at or now,
            ingested_at=now,
        )
    with transaction.atomic():
        OpinionPost.objects.bulk_create(fresh.values(), ignore_conflicts=True)
        if fresh:
            transaction.on_commit(_enqueue_processing)
    return len(fresh), len(items) - len(fresh)


def _enqueue_processing() -> None:
    from eqiao.opinion.tasks import opinion_process_task

    opinion_process_task.enqueue()


def records_from_file(name: str, data: bytes) -> list[dict]:
    """Records of a JSON Lines (.jsonl/.json) or CSV (.csv, header row) export."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ApplicationError(_("文件不是 UTF-8 编码。")) from exc
    if name.lower().endswith(".csv"):
        return list(csv.DictReader(io.StringIO(text)))
    records = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise ApplicationError(
                _("第 %(line)s 行不是合法的 JSON：%(error)s") % {"line": number, "error": exc.msg}
            ) from exc
    return records


def posts_import(*, source_code: str, name: str, data: bytes) -> tuple[int, int]:
    """Import an export file into the import source `source_code` (created on first use):
    (created, skipped). Every record is checked first: one bad record names its line and
    nothing is stored."""
    records = records_from_file(name, data)
    if len(records) > 200_000:
        raise ApplicationError(_("一次最多导入 200000 条。"))
    inputs = []
    for number, record in enumerate(records, start=1):
        try:
            inputs.append(post_input_from(record))
        except ApplicationError as exc:
            raise ApplicationError(
                _("第 %(line)s 条：%(error)s") % {"line": number, "error": exc.message}
            ) from exc
    source = source_get_or_create(code=source_code, kind=SourceKind.IMPORT)
    created = skipped = 0
    for start in range(0, len(inputs), MAX_BATCH):
        c, s = posts_ingest(source=source, posts=inputs[start : start + MAX_BATCH])
        created, skipped = created + c, skipped + s
    return created, skipped
