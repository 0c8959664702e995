"""The legal-document pages: upload a .docx on the workbench, the side-by-side review with
the engine's reasons, corrections, publication, and the portal and API showing only the
redacted text."""

from __future__ import annotations

import io

import docx
import pytest

from eqiao.cases.models import DocumentStatus, LegalDocument, RedactionCorrection
from eqiao.cases.tests.disclosure_factories import INDICTMENT, case_make
from eqiao.cases.tests.test_never_publish import login_as


def _docx(text: str) -> io.BytesIO:
    document = docx.Document()
    for line in text.splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    out.seek(0)
    out.name = "起诉书.docx"
    return out


@pytest.fixture
def case(office_tree):
    return case_make(office_tree.guanxian)


def test_upload_review_correct_publish_through_the_pages(client, office_tree, case):
    login_as(client, office_tree.guanxian_prosecutor)
    response = client.post(
        "/staff/documents/new/",
        {
            "case": case.pk,
            "kind": "indictment",
            "title": "张某某盗窃案起诉书",
            "file": _docx(INDICTMENT),
        },
    )
    document = LegalDocument.objects.get()
    assert (
        response.status_code == 302 and response["Location"] == f"/staff/documents/{document.pk}/"
    )
    page = client.get(f"/staff/documents/{document.pk}/").content.decode()
    # Both sides, each change with the engine's reason.
    assert "张小明" in page and "张某某" in page
    assert "身份证号" in page and "电话号码" in page and "详细地址" in page
    victim = next(f for f in document.findings if f["original"] == "李大海")
    client.post(
        f"/staff/documents/{document.pk}/unmask/", {"start": victim["start"], "end": victim["end"]}
    )
    response = client.post(
        f"/staff/documents/{document.pk}/mask/", {"text": "1980年5月3日", "kind": "other"}
    )
    assert response.status_code == 302
    assert RedactionCorrection.objects.count() == 2
    client.post(f"/staff/documents/{document.pk}/publish/")
    document.refresh_from_db()
    assert document.status == DocumentStatus.PUBLISHED
    public = client.get(f"/cases/documents/{document.pk}/").content.decode()
    assert "张某某" in public and "李大海" in public
    for secret in ("张小明", "372526198005031234", "13906351234", "1980年5月3日"):
        assert secret not in public
    api = client.get(f"/api/v1/cases/documents/{document.pk}").json()
    assert api["text"] == document.redacted_text and "张小明" not in api["text"]


@pytest.mark.parametrize(
    "upload, message",
    [
        (b"%PDF-1.4 junk", "不支持 PDF"),
        (b"\xd0\xcf\x11\xe0" + b"\0" * 64, "旧版 Word"),
        (b"PK\x03\x04broken", "Word 文档"),
    ],
)
def test_bad_uploads_get_a_clear_message_not_a_500(client, office_tree, case, upload, message):
    login_as(client, office_tree.guanxian_prosecutor)
    file = io.BytesIO(upload)
    file.name = "文书.docx"
    response = client.post(
        "/staff/documents/new/", {"case": case.pk, "kind": "indictment", "file": file}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not LegalDocument.objects.exists()


def test_mask_of_absent_text_is_explained(client, office_tree, case):
    login_as(client, office_tree.guanxian_prosecutor)
    client.post(
        "/staff/documents/new/", {"case": case.pk, "kind": "indictment", "text": INDICTMENT}
    )
    document = LegalDocument.objects.get()
    response = client.post(
        f"/staff/documents/{document.pk}/mask/", {"text": "王五", "kind": "name"}
    )
    assert response.status_code == 400 and "原文中没有" in response.content.decode()


def test_sibling_county_sees_no_document(client, office_tree, case):
    login_as(client, office_tree.guanxian_prosecutor)
    client.post(
        "/staff/documents/new/", {"case": case.pk, "kind": "indictment", "text": INDICTMENT}
    )
    document = LegalDocument.objects.get()
    client.logout()
    login_as(client, office_tree.linqing_head)
    assert client.get(f"/staff/documents/{document.pk}/").status_code == 404
    assert client.post(f"/staff/documents/{document.pk}/publish/").status_code == 404


def test_api_lists_and_validates(client, office_tree):
    assert client.get("/api/v1/cases/documents?limit=0").status_code == 400
    assert client.get("/api/v1/cases/documents?kind=nonsense").status_code == 400
    assert client.get("/api/v1/cases/releases/999").status_code == 404
    schema = client.get("/api/openapi.json").json()
    assert "/api/v1/cases/documents/{document_id}" in schema["paths"]
    assert "/api/v1/cases/releases" in schema["paths"]


def test_document_lists_take_a_fixed_number_of_queries(client, office_tree):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from eqiao.cases.services.documents import document_publish, document_upload

    def publish(n):
        for _i in range(n):
            document = document_upload(
                actor=office_tree.guanxian_prosecutor,
                case=case_make(office_tree.guanxian),
                kind="indictment",
                title="起诉书",
                text="被告人张小明盗窃。",
            )
            document_publish(actor=office_tree.guanxian_head, document=document)

    def count(path):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path).status_code == 200
        return len(ctx.captured_queries)

    paths = ("/cases/documents/", "/api/v1/cases/documents")
    publish(2)
    few = {p: count(p) for p in paths}
    publish(5)
    assert {p: count(p) for p in paths} == few
    login_as(client, office_tree.guanxian_head)
    staff_few = count("/staff/documents/")
    publish(3)
    assert count("/staff/documents/") == staff_few
