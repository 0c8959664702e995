"""Roles give capabilities; `require`/`can` check them within the actor's subtree; apps
register their own capabilities; separation of duties refuses the author."""

from __future__ import annotations

import pytest

from eqiao.core.errors import PermissionDeniedError
from eqiao.offices.capabilities import (
    can,
    capabilities_of_roles,
    capability_grant,
    capability_register,
    capability_unregister,
    require,
    roles_with,
)
from eqiao.offices.models import Role
from eqiao.offices.tests.factories import make_staff

pytestmark = pytest.mark.django_db


def test_existing_behaviour_holds_role_by_role(office_tree):
    t = office_tree
    assert can(t.guanxian_receptionist, "petition.assign", t.qingshui)
    assert not can(t.guanxian_receptionist, "petition.supervise", t.qingshui)
    assert can(t.guanxian_prosecutor, "petition.reply", t.guanxian)
    assert can(t.guanxian_prosecutor, "lead.manage", t.guanxian)
    assert not can(t.guanxian_prosecutor, "petition.assign", t.guanxian)
    assert not can(t.guanxian_prosecutor, "plan.run", t.guanxian)
    assert can(t.guanxian_head, "plan.run", t.qingshui)
    assert can(t.guanxian_head, "alert.handle", t.qingshui)
    assert not can(t.guanxian_head, "staff.manage", t.guanxian)
    for code in ("petition.assign", "plan.run", "lead.manage", "staff.manage", "config.manage"):
        assert can(t.city_admin, code, t.lindong)


def test_a_person_with_two_roles_may_do_what_either_allows(office_tree):
    editor = office_tree.guanxian_editor  # prosecutor + editor
    assert editor.roles_display == "检察官、编辑"
    assert can(editor, "petition.reply", office_tree.guanxian)
    assert can(editor, "article.edit", office_tree.guanxian)
    assert not can(office_tree.guanxian_prosecutor, "article.edit", office_tree.guanxian)


def test_require_names_the_missing_capability_in_chinese(office_tree):
    with pytest.raises(PermissionDeniedError) as caught:
        require(office_tree.guanxian_prosecutor, "petition.assign", office_tree.guanxian)
    assert "交办信访件" in caught.value.message
    assert "检察官" in caught.value.message
    assert caught.value.status_code == 403


def test_a_sibling_office_is_refused_whatever_the_role(office_tree):
    with pytest.raises(PermissionDeniedError) as caught:
        require(office_tree.guanxian_head, "plan.run", office_tree.lindong)
    assert "不属于您所在单位" in caught.value.message
    assert not can(office_tree.qingshui_head, "petition.reply", office_tree.guanxian)


def test_inactive_staff_can_do_nothing(office_tree):
    head = office_tree.guanxian_head
    head.is_active = False
    with pytest.raises(PermissionDeniedError, match="已停用"):
        require(head, "petition.view", office_tree.guanxian)


def test_an_app_registers_a_capability_and_separation_of_duties_refuses_the_author(
    office_tree,
):
    capability_register("test.article.approve", "审批测试稿件", roles=[Role.OFFICE_HEAD])
    try:
        author = office_tree.guanxian_head
        other_head = make_staff(office_tree.guanxian, Role.OFFICE_HEAD, "gx_head_2")
        assert can(other_head, "test.article.approve", office_tree.guanxian, not_by=author)
        with pytest.raises(PermissionDeniedError) as caught:
            require(author, "test.article.approve", office_tree.guanxian, not_by=author)
        assert "审批测试稿件" in caught.value.message
        assert "不能由经办人本人" in caught.value.message
        assert not can(author, "test.article.approve", office_tree.guanxian, not_by=author.user)
        assert not can(author, "test.article.approve", office_tree.guanxian, not_by=author.pk)
        assert not can(office_tree.guanxian_editor, "test.article.approve", office_tree.guanxian)
        capability_grant("test.article.approve", roles=[Role.EDITOR])
        assert can(office_tree.guanxian_editor, "test.article.approve", office_tree.guanxian)
        assert roles_with("test.article.approve") == {Role.OFFICE_HEAD, Role.EDITOR}
    finally:
        capability_unregister("test.article.approve")
    assert "test.article.approve" not in capabilities_of_roles(Role.values)


def test_unknown_capabilities_and_roles_are_programming_errors():
    with pytest.raises(KeyError):
        capability_grant("no.such", roles=[Role.EDITOR])
    with pytest.raises(ValueError):
        capability_register("petition.view", "别的名字")
    capability_register("test.x", "测试")
    try:
        with pytest.raises(ValueError):
            capability_grant("test.x", roles=["janitor"])
    finally:
        capability_unregister("test.x")


def test_every_capability_has_a_chinese_label_and_an_english_translation():
    from django.utils import translation

    from eqiao.offices.capabilities import capability_all

    for capability in capability_all():
        with translation.override("zh-hans"):
            zh = str(capability.label)
        with translation.override("en"):
            en = str(capability.label)
        assert zh and en and zh != en, capability.code
