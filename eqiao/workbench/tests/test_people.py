"""The people page: an administrator lists their subtree's staff, adds a person with roles,
changes roles and deactivates, in Chinese forms; a sibling county's staff are not found."""

from __future__ import annotations

import pytest
from django.urls import reverse

from eqiao.core.models import AuditEntry
from eqiao.offices.models import Role, Staff
from eqiao.offices.tests.factories import make_staff

pytestmark = pytest.mark.django_db


def test_only_holders_of_staff_manage_see_the_page_and_its_link(as_staff, office_tree):
    client = as_staff(office_tree.guanxian_head)
    assert client.get(reverse("workbench:people")).status_code == 403
    assert "人员与角色" not in client.get(reverse("workbench:queue")).content.decode()
    client = as_staff(office_tree.guanxian_admin)
    assert "人员与角色" in client.get(reverse("workbench:queue")).content.decode()


def test_the_list_shows_the_subtree_with_roles_and_masked_mobiles(as_staff, office_tree):
    client = as_staff(office_tree.guanxian_admin)
    page = client.get(reverse("workbench:people")).content.decode()
    assert office_tree.guanxian_editor.full_name in page
    assert "检察官、编辑" in page
    assert office_tree.qingshui_head.full_name in page
    assert "139****1234" in page and "13906351234" not in page
    assert office_tree.linqing_head.full_name not in page
    assert office_tree.city_head.full_name not in page
    assert "管理人员与角色" in page  # what each role may do, in Chinese


def test_the_list_can_be_searched_within_the_subtree_only(as_staff, office_tree):
    client = as_staff(office_tree.guanxian_admin)
    page = client.get(reverse("workbench:people"), {"q": "清水"}).content.decode()
    assert office_tree.qingshui_head.full_name in page
    assert office_tree.guanxian_head.full_name not in page
    page = client.get(reverse("workbench:people"), {"q": "lq_"}).content.decode()
    assert office_tree.linqing_head.full_name not in page


