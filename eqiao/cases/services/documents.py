"""Legal documents: upload (text or .docx), automatic redaction, the reviewer's corrections,
publication of the redacted text only. `document_publish` is the only code that sets the
published state; a case whose flags forbid disclosure can never be published."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eqiao.cases.models import (
    Case,
    CorrectionAction,
    DocumentKind,
    DocumentStatus,
    FindingKind,
    LegalDocument,
    RedactionCorrection,
)
from eqiao.cases.models.sealing import publication_seal
from eqiao.cases.registry_disclosure import DOCUMENT_PUBLISH
from eqiao.cases.services.releases import forbidden_message
from eqiao.core.audit import audit_log
from eqiao.core.errors import ApplicationError
from eqiao.offices.capabilities import require
from eqiao.offices.models import Staff
from eqiao.text.redact import MASK, redact
from eqiao.text.redact_lexicon import COMPOUND_SURNAMES

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_TEXT_CHARS = 100_000
MAX_MASK_CHARS = 60
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


# --- Reading an upload ------------------------------------------------------------------


def _docx_text(data: bytes) -> str:
    import docx  # python-docx, only where a .docx is read

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise ApplicationError(
                    _("这个压缩文件不是 Word 文档（.docx），请上传 Word 文档或纯文本文件。"),
                    field="file",
                )
        document = docx.Document(io.BytesIO(data))
    except ApplicationError:
        raise
    except Exception as exc:  # a broken archive or XML: python-docx raises many kinds
        raise ApplicationError(
            _("无法读取这个 Word 文档，文件可能已损坏。请用 Word 重新保存后再上传。"),
            field="file",
        ) from exc
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def _plain_text(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not _CONTROL.search(text):
            return text
        break
    raise ApplicationError(
        _("无法识别文件内容：请上传 Word 文档（.docx）或纯文本文件（.txt）。"), field="file"
    )


def document_text_from_upload(*, data: bytes) -> str:
    """The text of an uploaded file, judged by its content (not its name): a .docx or
    plain text in UTF-8 or GB18030. Anything else gets a specific Chinese message."""
    if not data:
        raise ApplicationError(_("上传的文件是空的。"), field="file")
    if len(data) > MAX_UPLOAD_BYTES:
        raise ApplicationError(
            _("文件太大（上限%(mb)sMB），请删去图片后再上传。")
            % {"mb": MAX_UPLOAD_BYTES // (1024 * 1024)},
            field="file",
        )
    if data.startswith(_ZIP):
        text = _docx_text(data)
    elif data.startswith(_OLE):
        raise ApplicationError(
            _("这是旧版 Word 文件（.doc），无法读取。请在 Word 中另存为 .docx 后上传。"),
            field="file",
        )
    elif data.startswith(b"%PDF"):
        raise ApplicationError(
            _("不支持 PDF 文件：请上传 Word 文档（.docx）或纯文本文件（.txt）。"), field="file"
        )
    else:
        text = _plain_text(data)
    return _text_clean(text, field="file")


def _text_clean(text: str, *, field: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if "\x00" in text or _CONTROL.search(text):
        raise ApplicationError(_("文书内容含有无法识别的字符。"), field=field)
    if not text:
        raise ApplicationError(_("文件中没有文字。"), field=field)
    if len(text) > MAX_TEXT_CHARS:
        raise ApplicationError(_("文书太长（上限%(n)s字）。") % {"n": MAX_TEXT_CHARS}, field=field)
    return text


# --- Upload -----------------------------------------------------------------------------


def document_upload(
    *,
    actor: Staff,
    case: Case,
    kind: str,
    title: str,
    text: str,
    number: str = "",
    source_name: str = "",
) -> LegalDocument:
    """Store a document for review with the redactor's findings (officials' names kept)."""
    require(actor, DOCUMENT_PUBLISH, case.office)
    if case.disclosure_forbidden:
        raise ApplicationError(forbidden_message(case), field="case")
    if kind not in DocumentKind.values:
        raise ApplicationError(_("请选择文书种类。"), field="kind")
    title = (title or "").strip() or str(DocumentKind(kind).label)
    if len(title) > 120 or "\x00" in title:
        raise ApplicationError(_("文书标题不能超过120个字。"), field="title")
    number = (number or "").strip()[:64]
    text = _text_clean(text or "", field="text")
    result = redact(text, keep_officials=True)  # outside the transaction: it takes time
    findings = [
        {
            "kind": f.kind,
            "start": f.start,
            "end": f.end,
            "original": f.original,
            "replacement": f.replacement,
        }
        for f in result.findings
    ]
    with transaction.atomic():
        document = LegalDocument.objects.create(
            case=case,
            office=case.office,
            kind=kind,
            title=title,
            number=number,
            source_name=(source_name or "")[:200],
            original_text=text,
            findings=findings,
            redacted_text=result.text,
            uploaded_by=actor,
        )
        audit_log(
            actor=actor.user,
            action="document.upload",
            target=document,
            detail={"findings": len(findings)},
        )
    return document


# --- The review: spans, corrections -----------------------------------------------------


@dataclass(frozen=True)
class Span:
    """One change the reviewer sees: a span of the original, masked or restored."""

    start: int
    end: int
    kind: str
    original: str
    replacement: str
    by_reviewer: bool  # an extra mask the reviewer added
    masked: bool  # False: an engine finding the reviewer un-masked
    correction_id: int | None

    @property
    def kind_label(self) -> str:
        return str(FindingKind(self.kind).label) if self.kind in FindingKind.values else self.kind


def mask_replacement(text: str, kind: str) -> str:
    """How a reviewer's extra mask is written: a name as the redactor writes names (张某某),
    anything else as × per character."""
    if kind == FindingKind.NAME and len(text) >= 2:
        surname = text[:2] if text[:2] in COMPOUND_SURNAMES and len(text) > 2 else text[:1]
        return surname + "某" * (len(text) - len(surname))
    return MASK * len(text)


def document_spans(
    *, document: LegalDocument, corrections: list[RedactionCorrection] | None = None
) -> list[Span]:
    """Every change, in text order: the engine's findings (un-masked ones included, marked)
    and the reviewer's extra masks."""
    if corrections is None:
        corrections = list(document.corrections.all())
    unmasked = {(c.start, c.end): c.pk for c in corrections if c.action == CorrectionAction.UNMASK}
    spans = [
        Span(
            f["start"],
            f["end"],
            f["kind"],
            f["original"],
            f["replacement"],
            by_reviewer=False,
            masked=(f["start"], f["end"]) not in unmasked,
            correction_id=unmasked.get((f["start"], f["end"])),
        )
        for f in document.findings
    ]
    spans += [
        Span(
            c.start,
            c.end,
            c.kind,
            c.text,
            mask_replacement(c.text, c.kind),
            by_reviewer=True,
            masked=True,
            correction_id=c.pk,
        )
        for c in corrections
        if c.action == CorrectionAction.MASK
    ]
    return sorted(spans, key=lambda s: s.start)


