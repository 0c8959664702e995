"""Public case disclosure in the API: released case information and published legal
documents (redacted text only), read without a key. The same public selectors as the portal
decide what is visible: a case flagged after publication disappears here too."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from eqiao.api.schemas import ErrorOut
from eqiao.cases.models import CaseRelease as Release
from eqiao.cases.models import DocumentKind, LegalDocument
from eqiao.cases.selectors_disclosure import (
    document_get_public,
    document_list_public,
    release_get_public,
    release_list_public,
)
from eqiao.offices.models import Procuratorate

router = Router(tags=["案件信息公开"])
MAX_LIMIT = 200


class ReleaseOut(Schema):
    id: int
    title: str
    body: str
    office: str = Field(description="发布单位")
    office_id: int
    published_at: dt.datetime


class DocumentSummaryOut(Schema):
    id: int
    title: str
    kind: str = Field(description="文书种类代码：" + "、".join(DocumentKind.values))
    kind_name: str
    number: str
    office: str
    office_id: int
    published_at: dt.datetime


class DocumentOut(DocumentSummaryOut):
    text: str = Field(description="脱敏后的文书全文（当事人姓名、证件号、电话、详细地址已隐去）")


def _release(r: Release) -> dict:
    return {
        "id": r.pk,
        "title": r.title,
        "body": r.body,
        "office": r.office.name,
        "office_id": r.office_id,
        "published_at": r.published_at,
    }


def _document(d: LegalDocument, *, full: bool) -> dict:
    out = {
        "id": d.pk,
        "title": d.title,
        "kind": d.kind,
        "kind_name": d.get_kind_display(),
        "number": d.number,
        "office": d.office.name,
        "office_id": d.office_id,
        "published_at": d.published_at,
    }
    if full:
        out["text"] = d.redacted_text
    return out


def _office(office_id: int | None) -> Procuratorate | None:
    if office_id is None:
        return None
    return Procuratorate.objects.filter(pk=office_id).first() or Procuratorate(path="-none-/")


@router.get("/cases/releases", response={200: list[ReleaseOut], 400: ErrorOut}, auth=None)
def releases(
    request: HttpRequest,
    office_id: int | None = None,
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
):
    """Released important case information, newest first; `office_id`: that office and the
    offices below it."""
    return [_release(r) for r in release_list_public(office=_office(office_id), limit=limit)]


@router.get(
    "/cases/releases/{release_id}",
    response={200: ReleaseOut, 400: ErrorOut, 404: ErrorOut},
    auth=None,
)
def release(request: HttpRequest, release_id: int):
    return _release(release_get_public(pk=release_id))


@router.get("/cases/documents", response={200: list[DocumentSummaryOut], 400: ErrorOut}, auth=None)
def documents(
    request: HttpRequest,
    office_id: int | None = None,
    kind: DocumentKind | None = None,
    limit: int = Query(50, ge=1, le=MAX_LIMIT),
):
    """Published legal documents, newest first, without their text."""
    found = document_list_public(
        office=_office(office_id), kind=kind.value if kind else None, limit=limit
    )
    return [_document(d, full=False) for d in found]


@router.get(
    "/cases/documents/{document_id}",
    response={200: DocumentOut, 400: ErrorOut, 404: ErrorOut},
    auth=None,
)
def document(request: HttpRequest, document_id: int):
    """One published legal document with its redacted text."""
    return _document(document_get_public(pk=document_id), full=True)
