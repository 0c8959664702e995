"""The release pages: compose, submit, an approver's findings and decision, the portal's
newest-first list per office and its detail page."""

from __future__ import annotations

from eqiao.cases.models import CaseRelease, ReleaseStatus
from eqiao.cases.tests.disclosure_factories import case_make
from eqiao.cases.tests.test_never_publish import login_as

BODY = "被告人张小明因盗窃电动车被冠县人民检察院提起公诉。"


def test_compose_submit_approve_and_read_on_the_portal(client, office_tree):
    case = case_make(office_tree.guanxian)
    login_as(client, office_tree.guanxian_prosecutor)
    client.post(
        "/staff/releases/new/", {"case": case.pk, "title": "冠县院起诉盗窃案", "body": BODY}
    )
    release = CaseRelease.objects.get()
    client.post(f"/staff/releases/{release.pk}/submit/")
    # The author sees no approval buttons on their own release.
    assert "批准发布" not in client.get(f"/staff/releases/{release.pk}/").content.decode()
    assert (
        client.post(f"/staff/releases/{release.pk}/approve/", {"mode": "redact"}).status_code == 403
    )
    client.logout()
    login_as(client, office_tree.guanxian_head)
    page = client.get(f"/staff/releases/{release.pk}/").content.decode()
    assert "张小明" in page and "脱敏后批准发布" in page
    # Without a choice about the findings, approval is refused with what was found.
    response = client.post(f"/staff/releases/{release.pk}/approve/")
    assert response.status_code == 400 and "张小明" in response.content.decode()
    client.post(f"/staff/releases/{release.pk}/approve/", {"mode": "redact"})
    release.refresh_from_db()
    assert release.status == ReleaseStatus.PUBLISHED
    listing = client.get("/cases/releases/").content.decode()
    assert "冠县院起诉盗窃案" in listing
    assert (
        "冠县院起诉盗窃案"
        not in client.get(f"/cases/releases/?office={office_tree.linqing.pk}").content.decode()
    )
    detail = client.get(f"/cases/releases/{release.pk}/").content.decode()
    assert "张某某" in detail and "张小明" not in detail


def test_reject_needs_a_reason_on_the_page(client, office_tree):
    case = case_make(office_tree.guanxian)
    login_as(client, office_tree.guanxian_prosecutor)
    client.post("/staff/releases/new/", {"case": case.pk, "title": "t", "body": "冠县院提起公诉。"})
    release = CaseRelease.objects.get()
    client.post(f"/staff/releases/{release.pk}/submit/")
    client.logout()
    login_as(client, office_tree.guanxian_head)
    response = client.post(f"/staff/releases/{release.pk}/reject/", {"reason": ""})
    assert response.status_code == 400
    client.post(f"/staff/releases/{release.pk}/reject/", {"reason": "请补充案件进展"})
    release.refresh_from_db()
    assert release.status == ReleaseStatus.REJECTED and release.rejection_reason == "请补充案件进展"


def test_unknown_release_is_404_on_the_portal(client, db):
    assert client.get("/cases/releases/12345/").status_code == 404


def _publish_many(tree, n):
    from eqiao.cases.services.releases import release_approve, release_create, release_submit

    for i in range(n):
        case = case_make(tree.guanxian)
        release = release_create(
            actor=tree.guanxian_prosecutor, case=case, title=f"案件信息{i}", body="冠县院提起公诉。"
        )
        release_submit(actor=tree.guanxian_prosecutor, release=release)
        release_approve(actor=tree.guanxian_head, release=release)


def _queries(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def test_public_lists_take_a_fixed_number_of_queries(client, office_tree):
    _publish_many(office_tree, 2)
    few = {p: _queries(client, p) for p in ("/cases/releases/", "/api/v1/cases/releases")}
    _publish_many(office_tree, 6)
    for path, count in few.items():
        assert _queries(client, path) == count, path