def redacted_text_of(*, original: str, spans: list[Span]) -> str:
    parts, at = [], 0
    for s in spans:
        if s.masked:
            parts += [original[at : s.start], s.replacement]
            at = s.end
    parts.append(original[at:])
    return "".join(parts)


def _refresh(document: LegalDocument) -> None:
    """Recompute the redacted text after a correction (inside the caller's transaction)."""
    spans = document_spans(document=document, corrections=list(document.corrections.all()))
    document.redacted_text = redacted_text_of(original=document.original_text, spans=spans)
    document.save(update_fields=["redacted_text"])


def _reviewable(actor: Staff, document: LegalDocument) -> None:
    require(actor, DOCUMENT_PUBLISH, document.office)
    document.refresh_from_db(fields=["status"])  # a page open since before publication
    if document.status != DocumentStatus.REVIEW:
        raise ApplicationError(_("文书已公开或已撤回，不能再更正。"))


def document_unmask(
    *, actor: Staff, document: LegalDocument, start: int, end: int, reason: str = ""
) -> RedactionCorrection:
    """Restore one of the engine's findings (it is no name, or may be published)."""
    _reviewable(actor, document)
    finding = next((f for f in document.findings if f["start"] == start and f["end"] == end), None)
    if finding is None:
        raise ApplicationError(_("找不到这处脱敏内容，请刷新页面后重试。"))
    with transaction.atomic():
        try:
            with transaction.atomic():
                correction = RedactionCorrection.objects.create(
                    document=document,
                    action=CorrectionAction.UNMASK,
                    kind=finding["kind"],
                    start=start,
                    end=end,
                    text=finding["original"][:200],
                    reason=(reason or "").strip()[:200],
                    created_by=actor,
                )
        except IntegrityError as exc:
            raise ApplicationError(_("这处内容已经更正过了。")) from exc
        _refresh(document)
        audit_log(
            actor=actor.user,
            action="document.correct",
            target=document,
            detail={"action": "unmask", "start": start, "end": end},
        )
    return correction


