"""A case flagged juvenile, state secret, privacy or trade secret can never be published or
released, whatever any user does. Every path is tried: the services, the workbench pages,
the admin (change form and bulk actions), direct model and queryset writes, the API, and the
portal after a flag is set on a case whose document was already published."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from eqiao.cases.models import (
    Case,
    CaseRelease,
    DocumentKind,
    DocumentStatus,
    LegalDocument,
    ReleaseStatus,
)
from eqiao.cases.models.sealing import DisclosureForbidden
from eqiao.cases.selectors_disclosure import (
    document_list_public,
    release_list_public,
)
from eqiao.cases.services.documents import document_publish, document_upload
from eqiao.cases.services.releases import (
    release_approve,
    release_create,
    release_submit,
)
from eqiao.cases.tests.disclosure_factories import INDICTMENT, case_make
from eqiao.core.errors import ApplicationError


def login_as(client, staff):
    """A workbench session as after password and TOTP (the workbench tests' helper; the
    layers keep a domain app's tests from importing it)."""
    client.force_login(staff.user)
    session = client.session
    session["workbench_otp_ok"] = True
    session.save()
    return client


FLAGS = ["juvenile", "state_secret", "privacy", "trade_secret"]
BODY = "冠县人民检察院依法提起公诉。"


def _doc(tree, case):
    return document_upload(
        actor=tree.guanxian_prosecutor,
        case=case,
        kind=DocumentKind.INDICTMENT,
        title="起诉书",
        text=INDICTMENT,
    )


def _pending_release(tree, case):
    release = release_create(actor=tree.guanxian_prosecutor, case=case, title="标题", body=BODY)
    return release_submit(actor=tree.guanxian_prosecutor, release=release)


def _flag(case, flag):
    # The way a re-import or the admin of cases would set it: not through our services.
    Case.objects.filter(pk=case.pk).update(**{flag: True})
    case.refresh_from_db()


def _published_pair(tree):
    """A published document and release of an unflagged case."""
    case = case_make(tree.guanxian)
    document = document_publish(actor=tree.guanxian_head, document=_doc(tree, case))
    release = release_approve(actor=tree.guanxian_head, release=_pending_release(tree, case))
    return case, document, release


# --- Services ---------------------------------------------------------------------------


@pytest.mark.parametrize("flag", FLAGS)
def test_services_refuse_a_flagged_case(office_tree, flag):
    case = case_make(office_tree.guanxian, **{flag: True})
    with pytest.raises(ApplicationError, match="不得公开"):
        _doc(office_tree, case)
    with pytest.raises(ApplicationError, match="不得公开"):
        release_create(actor=office_tree.guanxian_prosecutor, case=case, title="t", body=BODY)


@pytest.mark.parametrize("flag", FLAGS)
def test_flag_set_during_review_stops_publication(office_tree, flag):
    case = case_make(office_tree.guanxian)
    document = _doc(office_tree, case)
    release = _pending_release(office_tree, case)
    _flag(case, flag)
    # Even the city administrator, who holds every capability, cannot.
    with pytest.raises(ApplicationError, match="不得公开"):
        document_publish(actor=office_tree.city_admin, document=document)
    with pytest.raises(ApplicationError, match="不得公开"):
        release_approve(actor=office_tree.city_admin, release=release, acknowledge_findings=True)
    document.refresh_from_db()
    release.refresh_from_db()
    assert document.status == DocumentStatus.REVIEW and release.status == ReleaseStatus.PENDING


# --- The model layer --------------------------------------------------------------------


def test_model_save_refuses_published_state_for_a_flagged_case(office_tree):
    case = case_make(office_tree.guanxian, juvenile=True)
    document = LegalDocument(
        case=case,
        office=case.office,
        kind=DocumentKind.INDICTMENT,
        title="x",
        original_text="x",
        redacted_text="x",
        uploaded_by=office_tree.guanxian_prosecutor,
        status=DocumentStatus.PUBLISHED,
        published_at=timezone.now(),
        seal="f" * 64,
    )
    with pytest.raises(DisclosureForbidden):
        document.save()
    release = CaseRelease(
        case=case,
        office=case.office,
        title="x",
        body="x",
        author=office_tree.guanxian_prosecutor,
        status=ReleaseStatus.PUBLISHED,
        published_at=timezone.now(),
        seal="f" * 64,
    )
    with pytest.raises(DisclosureForbidden):
        release.save()
    assert not LegalDocument.objects.exists() and not CaseRelease.objects.exists()


def test_queryset_update_cannot_publish(office_tree):
    case = case_make(office_tree.guanxian)
    document = _doc(office_tree, case)
    release = _pending_release(office_tree, case)
    # Without a seal the database refuses the published state outright.
    for model, pk in ((LegalDocument, document.pk), (CaseRelease, release.pk)):
        with pytest.raises(IntegrityError), transaction.atomic():
            model.objects.filter(pk=pk).update(status="published", published_at=timezone.now())
    # A made-up seal, or one copied from a record the service did publish, shows nothing.
    _other_case, published_doc, published_release = _published_pair(office_tree)
    LegalDocument.objects.filter(pk=document.pk).update(
        status="published", published_at=timezone.now(), seal=published_doc.seal
    )
    CaseRelease.objects.filter(pk=release.pk).update(
        status="published", published_at=timezone.now(), seal="0" * 64
    )
    assert [d.pk for d in document_list_public()] == [published_doc.pk]
    assert [r.pk for r in release_list_public()] == [published_release.pk]


def test_text_changed_after_publication_is_not_shown(office_tree):
    _case, document, release = _published_pair(office_tree)
    LegalDocument.objects.filter(pk=document.pk).update(redacted_text=INDICTMENT)
    CaseRelease.objects.filter(pk=release.pk).update(body="被告人张小明")
    assert document_list_public() == [] and release_list_public() == []


# --- Pages, admin, API, portal ----------------------------------------------------------


@pytest.mark.parametrize("flag", FLAGS)
def test_workbench_publish_of_a_flagged_case_is_refused(client, office_tree, flag):
    case = case_make(office_tree.guanxian)
    document = _doc(office_tree, case)
    release = _pending_release(office_tree, case)
    _flag(case, flag)
    login_as(client, office_tree.guanxian_head)
    response = client.post(f"/staff/documents/{document.pk}/publish/")
    assert response.status_code == 400
    assert "不得公开" in response.content.decode()
    response = client.post(f"/staff/releases/{release.pk}/approve/", {"mode": "acknowledge"})
    assert "不得公开" in response.content.decode()
    document.refresh_from_db()
    release.refresh_from_db()
    assert document.status == DocumentStatus.REVIEW and release.status == ReleaseStatus.PENDING


def test_workbench_cannot_pick_a_flagged_case(client, office_tree):
    flagged = case_make(office_tree.guanxian, privacy=True)
    login_as(client, office_tree.guanxian_prosecutor)
    page = client.get("/staff/documents/new/").content.decode()
    assert flagged.number not in page
    response = client.post(
        "/staff/documents/new/",
        {"case": flagged.pk, "kind": "indictment", "text": INDICTMENT},
    )
    assert response.status_code == 200 and not LegalDocument.objects.exists()


def test_admin_change_form_and_bulk_actions_cannot_publish(client, office_tree):
    case = case_make(office_tree.guanxian)
    document = _doc(office_tree, case)
    release = _pending_release(office_tree, case)
    _flag(case, "juvenile")
    login_as(client, office_tree.city_admin)  # a superuser
    for path, pk in (("legaldocument", document.pk), ("caserelease", release.pk)):
        change = f"/admin/cases/{path}/{pk}/change/"
        page = client.get(change)
        assert page.status_code == 200  # view only
        assert b'name="status"' not in page.content
        response = client.post(change, {"status": "published", "seal": "x"})
        assert response.status_code == 403
        response = client.post(
            f"/admin/cases/{path}/",
            {"action": "delete_selected", "_selected_action": [pk], "index": 0},
        )
        assert response.status_code in (200, 302, 403)
        assert client.get(f"/admin/cases/{path}/add/").status_code == 403
    document.refresh_from_db()
    release.refresh_from_db()
    assert document.status == DocumentStatus.REVIEW and release.status == ReleaseStatus.PENDING


@pytest.mark.parametrize("flag", FLAGS)
def test_a_flag_set_later_hides_everything_already_published(client, office_tree, flag):
    case, document, release = _published_pair(office_tree)
    assert client.get(f"/cases/documents/{document.pk}/").status_code == 200
    assert f"/cases/documents/{document.pk}/" in client.get("/cases/documents/").content.decode()
    assert client.get(f"/api/v1/cases/releases/{release.pk}").status_code == 200
    _flag(case, flag)
    assert client.get(f"/cases/documents/{document.pk}/").status_code == 404
    assert client.get(f"/cases/releases/{release.pk}/").status_code == 404
    assert (
        f"/cases/documents/{document.pk}/" not in client.get("/cases/documents/").content.decode()
    )
    assert f"/cases/releases/{release.pk}/" not in client.get("/cases/releases/").content.decode()
    assert client.get(f"/api/v1/cases/documents/{document.pk}").status_code == 404
    assert client.get(f"/api/v1/cases/releases/{release.pk}").status_code == 404
    assert client.get("/api/v1/cases/documents").json() == []
    assert client.get("/api/v1/cases/releases").json() == []
