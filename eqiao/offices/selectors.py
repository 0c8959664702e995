"""Reads of the office tree, and the scope filter every staff query goes through."""

from __future__ import annotations

from django.db.models import QuerySet

from eqiao.core.errors import NotFoundError
from eqiao.offices.models import Level, Procuratorate, Role, Staff


def office_subtree(*, office: Procuratorate) -> QuerySet[Procuratorate]:
    """The office and every office below it."""
    return Procuratorate.objects.filter(path__startswith=office.path)


def office_scope_filter(queryset: QuerySet, *, staff: Staff, field: str = "office") -> QuerySet:
    """Restrict `queryset` to records whose `field` office lies in the staff's subtree.
    Every selector that returns records to staff calls this: a county never sees a sibling."""
    return queryset.filter(**{f"{field}__path__startswith": staff.office.path})


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


def office_heads(*, office: Procuratorate) -> QuerySet[Staff]:
    return Staff.objects.filter(
        office=office, role=Role.OFFICE_HEAD, is_active=True
    ).select_related("user")


def staff_in_scope(*, staff: Staff) -> QuerySet[Staff]:
    return office_scope_filter(
        Staff.objects.filter(is_active=True).select_related("office", "user"), staff=staff
    )


def staff_assignable(*, office: Procuratorate) -> QuerySet[Staff]:
    return Staff.objects.filter(office=office, is_active=True).select_related("office")
