"""The scope filter refuses an office whose path could match everything; who holds a role
is read from the role table."""

from __future__ import annotations

import pytest

from eqiao.offices.models import Procuratorate, Role, Staff
from eqiao.offices.selectors import (
    OfficePathError,
    office_heads,
    office_scope_filter,
    office_subtree,
    staff_assignable,
    staff_get_for_manager,
    staff_list_for_manager,
)
from eqiao.offices.tests.factories import make_staff

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("bad", ["", "/", "1/2", "x/"])
def test_a_broken_path_is_refused_never_matched_against_everything(office_tree, bad):
    head = office_tree.qingshui_head
    head.office.path = bad  # as an office saved outside the services used to be
    with pytest.raises(OfficePathError, match="机构路径有误"):
        office_scope_filter(Procuratorate.objects.all(), staff=head, field="")
    with pytest.raises(OfficePathError):
        office_subtree(office=head.office)
    assert not office_tree.city.is_within(head.office)
    assert not head.office.is_within(office_tree.city)


def test_a_path_not_ending_with_the_offices_own_pk_is_refused(office_tree):
    office = office_tree.qingshui
    office.path = office_tree.guanxian.path  # the parent's path: would show the whole county
    with pytest.raises(OfficePathError):
        office_subtree(office=office)


def test_scope_filter_keeps_the_subtree(office_tree):
    found = office_scope_filter(
        Staff.objects.all(), staff=office_tree.guanxian_head, field="office"
    ).values_list("office__short_name", flat=True)
    assert set(found) == {"冠县院", "清水检察室"}


def test_office_heads_include_a_head_who_holds_another_role_too(office_tree):
    both = make_staff(office_tree.linqing, [Role.PROSECUTOR, Role.OFFICE_HEAD], "lq_both")
    make_staff(office_tree.linqing, Role.EDITOR, "lq_editor")
    assert set(office_heads(office=office_tree.linqing)) == {office_tree.linqing_head, both}


def test_only_staff_who_may_handle_can_be_assigned(office_tree):
    editor_only = make_staff(office_tree.guanxian, Role.EDITOR, "gx_editor_only")
    assignable = set(staff_assignable(office=office_tree.guanxian))
    assert office_tree.guanxian_editor in assignable  # prosecutor + editor
    assert editor_only not in assignable
    assert office_tree.guanxian_receptionist in assignable


def test_the_people_list_is_scoped_and_a_sibling_is_not_found(office_tree):
    listed = set(staff_list_for_manager(staff=office_tree.guanxian_admin))
    assert office_tree.qingshui_head in listed
    assert office_tree.linqing_head not in listed and office_tree.city_head not in listed
    from eqiao.core.errors import NotFoundError

    with pytest.raises(NotFoundError):
        staff_get_for_manager(staff=office_tree.guanxian_admin, pk=office_tree.lindong_head.pk)
