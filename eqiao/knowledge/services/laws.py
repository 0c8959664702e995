"""Loading laws: the Criminal Law from its vendored data, others from text or .docx."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eqiao.core.audit import audit_log
from eqiao.core.errors import ApplicationError
from eqiao.knowledge import lawdata
from eqiao.knowledge.lawdata import ArticleRecord, crime_names_of
from eqiao.knowledge.models import Article, Law, LawImportDraft
from eqiao.knowledge.numerals import article_label, parse_heading
from eqiao.knowledge.services.common import index_bump
from eqiao.offices.capabilities import require

MAX_IMPORT_BYTES = 10 * 1024 * 1024


@dataclass
class LoadResult:
    law: Law
    articles: int
    created: bool


def _store(
    *, code: str, title: str, short_name: str, source: str, records: list[ArticleRecord]
) -> LoadResult:
    """Replace the law's articles with `records` (FAQ links to articles that still exist
    survive: articles are matched by number)."""
    with transaction.atomic():
        law, created = Law.objects.update_or_create(
            code=code, defaults={"title": title, "short_name": short_name, "source": source}
        )
        existing = {(a.number, a.sub): a for a in law.articles.all()}
        keep = set()
        new: list[Article] = []
        for r in records:
            values = {
                "key": r.key,
                "label": article_label(r.number, r.sub),
                "part": r.part,
                "chapter": r.chapter,
                "section": r.section,
                "heading": r.heading[:300],
                "crime_names": r.crime_names,
                "text": r.text,
            }
            article = existing.get((r.number, r.sub))
            if article is None:
                new.append(Article(law=law, number=r.number, sub=r.sub, **values))
            else:
                Article.objects.filter(pk=article.pk).update(**values)
            keep.add((r.number, r.sub))
        Article.objects.bulk_create(new, batch_size=200)
        stale = [a.pk for k, a in existing.items() if k not in keep]
        Article.objects.filter(pk__in=stale).delete()
        index_bump()
    return LoadResult(law=law, articles=len(records), created=created)


def criminal_law_load() -> LoadResult:
    """Load (or reload) the Criminal Law from the vendored CSV with the corrections."""
    return _store(
        code=lawdata.CRIMINAL_LAW_CODE,
        title=lawdata.CRIMINAL_LAW_TITLE,
        short_name=lawdata.CRIMINAL_LAW_SHORT,
        source="legal-documents-cn 0.0.12 (MIT), corrected: eqiao/knowledge/data/SOURCES.md",
        records=lawdata.criminal_law_articles(),
    )


_PART = re.compile(r"^\s*第[一二三四五六七八九十百零〇\d]+编\s*(.*)$")
_CHAPTER = re.compile(r"^\s*第[一二三四五六七八九十百零〇\d]+章\s*(.*)$")
_SECTION = re.compile(r"^\s*第[一二三四五六七八九十百零〇\d]+节\s*(.*)$")


def articles_from_text(text: str) -> list[ArticleRecord]:
    """Articles found in a law's text: a line starting 第X条 (Chinese or Arabic numerals,
    之一 included) opens an article; 第X编/章/节 lines give its place; a heading in 【】
    right after the number is kept with its crime names."""
    records: list[ArticleRecord] = []
    place = {"part": "", "chapter": "", "section": ""}
    seen: set[tuple[int, int]] = set()
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip(" \u3000\t")
        if not line:
            continue
        for name, pattern in (("part", _PART), ("chapter", _CHAPTER), ("section", _SECTION)):
            m = pattern.match(line)
            if m and len(line) < 40:
                place[name] = line
                if name == "part":
                    place["chapter"] = place["section"] = ""
                elif name == "chapter":
                    place["section"] = ""
                break
        else:
            parsed = parse_heading(line)
            if parsed is not None and (parsed[0], parsed[1]) not in seen:
                number, sub, rest = parsed
                heading = ""
                m = re.match(r"^【([^】]*)】", rest)
                if m:
                    heading, rest = m.group(1).strip(), rest[m.end() :].strip()
                records.append(
                    ArticleRecord(
                        number=number,
                        sub=sub,
                        heading=heading,
                        crime_names=crime_names_of(heading),
                        text=rest,
                        **place,
                    )
                )
                seen.add((number, sub))
            elif records:
                records[-1].text = (records[-1].text + "\n" + line).strip()
    return records


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_DOCX_XML_BYTES = 50 * 1024 * 1024


def _docx_text(data: bytes) -> str:
    """The paragraphs of a .docx file, one a line: word/document.xml read with the standard
    library. (python-docx would do the same but brings lxml, and lxml changes how openpyxl
    writes the spreadsheets the exports make: one parser for one file type is enough.)"""
    error = ApplicationError(_("无法读取这个 Word 文件，请确认是 .docx 格式。"), field="file")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > MAX_DOCX_XML_BYTES:  # a zip bomb
                raise error
            root = ElementTree.fromstring(archive.read(info))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError) as exc:
        raise error from exc
    lines = []
    for paragraph in root.iter(f"{_W}p"):
        parts = []
        for node in paragraph.iter():
            if node.tag == f"{_W}t" and node.text:
                parts.append(node.text)
            elif node.tag == f"{_W}tab":
                parts.append("\t")
            elif node.tag in (f"{_W}br", f"{_W}cr"):
                parts.append("\n")
        lines.append("".join(parts))
    return "\n".join(lines)


def text_of_upload(*, name: str, data: bytes) -> str:
    """The text of an uploaded .txt (UTF-8 or GB18030) or .docx file."""
    if len(data) > MAX_IMPORT_BYTES:
        raise ApplicationError(_("文件太大，请不要超过 10 MB。"), field="file")
    lower = name.lower()
    if lower.endswith(".docx"):
        return _docx_text(data)
    if lower.endswith(".txt"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise ApplicationError(_("无法识别文件的文字编码，请另存为 UTF-8 文本。"), field="file")
    raise ApplicationError(_("只能导入 .txt 或 .docx 文件。"), field="file")


def _checked(*, code: str, title: str, text: str) -> list[ArticleRecord]:
    """The articles of `text` for a law to be imported as `code`, or a clear error."""
    if not re.fullmatch(r"[a-z0-9_-]{2,64}", code or ""):
        raise ApplicationError(
            _("代码只能用小写字母、数字、下划线或连字符（2–64 个字符）。"), field="code"
        )
    if not title.strip():
        raise ApplicationError(_("请填写法律名称。"), field="title")
    if code == lawdata.CRIMINAL_LAW_CODE:
        raise ApplicationError(_("刑法由系统自带的数据加载，不能用导入覆盖。"), field="code")
    records = articles_from_text(text)
    if not records:
        raise ApplicationError(_("没有找到任何条文：每条应以“第X条”开头。"), field="file")
    return records


# An article this long has probably swallowed the next ones (their 第X条 not at a line start).
LONG_ARTICLE_CHARS = 3000


@dataclass
class ImportPreview:
    """What an import would do, for the importer to check before it is stored."""

    records: list[ArticleRecord]
    replaces: bool  # a law with this code is there already
    added: list[str]  # labels (第X条) of articles the law does not have yet
    changed: list[str]
    removed: list[str]  # articles of the stored law that the new text lacks
    unchanged: int
    gaps: list[str]  # article numbers missing between the first and the last found
    long_articles: list[str]
    places: list[str]  # the 编/章/节 headings found, in order

    @property
    def articles(self) -> int:
        return len(self.records)


def law_import_preview(*, code: str, title: str, text: str) -> ImportPreview:
    """Read `text` as `law_import` would and compare it with the stored law, storing nothing."""
    records = _checked(code=code, title=title, text=text)
    stored = {
        (a.number, a.sub): a
        for a in Article.objects.filter(law__code=code).only(
            "number", "sub", "text", "heading", "part", "chapter", "section"
        )
    }
    added, changed = [], []
    unchanged = 0
    for r in records:
        old = stored.get((r.number, r.sub))
        if old is None:
            added.append(article_label(r.number, r.sub))
        elif (old.text, old.heading, old.part, old.chapter, old.section) != (
            r.text,
            r.heading[:300],
            r.part,
            r.chapter,
            r.section,
        ):
            changed.append(article_label(r.number, r.sub))
        else:
            unchanged += 1
    found = {(r.number, r.sub) for r in records}
    removed = [article_label(n, sub) for (n, sub) in sorted(stored) if (n, sub) not in found]
    numbers = {r.number for r in records}
    gaps = [article_label(n) for n in range(min(numbers), max(numbers) + 1) if n not in numbers]
    places: list[str] = []
    for r in records:
        for place in (r.part, r.chapter, r.section):
            if place and place not in places:
                places.append(place)
    return ImportPreview(
        records=records,
        replaces=bool(stored) or Law.objects.filter(code=code).exists(),
        added=added,
        changed=changed,
        removed=removed,
        unchanged=unchanged,
        gaps=gaps,
        long_articles=[
            article_label(r.number, r.sub) for r in records if len(r.text) > LONG_ARTICLE_CHARS
        ],
        places=places,
    )


DRAFT_LIFETIME = dt.timedelta(days=1)


def law_import_stage(
    *, actor, code: str, title: str, short_name: str = "", text: str, source: str = ""
) -> LawImportDraft:
    """Keep an uploaded law for its importer to preview (`law_import_preview`) and then
    confirm or discard; the same checks as the import itself run now. The importer's drafts
    older than a day go."""
    require(actor, "knowledge.import", None)
    _checked(code=code, title=title, text=text)
    LawImportDraft.objects.filter(created_at__lt=timezone.now() - DRAFT_LIFETIME).delete()
    return LawImportDraft.objects.create(
        staff=actor,
        code=code,
        title=title.strip(),
        short_name=short_name.strip(),
        source=source[:300],
        text=text,
    )


def _own(actor, draft: LawImportDraft) -> None:
    require(actor, "knowledge.import", None)
    if draft.staff_id != actor.pk:
        raise ApplicationError(_("这份导入不是您上传的。"))


def law_import_confirm(*, actor, draft: LawImportDraft) -> LoadResult:
    """Import what the draft holds (after its preview) and drop the draft."""
    _own(actor, draft)
    result = law_import(
        code=draft.code,
        title=draft.title,
        short_name=draft.short_name,
        text=draft.text,
        source=draft.source,
        actor=actor,
    )
    draft.delete()
    return result


def law_import_discard(*, actor, draft: LawImportDraft) -> None:
    _own(actor, draft)
    draft.delete()


def law_import(
    *, code: str, title: str, short_name: str = "", text: str, source: str = "", actor=None
) -> LoadResult:
    """Import a law from its text; at least one article (第X条) must be found. `actor` (a
    Staff; None from the console) needs the knowledge.import capability and is audited."""
    if actor is not None:
        require(actor, "knowledge.import", None)
    records = _checked(code=code, title=title, text=text)
    result = _store(
        code=code,
        title=title.strip(),
        short_name=short_name.strip(),
        source=source,
        records=records,
    )
    if actor is not None:
        audit_log(
            actor=actor.user,
            action="knowledge.law_import",
            target=result.law,
            detail={"articles": result.articles, "file": source[:100]},
        )
    return result
