"""Legal documents: upload as text or .docx (checked by content), redaction with officials'
names kept, the reviewer's corrections, publication of the redacted text only, and the
corrections exported for the name recogniser."""

from __future__ import annotations

import io
import json
from io import StringIO

import docx
import pytest
from django.core.management import call_command

from eqiao.cases.models import DocumentKind, DocumentStatus, RedactionCorrection
from eqiao.cases.selectors_disclosure import document_get_public, document_list_public
from eqiao.cases.services.documents import (
    MAX_UPLOAD_BYTES,
    document_correction_undo,
    document_mask_text,
    document_publish,
    document_spans,
    document_text_from_upload,
    document_unmask,
    document_upload,
)
from eqiao.cases.tests.disclosure_factories import INDICTMENT, case_make
from eqiao.core.errors import ApplicationError, PermissionDeniedError


def _docx_bytes(text: str) -> bytes:
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture
def case(office_tree):
    return case_make(office_tree.guanxian)


def _upload(tree, case, text=INDICTMENT):
    return document_upload(
        actor=tree.guanxian_prosecutor,
        case=case,
        kind=DocumentKind.INDICTMENT,
        title="张某某盗窃案起诉书",
        text=text,
        number="冠检刑诉〔2026〕12号",
    )


def test_docx_and_text_uploads_read_by_content():
    assert "被告人张小明" in document_text_from_upload(data=_docx_bytes(INDICTMENT))
    assert "被告人张小明" in document_text_from_upload(data=INDICTMENT.encode("gb18030"))
    assert "被告人张小明" in document_text_from_upload(data=INDICTMENT.encode("utf-8-sig"))


@pytest.mark.parametrize(
    "data, message",
    [
        (b"", "空的"),
        (b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "旧版 Word"),
        (b"%PDF-1.7\n...", "不支持 PDF"),
        (b"PK\x03\x04" + b"junk" * 50, "Word 文档"),
        (bytes(range(256)) * 4, "无法识别文件内容"),
        (b"a" * (MAX_UPLOAD_BYTES + 1), "文件太大"),
        (b"   \n  ", "没有文字"),
    ],
)
def test_bad_files_get_a_specific_chinese_error(data, message):
    with pytest.raises(ApplicationError, match=message) as exc:
        document_text_from_upload(data=data)
    assert exc.value.field == "file"


def test_a_zip_that_is_no_word_document():
    out = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(ApplicationError, match="不是 Word 文档"):
        document_text_from_upload(data=out.getvalue())


def test_upload_redacts_parties_and_keeps_officials(office_tree, case):
    document = _upload(office_tree, case)
    text = document.redacted_text
    assert "张小明" not in text and "张某某" in text
    assert "372526198005031234" not in text and "13906351234" not in text
    assert "检察官白云" in text  # an official keeps her name
    assert document.status == DocumentStatus.REVIEW
    kinds = {s.kind for s in document_spans(document=document)}
    assert {"name", "id_number", "phone"} <= kinds


def test_reviewer_unmasks_and_masks_and_the_public_sees_only_the_result(office_tree, case):
    document = _upload(office_tree, case)
    victim = next(s for s in document_spans(document=document) if s.original == "李大海")
    document_unmask(
        actor=office_tree.guanxian_prosecutor,
        document=document,
        start=victim.start,
        end=victim.end,
        reason="被害人同意公开",
    )
    assert "李大海" in document.redacted_text
    made = document_mask_text(
        actor=office_tree.guanxian_prosecutor, document=document, text="1980年5月3日", kind="other"
    )
    assert made and "1980年5月3日" not in document.redacted_text
    # Masking what is already masked is refused with the reason.
    with pytest.raises(ApplicationError, match="已经全部遮盖"):
        document_mask_text(
            actor=office_tree.guanxian_prosecutor,
            document=document,
            text="1980年5月3日",
            kind="other",
        )
    with pytest.raises(ApplicationError, match="原文中没有"):
        document_mask_text(
            actor=office_tree.guanxian_prosecutor, document=document, text="不存在", kind="name"
        )
    published = document_publish(actor=office_tree.guanxian_head, document=document)
    public = document_get_public(pk=published.pk)
    assert public.redacted_text == document.redacted_text
    assert "张小明" not in public.redacted_text and "李大海" in public.redacted_text
    assert [d.pk for d in document_list_public()] == [published.pk]
    # After publication nothing may be corrected.
    with pytest.raises(ApplicationError, match="不能再更正"):
        document_mask_text(
            actor=office_tree.guanxian_prosecutor, document=document, text="白云", kind="name"
        )


def test_undo_a_correction(office_tree, case):
    document = _upload(office_tree, case)
    before = document.redacted_text
    [made] = document_mask_text(
        actor=office_tree.guanxian_prosecutor, document=document, text="盗窃罪", kind="other"
    )
    assert document.redacted_text != before
    document_correction_undo(
        actor=office_tree.guanxian_prosecutor, document=document, correction_id=made.pk
    )
    assert document.redacted_text == before
    assert not RedactionCorrection.objects.exists()


def test_sibling_county_cannot_review(office_tree, case):
    document = _upload(office_tree, case)
    with pytest.raises(PermissionDeniedError):
        document_publish(actor=office_tree.linqing_head, document=document)
    with pytest.raises(PermissionDeniedError):
        document_mask_text(
            actor=office_tree.linqing_prosecutor, document=document, text="白云", kind="name"
        )


def test_corrections_export_as_name_training_lines(office_tree, case, tmp_path):
    document = _upload(office_tree, case)
    victim = next(s for s in document_spans(document=document) if s.original == "李大海")
    document_unmask(
        actor=office_tree.guanxian_prosecutor, document=document, start=victim.start, end=victim.end
    )
    document_mask_text(
        actor=office_tree.guanxian_prosecutor, document=document, text="白云", kind="name"
    )
    _upload(office_tree, case)  # not corrected: not exported
    out = tmp_path / "corrections.jsonl"
    call_command("cases_export_corrections", output=str(out), stderr=StringIO())
    [line] = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert line["text"] == document.original_text
    assert "白云" in line["names"] and "张小明" in line["names"]
    assert line["not_names"] == ["李大海"]
    # The text engine's reader accepts the format, when that engine has it.
    name_model = pytest.importorskip("eqiao.text.name_model")
    [example] = name_model.read_corrections(out.read_text(encoding="utf-8").splitlines())
    assert "李大海" in example.not_names
