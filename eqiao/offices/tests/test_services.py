"""Writes to the tree and to staff: paths stay right when offices are created and moved, the
database refuses a bad path, and roles change only within the administrator's reach."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from eqiao.core.errors import ApplicationError, PermissionDeniedError
from eqiao.core.models import AuditEntry
from eqiao.offices.models import Level, Procuratorate, Role
from eqiao.offices.selectors import office_paths_inconsistent
from eqiao.offices.services import (
    procuratorate_create,
    procuratorate_update,
    staff_create,
    staff_roles_grantable,
    staff_roles_set,
    staff_set_active,
)
from eqiao.offices.tests.factories import make_staff

pytestmark = pytest.mark.django_db


class TestOfficePaths:
    def test_a_new_office_gets_its_parents_path_and_its_own_pk(self, office_tree):
        office = procuratorate_create(
            name="冠县人民检察院驻北馆陶检察室",
            short_name="北馆陶检察室",
            level=Level.TOWNSHIP,
            parent=office_tree.guanxian,
        )
        assert office.path == f"{office_tree.guanxian.path}{office.pk}/"
        assert office.region == "冠县"
        assert office_paths_inconsistent() == []

    @pytest.mark.parametrize("bad", ["", "/", "1", "1//", "/1/", "1/x/", "a/", "1/ 2/"])
    def test_the_database_refuses_an_empty_or_malformed_path(self, office_tree, bad):
        with pytest.raises(IntegrityError), transaction.atomic():
            Procuratorate.objects.filter(pk=office_tree.qingshui.pk).update(path=bad)

    def test_the_database_refuses_a_county_without_parent(self, office_tree):
        with pytest.raises(IntegrityError), transaction.atomic():
            Procuratorate.objects.filter(pk=office_tree.linqing.pk).update(parent=None)

    def test_moving_an_office_rewrites_its_whole_subtree(self, office_tree):
        t = office_tree
        # A second city-level tree is not allowed, so move an outpost between counties.
        moved = procuratorate_update(office=t.qingshui, parent=t.linqing, actor=t.city_admin)
        assert moved.path == f"{t.linqing.path}{t.qingshui.pk}/"
        t.qingshui.refresh_from_db()
        assert t.qingshui.is_within(t.linqing) and not t.qingshui.is_within(t.guanxian)
        assert office_paths_inconsistent() == []
        assert AuditEntry.objects.filter(action="office.move", target_id=str(t.qingshui.pk))

    def test_an_edit_without_a_move_keeps_paths_and_a_move_back_restores_them(self, office_tree):
        t = office_tree
        procuratorate_update(office=t.guanxian, name="冠县人民检察院（新）")
        assert office_paths_inconsistent() == []
        procuratorate_update(office=t.ganguantun, parent=t.linqing)
        procuratorate_update(office=t.ganguantun, parent=t.guanxian)
        t.ganguantun.refresh_from_db()
        assert t.ganguantun.path == f"{t.city.pk}/{t.guanxian.pk}/{t.ganguantun.pk}/"

    @pytest.mark.parametrize(
        ("level", "parent_name", "message"),
        [
            (Level.TOWNSHIP, "city", "必须是基层院"),
            (Level.COUNTY, "guanxian", "必须是市院"),
            (Level.CITY, "city", "不能有上级"),
        ],
    )
    def test_level_and_parent_rules(self, office_tree, level, parent_name, message):
        with pytest.raises(ApplicationError, match=message):
            procuratorate_create(
                name="新单位",
                short_name="新",
                level=level,
                parent=getattr(office_tree, parent_name),
            )

    def test_an_office_with_children_keeps_its_level(self, office_tree):
        with pytest.raises(ApplicationError, match="不能改变级别"):
            procuratorate_update(
                office=office_tree.guanxian, level=Level.TOWNSHIP, parent=office_tree.linqing
            )


class TestStaffRoles:
    def test_create_with_two_roles_and_audit(self, office_tree):
        staff = staff_create(
            username="gx_new",
            password="Shenqing-2026!",
            office=office_tree.guanxian,
            roles=[Role.PROSECUTOR, Role.EDITOR],
            full_name="赵雨萱",
            mobile="139 0635 1111",
            actor=office_tree.guanxian_admin,
        )
        assert staff.role_codes == {Role.PROSECUTOR, Role.EDITOR}
        assert staff.mobile == "13906351111"
        entry = AuditEntry.objects.get(action="staff.create", target_id=str(staff.pk))
        assert entry.actor == office_tree.guanxian_admin.user
        assert entry.detail["roles"] == [Role.PROSECUTOR, Role.EDITOR]

    @pytest.mark.parametrize(
        ("field", "values", "message"),
        [
            ("username", {"username": "gx_head"}, "已被使用"),
            ("username", {"username": "张 三"}, "只能包含"),
            ("full_name", {"full_name": "  "}, "请填写姓名"),
            ("mobile", {"mobile": "12345"}, "手机号"),
            ("password", {"password": "123"}, None),
            ("roles", {"roles": []}, "至少选择一个角色"),
        ],
    )
    def test_bad_input_names_the_field(self, office_tree, field, values, message):
        fields = {
            "username": "gx_new",
            "password": "Shenqing-2026!",
            "office": office_tree.guanxian,
            "roles": [Role.PROSECUTOR],
            "full_name": "赵雨萱",
            "actor": office_tree.guanxian_admin,
        } | values
        with pytest.raises(ApplicationError, match=message) as caught:
            staff_create(**fields)
        assert caught.value.field == field

    def test_a_second_administrator_cannot_create_staff_in_a_sibling_county(self, office_tree):
        with pytest.raises(PermissionDeniedError):
            staff_create(
                username="lq_new",
                password="Shenqing-2026!",
                office=office_tree.linqing,
                roles=[Role.PROSECUTOR],
                full_name="赵雨萱",
                actor=office_tree.guanxian_admin,
            )

    def test_only_holders_of_staff_manage_change_roles(self, office_tree):
        with pytest.raises(PermissionDeniedError, match="管理人员与角色"):
            staff_roles_set(
                staff=office_tree.qingshui_prosecutor,
                roles=[Role.OFFICE_HEAD],
                actor=office_tree.guanxian_head,
            )

    def test_roles_change_with_before_and_after_in_the_audit_log(self, office_tree):
        target = office_tree.qingshui_prosecutor
        staff_roles_set(
            staff=target, roles=[Role.PROSECUTOR, Role.EDITOR], actor=office_tree.guanxian_admin
        )
        assert target.role_codes == {Role.PROSECUTOR, Role.EDITOR}
        entry = AuditEntry.objects.get(action="staff.roles_set")
        assert entry.detail == {"before": ["prosecutor"], "after": ["prosecutor", "editor"]}

    def test_nobody_grants_more_than_they_hold(self, office_tree):
        from eqiao.offices.capabilities import capability_register, capability_unregister

        # A capability the county administrator does not hold, given to editors only.
        capability_register("test.secret", "测试机密", roles=[Role.EDITOR])
        try:
            admin = office_tree.guanxian_admin
            assert Role.EDITOR not in staff_roles_grantable(actor=admin)
            with pytest.raises(PermissionDeniedError, match="编辑"):
                staff_roles_set(
                    staff=office_tree.qingshui_prosecutor,
                    roles=[Role.PROSECUTOR, Role.EDITOR],
                    actor=admin,
                )
            # Nor may they touch someone who already holds it.
            with pytest.raises(PermissionDeniedError):
                staff_set_active(staff=office_tree.guanxian_editor, active=False, actor=admin)
        finally:
            capability_unregister("test.secret")

    def test_no_one_changes_their_own_roles(self, office_tree):
        admin = office_tree.guanxian_admin
        with pytest.raises(PermissionDeniedError, match="自己"):
            staff_roles_set(staff=admin, roles=[Role.ADMINISTRATOR, Role.EDITOR], actor=admin)

    def test_deactivating_closes_the_admin_and_reactivating_opens_it(self, office_tree):
        second_admin = make_staff(office_tree.city, Role.ADMINISTRATOR, "city_admin_2")
        assert second_admin.user.is_staff and second_admin.user.is_superuser
        staff_set_active(staff=second_admin, active=False, actor=office_tree.city_admin)
        second_admin.user.refresh_from_db()
        assert not second_admin.is_active and not second_admin.user.is_staff
        assert not second_admin.user.is_superuser
        staff_set_active(staff=second_admin, active=True, actor=office_tree.city_admin)
        second_admin.user.refresh_from_db()
        assert second_admin.user.is_superuser
        actions = list(AuditEntry.objects.values_list("action", flat=True))
        assert "staff.deactivate" in actions and "staff.reactivate" in actions

    def test_a_second_administrator_is_not_a_superuser(self, office_tree):
        assert office_tree.guanxian_admin.user.is_staff
        assert not office_tree.guanxian_admin.user.is_superuser