def test_the_list_reads_a_bounded_number_of_queries(
    as_staff, office_tree, django_assert_max_num_queries
):
    client = as_staff(office_tree.guanxian_admin)
    url = reverse("workbench:people")
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for i in range(20):
        make_staff(office_tree.qingshui, [Role.PROSECUTOR, Role.EDITOR], f"qs_extra_{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url).content.decode()
    assert "第 1 / 2 页" in page


def test_a_sibling_countys_staff_are_not_found(as_staff, office_tree):
    client = as_staff(office_tree.guanxian_admin)
    sibling = office_tree.linqing_prosecutor
    assert client.get(reverse("workbench:person_detail", args=[sibling.pk])).status_code == 404
    response = client.post(
        reverse("workbench:person_detail", args=[sibling.pk]), {"roles": [Role.OFFICE_HEAD]}
    )
    assert response.status_code == 404
    response = client.post(
        reverse("workbench:person_set_active", args=[sibling.pk]), {"active": "0"}
    )
    assert response.status_code == 404
    sibling.refresh_from_db()
    assert sibling.is_active and sibling.role_codes == {Role.PROSECUTOR}


def test_adding_a_person_with_two_roles(as_staff, office_tree):
    client = as_staff(office_tree.guanxian_admin)
    form_page = client.get(reverse("workbench:person_new")).content.decode()
    assert "检察官" in form_page and "舆情分析员" in form_page
    assert office_tree.lindong.name not in form_page  # offices of the subtree only
    response = client.post(
        reverse("workbench:person_new"),
        {
            "username": "gx_liu",
            "full_name": "刘晓燕",
            "mobile": "13906352222",
            "office": office_tree.qingshui.pk,
            "roles": [Role.PROSECUTOR, Role.EDITOR],
            "password": "Qingshui-2026!",
        },
    )
    person = Staff.objects.get(user__username="gx_liu")
    assert response.status_code == 302
    assert person.office == office_tree.qingshui
    assert person.role_codes == {Role.PROSECUTOR, Role.EDITOR}
    assert person.user.check_password("Qingshui-2026!")
    assert AuditEntry.objects.filter(action="staff.create", target_id=str(person.pk)).exists()


def test_bad_input_keeps_what_was_typed_and_says_what_is_wrong(as_staff, office_tree):
    client = as_staff(office_tree.guanxian_admin)
    data = {
        "username": "gx_head",  # taken
        "full_name": "刘晓燕",
        "mobile": "13906352222",
        "office": office_tree.guanxian.pk,
        "roles": [Role.PROSECUTOR],
        "password": "Qingshui-2026!",
    }
    page = client.post(reverse("workbench:person_new"), data).content.decode()
    assert "已被使用" in page and "刘晓燕" in page
    page = client.post(reverse("workbench:person_new"), data | {"username": "x1", "roles": []})
    assert "请至少选择一个角色" in page.content.decode()
    page = client.post(
        reverse("workbench:person_new"),
        data | {"username": "x2", "office": office_tree.linqing.pk},
    ).content.decode()
    assert "field-error" in page
    assert not Staff.objects.filter(user__username__in=["x1", "x2"]).exists()


def test_changing_roles_and_deactivating(as_staff, office_tree):
    client = as_staff(office_tree.guanxian_admin)
    person = office_tree.qingshui_prosecutor
    url = reverse("workbench:person_detail", args=[person.pk])
    response = client.post(url, {"roles": [Role.PROSECUTOR, Role.OFFICE_HEAD]})
    assert response.status_code == 302
    person.refresh_from_db()
    person.roles_changed()
    assert person.role_codes == {Role.PROSECUTOR, Role.OFFICE_HEAD}
    assert "检察官、负责人" in client.get(url).content.decode()
    client.post(reverse("workbench:person_set_active", args=[person.pk]), {"active": "0"})
    person.refresh_from_db()
    assert not person.is_active
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"staff.roles_set", "staff.deactivate"} <= actions
    # The deactivated person can no longer open the workbench.
    assert as_staff(person).get(reverse("workbench:queue")).status_code == 403


def test_roles_beyond_reach_are_not_offered_and_refused_if_posted(as_staff, office_tree):
    from eqiao.offices.capabilities import capability_register, capability_unregister

    capability_register("test.secret", "测试机密", roles=[Role.EDITOR])
    try:
        client = as_staff(office_tree.guanxian_admin)
        person = office_tree.qingshui_prosecutor
        url = reverse("workbench:person_detail", args=[person.pk])
        page = client.get(url).content.decode()
        assert f'value="{Role.EDITOR}"' not in page
        page = client.post(url, {"roles": [Role.PROSECUTOR, Role.EDITOR]}).content.decode()
        assert "field-error" in page
        person.roles_changed()
        assert person.role_codes == {Role.PROSECUTOR}
        # Someone who holds a role beyond reach is shown, not editable.
        editor_page = client.get(
            reverse("workbench:person_detail", args=[office_tree.guanxian_editor.pk])
        ).content.decode()
        assert "超出您权限" in editor_page
    finally:
        capability_unregister("test.secret")


def test_a_nul_in_the_new_person_form_gets_the_specific_message(as_staff, office_tree):
    """Not Django's garbled "不允许是用空字符串" for "Null characters are not allowed"."""
    client = as_staff(office_tree.city_admin)
    data = {
        "username": "gx_liu",
        "full_name": "刘晓\x00燕",
        "mobile": "13906352222",
        "office": office_tree.qingshui.pk,
        "roles": [Role.PROSECUTOR],
        "password": "Qingshui-2026!",
    }
    page = client.post(reverse("workbench:person_new"), data).content.decode()
    assert "姓名里有无法识别的字符，请只输入文字。" in page
    assert "空字符" not in page
    assert not Staff.objects.filter(user__username="gx_liu").exists()