def document_mask_text(
    *, actor: Staff, document: LegalDocument, text: str, kind: str, reason: str = ""
) -> list[RedactionCorrection]:
    """Mask every occurrence of `text` that nothing masks yet (a name the engine missed is
    masked wherever it appears)."""
    _reviewable(actor, document)
    text = (text or "").strip()
    if not text:
        raise ApplicationError(_("请填写需要遮盖的文字。"), field="text")
    if len(text) > MAX_MASK_CHARS:
        raise ApplicationError(_("一次最多遮盖%(n)s个字。") % {"n": MAX_MASK_CHARS}, field="text")
    if kind not in FindingKind.values:
        raise ApplicationError(_("请选择类别。"), field="kind")
    spans = document_spans(document=document)
    taken = [(s.start, s.end) for s in spans if s.masked or s.by_reviewer]
    original = document.original_text
    starts = [m.start() for m in re.finditer(re.escape(text), original)]
    if not starts:
        raise ApplicationError(_("原文中没有“%(text)s”。") % {"text": text}, field="text")
    free = [s for s in starts if not any(a < s + len(text) and s < b for a, b in taken)]
    if not free:
        raise ApplicationError(_("“%(text)s”已经全部遮盖。") % {"text": text}, field="text")
    with transaction.atomic():
        made = [
            RedactionCorrection.objects.create(
                document=document,
                action=CorrectionAction.MASK,
                kind=kind,
                start=s,
                end=s + len(text),
                text=text,
                reason=(reason or "").strip()[:200],
                created_by=actor,
            )
            for s in free
        ]
        _refresh(document)
        audit_log(
            actor=actor.user,
            action="document.correct",
            target=document,
            detail={"action": "mask", "count": len(made)},
        )
    return made


def document_correction_undo(*, actor: Staff, document: LegalDocument, correction_id: int) -> None:
    """Take back a correction (the span returns to what the engine decided)."""
    _reviewable(actor, document)
    with transaction.atomic():
        deleted, _rows = RedactionCorrection.objects.filter(
            document=document, pk=correction_id
        ).delete()
        if not deleted:
            raise ApplicationError(_("找不到这条更正，请刷新页面后重试。"))
        _refresh(document)
        audit_log(
            actor=actor.user,
            action="document.correct",
            target=document,
            detail={"action": "undo", "correction": correction_id},
        )


# --- Publication ------------------------------------------------------------------------


def document_publish(*, actor: Staff, document: LegalDocument) -> LegalDocument:
    """Publish the redacted text. Refused, whatever the actor's roles, when the case is
    flagged (read under a row lock, so a flag set at the same moment wins)."""
    require(actor, DOCUMENT_PUBLISH, document.office)
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=document.case_id)
        locked = LegalDocument.objects.select_for_update().get(pk=document.pk)
        if case.disclosure_forbidden:
            raise ApplicationError(forbidden_message(case))
        if locked.status != DocumentStatus.REVIEW:
            raise ApplicationError(_("文书已公开或已撤回。"))
        spans = document_spans(document=locked)
        redacted = redacted_text_of(original=locked.original_text, spans=spans)
        now = timezone.now()
        locked.case = case
        locked.redacted_text = redacted
        locked.status = DocumentStatus.PUBLISHED
        locked.published_by = actor
        locked.published_at = now
        locked.seal = publication_seal(
            kind="document", pk=locked.pk, case_id=case.pk, text=redacted
        )
        locked.save()
        audit_log(actor=actor.user, action="document.publish", target=locked)
    return locked


def document_withdraw(*, actor: Staff, document: LegalDocument) -> LegalDocument:
    require(actor, DOCUMENT_PUBLISH, document.office)
    if document.status != DocumentStatus.PUBLISHED:
        raise ApplicationError(_("只能撤回已公开的文书。"))
    document.status = DocumentStatus.WITHDRAWN
    document.seal = ""
    with transaction.atomic():
        document.save(update_fields=["status", "seal"])
        audit_log(actor=actor.user, action="document.withdraw", target=document)
    return document


# --- Corrections for retraining ---------------------------------------------------------


def corrections_export_lines() -> Iterator[dict]:
    """One {"text", "names", "not_names"} record per document a reviewer corrected: the
    names masked in the end (the engine's kept and the reviewer's added) and the spans the
    reviewer un-masked as no names — the name recogniser's training format."""
    documents = (
        LegalDocument.objects.filter(corrections__isnull=False)
        .distinct()
        .prefetch_related("corrections")
        .order_by("pk")
    )
    for document in documents.iterator(chunk_size=100):
        spans = document_spans(document=document, corrections=list(document.corrections.all()))
        names = sorted({s.original for s in spans if s.kind == FindingKind.NAME and s.masked})
        not_names = sorted(
            {s.original for s in spans if s.kind == FindingKind.NAME and not s.masked}
        )
        if names or not_names:
            yield {"text": document.original_text, "names": names, "not_names": not_names}
