"""Important case releases: author → approver (never the author), the redactor's findings
fixed or acknowledged, rejection with a reason, what the public sees."""

from __future__ import annotations

import pytest

from eqiao.cases.models import ReleaseStatus
from eqiao.cases.selectors_disclosure import release_get_public, release_list_public
from eqiao.cases.services.releases import (
    release_approve,
    release_create,
    release_reject,
    release_submit,
    release_update,
    release_withdraw,
)
from eqiao.cases.tests.disclosure_factories import case_make
from eqiao.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from eqiao.core.models import AuditEntry

CLEAN = "冠县人民检察院依法对一起盗窃电动车案提起公诉。检察官提醒群众妥善保管财物。"
WITH_NAME = "被告人张小明，男，因盗窃电动车被冠县人民检察院提起公诉，电话13906351234。"


@pytest.fixture
def case(office_tree):
    return case_make(office_tree.guanxian)


def _pending(tree, case, body=CLEAN):
    release = release_create(
        actor=tree.guanxian_prosecutor, case=case, title="冠县院起诉一起盗窃案", body=body
    )
    return release_submit(actor=tree.guanxian_prosecutor, release=release)


def test_author_cannot_approve_their_own_release(office_tree, case):
    # The county head writes it; holding the approval capability is not enough.
    release = release_create(actor=office_tree.guanxian_head, case=case, title="标题", body=CLEAN)
    release_submit(actor=office_tree.guanxian_head, release=release)
    with pytest.raises(PermissionDeniedError, match="不能由经办人本人"):
        release_approve(actor=office_tree.guanxian_head, release=release)
    assert release_list_public() == []


def test_approver_needs_the_capability(office_tree, case):
    release = _pending(office_tree, case)
    with pytest.raises(PermissionDeniedError, match="审批重要案件信息发布"):
        release_approve(actor=office_tree.guanxian_editor, release=release)


def test_sibling_county_cannot_approve(office_tree, case):
    release = _pending(office_tree, case)
    with pytest.raises(PermissionDeniedError):
        release_approve(actor=office_tree.linqing_head, release=release)


def test_approved_release_is_listed_newest_first_with_detail(office_tree, case):
    first = release_approve(actor=office_tree.guanxian_head, release=_pending(office_tree, case))
    second = release_approve(actor=office_tree.city_head, release=_pending(office_tree, case))
    assert (
        first.status == ReleaseStatus.PUBLISHED and first.reviewed_by == office_tree.guanxian_head
    )
    listed = release_list_public()
    assert [r.pk for r in listed] == [second.pk, first.pk]
    assert release_get_public(pk=first.pk).body == CLEAN
    # Per office: the county's releases, none of the sibling's.
    assert len(release_list_public(office=office_tree.guanxian)) == 2
    assert release_list_public(office=office_tree.linqing) == []
    assert AuditEntry.objects.filter(action="release.approve", target_id=str(first.pk)).exists()


def test_findings_must_be_fixed_or_acknowledged(office_tree, case):
    release = _pending(office_tree, case, body=WITH_NAME)
    with pytest.raises(ApplicationError, match="张小明"):
        release_approve(actor=office_tree.guanxian_head, release=release)
    assert release_list_public() == []
    fixed = release_approve(actor=office_tree.guanxian_head, release=release, apply_redaction=True)
    assert "张小明" not in fixed.body and "张某某" in fixed.body
    assert "13906351234" not in fixed.body
    assert release_get_public(pk=fixed.pk).body == fixed.body


def test_acknowledged_findings_are_recorded(office_tree, case):
    release = _pending(office_tree, case, body=WITH_NAME)
    done = release_approve(
        actor=office_tree.guanxian_head, release=release, acknowledge_findings=True
    )
    originals = {f["original"] for f in done.acknowledged_findings}
    assert "张小明" in originals and "13906351234" in originals


def test_rejection_needs_a_reason_and_returns_to_author(office_tree, case):
    release = _pending(office_tree, case)
    with pytest.raises(ApplicationError, match="退回理由"):
        release_reject(actor=office_tree.guanxian_head, release=release, reason=" ")
    release_reject(actor=office_tree.guanxian_head, release=release, reason="案情表述不准确")
    assert release.status == ReleaseStatus.REJECTED
    release_update(
        actor=office_tree.guanxian_prosecutor, release=release, title="新标题", body=CLEAN
    )
    release_submit(actor=office_tree.guanxian_prosecutor, release=release)
    assert release.status == ReleaseStatus.PENDING and release.rejection_reason == ""


def test_only_the_author_edits_and_not_once_submitted(office_tree, case):
    release = _pending(office_tree, case)
    with pytest.raises(ApplicationError):
        release_update(actor=office_tree.guanxian_prosecutor, release=release, title="x", body="y")
    with pytest.raises(ApplicationError, match="撰稿人"):
        release_update(actor=office_tree.guanxian_editor, release=release, title="x", body="y")


def test_empty_title_is_refused_by_field(office_tree, case):
    with pytest.raises(ApplicationError) as exc:
        release_create(actor=office_tree.guanxian_prosecutor, case=case, title="", body=CLEAN)
    assert exc.value.field == "title"


def test_withdrawn_release_leaves_the_portal(office_tree, case):
    release = release_approve(actor=office_tree.guanxian_head, release=_pending(office_tree, case))
    release_withdraw(actor=office_tree.guanxian_head, release=release)
    assert release_list_public() == []
    with pytest.raises(NotFoundError):
        release_get_public(pk=release.pk)


def test_approvers_and_author_are_notified(office_tree, case):
    from eqiao.core.models import Notification

    release = _pending(office_tree, case)
    heads = Notification.objects.filter(recipient=office_tree.guanxian_head.user)
    assert [n.text for n in heads] == ["案件信息“冠县院起诉一起盗窃案”待您审批。"]
    assert not Notification.objects.filter(recipient=office_tree.guanxian_prosecutor.user).exists()
    release_reject(actor=office_tree.guanxian_head, release=release, reason="请补充案情")
    author = Notification.objects.filter(recipient=office_tree.guanxian_prosecutor.user)
    assert "请补充案情" in author.get().text
    assert author.get().target_kind == "case_release"
