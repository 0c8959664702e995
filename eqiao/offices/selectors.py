"""Reads of the office tree, and the scope filter every staff query goes through."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from eqiao.core.errors import NotFoundError, PermissionDeniedError
from eqiao.offices.capabilities import roles_with
from eqiao.offices.models import Level, Procuratorate, Role, Staff


class OfficePathError(PermissionDeniedError):
    """The office's materialised path is empty or malformed: a prefix query on it could
    match every office, so nothing is shown until it is repaired."""


def office_path_check(office: Procuratorate) -> str:
    """The office's path, after checking it is well formed and ends with its own pk."""
    if not office.path_is_valid:
        raise OfficePathError(
            _("单位“%(name)s”的机构路径有误，暂不能显示数据，请联系系统管理员。")
            % {"name": office.name}
        )
    return office.path


def office_subtree(*, office: Procuratorate) -> QuerySet[Procuratorate]:
    """The office and every office below it."""
    return Procuratorate.objects.filter(path__startswith=office_path_check(office))


def office_scope_filter(queryset: QuerySet, *, staff: Staff, field: str = "office") -> QuerySet:
    """Restrict `queryset` to records whose `field` office lies in the staff's subtree.
    Every selector that returns records to staff calls this: a county never sees a sibling.
    Refuses (OfficePathError) an office whose path could match everything."""
    return queryset.filter(**{f"{field}__path__startswith": office_path_check(staff.office)})


def office_get_in_scope(*, staff: Staff, pk: int) -> Procuratorate:
    try:
        return office_subtree(office=staff.office).get(pk=pk)
    except Procuratorate.DoesNotExist as exc:
        raise NotFoundError("office not found") from exc


def office_route_targets(*, office: Procuratorate) -> QuerySet[Procuratorate]:
    """Where a petition held by `office` can be sent: its parent and its children
    (上下级联动 moves one step up or down the tree)."""
    ids = [c.pk for c in office.children.all()]
    if office.parent_id:
        ids.append(office.parent_id)
    return Procuratorate.objects.filter(pk__in=ids).order_by("path")


def office_for_region(*, region: str | None) -> Procuratorate | None:
    """The county procuratorate for a county name from the text engine, else the city."""
    if region:
        found = Procuratorate.objects.filter(level=Level.COUNTY, region=region).first()
        if found:
            return found
    return Procuratorate.objects.filter(level=Level.CITY).order_by("pk").first()


def office_paths_inconsistent() -> list[Procuratorate]:
    """Offices whose path is not their parent's path + their own pk (should be none)."""
    offices = list(Procuratorate.objects.select_related("parent"))
    return [
        o
        for o in offices
        if o.path != f"{o.parent.path if o.parent else ''}{o.pk}/" or not o.path_is_valid
    ]


def staff_with_role(*, office: Procuratorate, role: str) -> QuerySet[Staff]:
    """Active staff of `office` who hold `role` (among others)."""
    return Staff.objects.filter(office=office, roles__role=role, is_active=True).select_related(
        "user"
    )


def staff_with_capability(*, office: Procuratorate, capability: str) -> QuerySet[Staff]:
    """Active staff of `office` whose roles give them `capability`."""
    return (
        Staff.objects.filter(office=office, is_active=True, roles__role__in=roles_with(capability))
        .distinct()
        .select_related("office", "user")
        .prefetch_related("roles")
    )


def office_heads(*, office: Procuratorate) -> QuerySet[Staff]:
    return staff_with_role(office=office, role=Role.OFFICE_HEAD)


def office_heads_of(*, offices: Iterable[int]) -> QuerySet[Staff]:
    """`office_heads` of several offices (by id) in one query."""
    return Staff.objects.filter(
        office__in=set(offices), roles__role=Role.OFFICE_HEAD, is_active=True
    ).select_related("user")


def staff_in_scope(*, staff: Staff) -> QuerySet[Staff]:
    return office_scope_filter(
        Staff.objects.filter(is_active=True).select_related("office", "user"), staff=staff
    )


def staff_assignable(*, office: Procuratorate) -> QuerySet[Staff]:
    """Who can be given a petition of `office`: its active staff who may handle one."""
    return staff_with_capability(office=office, capability="petition.handle")


def staff_list_for_manager(*, staff: Staff, q: str = "") -> QuerySet[Staff]:
    """Every staff member (active or not) of the manager's subtree, with office and roles,
    for the people page; `q` narrows by name, username or office name."""
    found = office_scope_filter(Staff.objects.all(), staff=staff)
    q = q.strip()[:50]
    if q:
        found = found.filter(
            Q(full_name__icontains=q)
            | Q(user__username__icontains=q)
            | Q(office__name__icontains=q)
        )
    return (
        found.select_related("office", "user")
        .prefetch_related("roles")
        .order_by("office__path", "-is_active", "full_name", "pk")
    )


def staff_get_for_manager(*, staff: Staff, pk: int) -> Staff:
    try:
        return staff_list_for_manager(staff=staff).get(pk=pk)
    except Staff.DoesNotExist as exc:
        raise NotFoundError(_("未找到该干警。")) from exc
