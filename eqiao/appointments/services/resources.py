"""An office's appointment resources (rooms, desks) and their rules, edited by staff with
`appointment.configure`."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eqiao.appointments.hours import hours_format, hours_parse
from eqiao.appointments.kinds import AppointmentKind
from eqiao.appointments.models import Resource, Slot
from eqiao.core.audit import audit_log
from eqiao.core.errors import ApplicationError
from eqiao.offices.capabilities import require
from eqiao.offices.models import Procuratorate, Staff

LIMITS = {
    "slot_minutes": (5, 480),
    "capacity": (1, 200),
    "min_notice_hours": (0, 24 * 30),
    "cancel_cutoff_hours": (0, 24 * 30),
    "advance_days": (1, 180),
}
LIMIT_LABELS = {
    "slot_minutes": gettext_lazy("每个时段的分钟数"),
    "capacity": gettext_lazy("每个时段可约人数"),
    "min_notice_hours": gettext_lazy("至少提前的小时数"),
    "cancel_cutoff_hours": gettext_lazy("取消截止的小时数"),
    "advance_days": gettext_lazy("可预约天数"),
}


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    name = (values.get("name") or "").strip()
    if not name:
        raise ApplicationError(_("请填写资源名称，如“阅卷室一”。"), field="name")
    kinds = [k for k in AppointmentKind.values if k in (values.get("kinds") or [])]
    if not kinds:
        raise ApplicationError(_("请至少选择一项可预约事项。"), field="kinds")
    weekdays = sorted({int(d) for d in values.get("weekdays") or []})
    if any(d < 1 or d > 7 for d in weekdays):
        raise ApplicationError(_("开放星期应为周一至周日。"), field="weekdays")
    cleaned = {
        "name": name[:60],
        "kinds": kinds,
        "weekdays": weekdays,
        "hours": hours_format(hours_parse(values.get("hours", ""))),
        "location": (values.get("location") or "").strip()[:120],
        "is_active": bool(values.get("is_active", True)),
    }
    for field, (low, high) in LIMITS.items():
        value = values.get(field)
        if value is None or not low <= int(value) <= high:
            raise ApplicationError(
                _("%(label)s应在%(low)s到%(high)s之间。")
                % {"label": str(LIMIT_LABELS[field]), "low": low, "high": high},
                field=field,
            )
        cleaned[field] = int(value)
    return cleaned


def resource_create(*, actor: Staff, office: Procuratorate, **values: Any) -> Resource:
    """A new resource of `office` (the actor's office or one below it)."""
    require(actor, "appointment.configure", office)
    cleaned = _clean(values)
    if Resource.objects.filter(office=office, name=cleaned["name"]).exists():
        raise ApplicationError(_("本单位已有同名的资源。"), field="name")
    with transaction.atomic():
        resource = Resource.objects.create(office=office, **cleaned)
        audit_log(actor=actor.user, action="appointment.resource_create", target=resource)
    return resource


def resource_update(*, actor: Staff, resource: Resource, **values: Any) -> Resource:
    """Change a resource's rules. Bookings already made keep their time; the capacity of
    the slots not yet passed follows the new capacity, but never drops below the seats
    already taken (nobody is bumped by a settings change)."""
    require(actor, "appointment.configure", resource.office)
    cleaned = _clean(values)
    clash = Resource.objects.filter(office=resource.office, name=cleaned["name"]).exclude(
        pk=resource.pk
    )
    if clash.exists():
        raise ApplicationError(_("本单位已有同名的资源。"), field="name")
    now = timezone.now()
    with transaction.atomic():
        before = {f: getattr(resource, f) for f in cleaned}
        for field, value in cleaned.items():
            setattr(resource, field, value)
        resource.updated_at = now
        resource.save()
        for slot in Slot.objects.select_for_update().filter(resource=resource, starts_at__gt=now):
            Slot.objects.filter(pk=slot.pk).update(capacity=max(resource.capacity, slot.booked))
        changed = {f: str(before[f]) for f in cleaned if before[f] != cleaned[f]}
        audit_log(
            actor=actor.user,
            action="appointment.resource_update",
            target=resource,
            detail={"changed": sorted(changed)},
        )
    return resource
