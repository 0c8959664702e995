"""Booking a slot, and the person's own cancel and reschedule (by the signed link).

Every booking transaction locks the person (`BookerLock`) before checking for an
overlapping booking, then takes a seat with a conditional UPDATE of the slot's counter:
two requests for the last seat at the same moment end with one booking and one clear
"该时段已约满", on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eqiao.appointments.hours import CHINA, day_starts
from eqiao.appointments.kinds import AppointmentKind, KindRule, kind_is_lawyers, kind_rule
from eqiao.appointments.models import (
    ACTIVE_STATUSES,
    BookerLock,
    Booking,
    BookingStatus,
    Resource,
    Slot,
)
from eqiao.appointments.services.common import (
    booking_sms_status,
    kind_text,
    now_or,
    seat_release,
    seat_take,
    staff_notify_pending,
    when_text,
)
from eqiao.appointments.services.handling import booking_release
from eqiao.cases.models import Case, CaseParty, Lawyer
from eqiao.core.audit import audit_log
from eqiao.core.errors import ApplicationError, PermissionDeniedError
from eqiao.core.validators import normalize_mobile, validate_mobile
from eqiao.core.workdays import working_day_overrides

REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
# NUL and the other control characters (tab and newline allowed): pasted binary, never text;
# PostgreSQL would refuse a NUL outright.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")
TEXT_LABELS = {
    "name": gettext_lazy("姓名"),
    "case_number": gettext_lazy("案件编号"),
    "note": gettext_lazy("事由"),
}


def text_check(**values: str) -> None:
    """Refuse a text with control characters, naming the field."""
    for field, value in values.items():
        if value and CONTROL_CHARS.search(value):
            raise ApplicationError(
                _("%(label)s里有无法识别的字符，请只输入文字。")
                % {"label": TEXT_LABELS.get(field, field)},
                field=field,
            )


@dataclass(frozen=True)
class Person:
    """Who books: a citizen (name + a phone they proved by SMS code) or a verified lawyer."""

    name: str
    phone: str
    lawyer: Lawyer | None = None

    @property
    def lock_keys(self) -> list[str]:
        keys = ["phone:" + hashlib.sha256(self.phone.encode()).hexdigest()[:32]]
        if self.lawyer is not None:
            keys.append(f"lawyer:{self.lawyer.pk}")
        return sorted(keys)


def person_citizen(*, name: str, phone: str) -> Person:
    """A citizen; the caller has checked that `phone` was verified by SMS code."""
    text_check(name=name or "")
    name = " ".join((name or "").split())[:50]
    if not name:
        raise ApplicationError(_("请填写您的姓名。"), field="name")
    phone = normalize_mobile(phone or "")
    try:
        validate_mobile(phone)
    except ValidationError as exc:
        raise ApplicationError(exc.messages[0], field="phone") from exc
    return Person(name=name, phone=phone)


def person_lawyer(*, lawyer: Lawyer | None) -> Person:
    if lawyer is None:
        raise PermissionDeniedError(_("律师预约须以律师账户登录。"))
    if not lawyer.is_verified:
        raise PermissionDeniedError(
            _("您的律师账户尚未通过认证，认证通过后才能预约阅卷、会见等事项。")
        )
    return Person(name=lawyer.name, phone=normalize_mobile(lawyer.phone), lawyer=lawyer)


def _booker_check(rule: KindRule, person: Person) -> None:
    if kind_is_lawyers(rule.kind) and person.lawyer is None:
        raise PermissionDeniedError(
            _("“%(kind)s”只接受已认证律师预约，请以律师账户登录。")
            % {"kind": AppointmentKind(rule.kind).label}
        )
    if not kind_is_lawyers(rule.kind) and person.lawyer is not None:
        raise ApplicationError(
            _("“%(kind)s”由群众本人凭手机号预约，律师账户不能代约。")
            % {"kind": AppointmentKind(rule.kind).label}
        )


def period_check(
    *, resource: Resource, kind: str, starts_at: dt.datetime, now: dt.datetime
) -> tuple[dt.datetime, dt.datetime]:
    """The (start, end) of the slot starting at `starts_at`, after checking the resource is
    open then, serves `kind`, and the time respects the minimum notice and the window."""
    if not resource.is_active or not resource.serves(kind):
        raise ApplicationError(_("该地点不办理这项预约，请重新选择。"), field="slot")
    local = starts_at.astimezone(CHINA)
    periods = day_starts(
        hours=resource.hours,
        weekdays=resource.weekdays,
        slot_minutes=resource.slot_minutes,
        day=local.date(),
        overrides=working_day_overrides(),
    )
    match = next(((s, e) for s, e in periods if s == local), None)
    if match is None:
        raise ApplicationError(_("所选时间不在开放时段内，请重新选择。"), field="slot")
    if match[0] < now + dt.timedelta(hours=resource.min_notice_hours):
        raise ApplicationError(
            _("该时段已过或太近：须至少提前%(hours)s小时预约，请选择更晚的时段。")
            % {"hours": resource.min_notice_hours},
            field="slot",
        )
    last_day = now.astimezone(CHINA).date() + dt.timedelta(days=resource.advance_days)
    if local.date() > last_day:
        raise ApplicationError(
            _("只能预约%(days)s天以内的时段。") % {"days": resource.advance_days}, field="slot"
        )
    return match


def _case_link(
    *, kind: str, person: Person, case_number: str, resource: Resource
) -> tuple[Case | None, str]:
    """The case a lawyer's booking concerns, and why staff must confirm it ('' when the
    link to the case is proven: the lawyer is counsel of a party of that case)."""
    number = " ".join((case_number or "").split())[:64]
    if kind == AppointmentKind.FILE_REVIEW and not number:
        raise ApplicationError(_("阅卷须填写案件编号。"), field="case_number")
    if not number:
        return None, ""
    case = Case.objects.filter(number=number).first()
    if case is None:
        return None, _("系统中未查到该案件编号，需工作人员人工核实。")
    if case.office_id != resource.office_id:
        return case, _("该案不由本单位承办，需工作人员人工核实。")
    linked = CaseParty.objects.filter(case=case, lawyer=person.lawyer).exists()
    if person.lawyer is None or not linked:
        return case, _("未查到您在该案中的辩护或代理关系，需工作人员人工核实。")
    return case, ""


def _lock_person(person: Person) -> None:
    """Hold the person's lock rows until the transaction ends (call inside it)."""
    for key in person.lock_keys:
        BookerLock.objects.get_or_create(key=key)
    list(BookerLock.objects.select_for_update().filter(key__in=person.lock_keys).order_by("key"))


def _overlap_check(
    *, person: Person, start: dt.datetime, end: dt.datetime, exclude: int | None = None
) -> None:
    same_person = Q(phone=person.phone)
    if person.lawyer is not None:
        same_person |= Q(lawyer=person.lawyer)
    found = Booking.objects.filter(same_person, status__in=ACTIVE_STATUSES).filter(
        starts_at__lt=end, ends_at__gt=start
    )
    if exclude is not None:
        found = found.exclude(pk=exclude)
    clash = found.first()
    if clash is not None:
        raise ApplicationError(
            _(
                "您在%(time)s已有一个预约（预约号%(reference)s，%(kind)s），"
                "同一时间不能再约。如需改时间，请先取消或改约原预约。"
            )
            % {"time": when_text(clash), "reference": clash.reference, "kind": kind_text(clash)},
            field="slot",
        )


def _slot_for(resource: Resource, start: dt.datetime, end: dt.datetime) -> Slot:
    slot, _created = Slot.objects.get_or_create(
        resource=resource,
        starts_at=start,
        defaults={"ends_at": end, "capacity": resource.capacity},
    )
    return slot


def _full() -> ApplicationError:
    return ApplicationError(_("该时段已约满，请选择其他时段。"), field="slot")


def _new_reference() -> str:
    return "".join(secrets.choice(REFERENCE_ALPHABET) for _i in range(8))


def _status_for(rule: KindRule, pending_reason: str) -> tuple[str, str]:
    if pending_reason:
        return BookingStatus.PENDING, pending_reason
    if not rule.auto_confirm:
        return BookingStatus.PENDING, _("该事项须经工作人员确认。")
    return BookingStatus.CONFIRMED, ""


def booking_create(
    *,
    person: Person,
    resource: Resource,
    kind: str,
    starts_at: dt.datetime,
    case_number: str = "",
    note: str = "",
    channel: str = "web",
    api_client_id: int | None = None,
    now: dt.datetime | None = None,
    reference: str | None = None,
    checkin_code: str | None = None,
) -> Booking:
    """Book the slot of `resource` starting at `starts_at` for `person`. Confirmed at once
    when the kind allows it (and, for file review, the lawyer is counsel in the case),
    otherwise pending staff confirmation; the person gets an SMS either way. `reference`
    and `checkin_code` are drawn at random unless given (the demo brings its own, so that
    it is the same on every load)."""
    now = now_or(now)
    if kind not in AppointmentKind.values:
        raise ApplicationError(_("请选择预约事项。"), field="kind")
    rule = kind_rule(kind)
    _booker_check(rule, person)
    text_check(case_number=case_number or "", note=note or "")
    start, end = period_check(resource=resource, kind=kind, starts_at=starts_at, now=now)
    case, reason = _case_link(kind=kind, person=person, case_number=case_number, resource=resource)
    status, pending_reason = _status_for(rule, reason)
    with transaction.atomic():
        _lock_person(person)
        _overlap_check(person=person, start=start, end=end)
        slot = _slot_for(resource, start, end)
        if not seat_take(slot.pk):
            raise _full()
        slot.refresh_from_db()
        booking = Booking.objects.create(
            reference=reference or _new_reference(),
            office=resource.office,
            resource=resource,
            slot=slot,
            kind=kind,
            starts_at=start,
            ends_at=end,
            status=status,
            name=person.name,
            phone=person.phone,
            lawyer=person.lawyer,
            case=case,
            case_number=" ".join((case_number or "").split())[:64],
            note=(note or "").strip()[:300],
            pending_reason=pending_reason,
            checkin_code=checkin_code or f"{secrets.randbelow(10**6):06d}",
            channel=channel,
            created_at=now,
            api_client_id=api_client_id,
        )
        audit_log(
            actor=person.lawyer.user if person.lawyer else None,
            action="appointment.book",
            target=booking,
            detail={"status": status, "slot": start.isoformat(), "channel": channel},
        )
        booking_sms_status(booking)
        staff_notify_pending(booking)
    return booking


def cutoff_check(booking: Booking, now: dt.datetime) -> None:
    """The person may change their booking only before the resource's cut-off."""
    if not booking.is_active or booking.status == BookingStatus.CHECKED_IN:
        raise ApplicationError(
            _("该预约已%(status)s，不能再取消或改约。") % {"status": booking.get_status_display()}
        )
    hours = booking.resource.cancel_cutoff_hours
    if now > booking.starts_at - dt.timedelta(hours=hours):
        raise ApplicationError(
            _(
                "已超过取消和改约的截止时间（预约开始前%(hours)s小时），不能在网上取消或改约。"
                "如不能前来，请致电%(phone)s告知。"
            )
            % {"hours": hours, "phone": booking.office.phone or "12309"}
        )


def booking_cancel(*, booking: Booking, now: dt.datetime | None = None) -> Booking:
    """The person cancels by their link, before the cut-off; the seat is freed."""
    now = now_or(now)
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        cutoff_check(booking, now)
        return booking_release(booking=booking, actor=None, now=now)


def booking_reschedule(
    *,
    booking: Booking,
    starts_at: dt.datetime,
    resource: Resource | None = None,
    now: dt.datetime | None = None,
) -> Booking:
    """Move the booking to another slot (of the same kind, at the same office) before the
    cut-off. The new seat is taken before the old one is given back, in one transaction:
    if the new slot is full, nothing changes."""
    now = now_or(now)
    resource = resource or booking.resource
    if resource.office_id != booking.office_id:
        raise ApplicationError(_("改约只能改到同一单位的时段。"), field="slot")
    person = Person(name=booking.name, phone=booking.phone, lawyer=booking.lawyer)
    start, end = period_check(resource=resource, kind=booking.kind, starts_at=starts_at, now=now)
    with transaction.atomic():
        _lock_person(person)
        booking = (
            Booking.objects.select_for_update()
            .select_related("resource", "office")
            .get(pk=booking.pk)
        )
        cutoff_check(booking, now)
        if booking.starts_at == start and booking.resource_id == resource.pk:
            raise ApplicationError(_("新时段与原预约相同，请选择另一个时段。"), field="slot")
        _overlap_check(person=person, start=start, end=end, exclude=booking.pk)
        old_slot_id = booking.slot_id
        slot = _slot_for(resource, start, end)
        # Counter rows are always changed in pk order, so two reschedules swapping slots
        # cannot deadlock.
        if slot.pk < old_slot_id:
            if not seat_take(slot.pk):
                raise _full()
            seat_release(old_slot_id)
        else:
            seat_release(old_slot_id)
            if not seat_take(slot.pk):
                raise _full()  # rolls back the release too
        slot.refresh_from_db()
        before = booking.starts_at
        rule = kind_rule(booking.kind)
        _case, reason = (
            (booking.case, booking.pending_reason)
            if booking.status == BookingStatus.PENDING and booking.pending_reason
            else (booking.case, "")
        )
        status, pending_reason = _status_for(rule, reason)
        booking.resource, booking.slot = resource, slot
        booking.starts_at, booking.ends_at = start, end
        booking.status, booking.pending_reason = status, pending_reason
        booking.rescheduled_count += 1
        booking.reminded_at = None
        booking.decided_at = booking.decided_by = None
        booking.save()
        audit_log(
            actor=booking.lawyer.user if booking.lawyer else None,
            action="appointment.reschedule",
            target=booking,
            detail={"from": before.isoformat(), "to": start.isoformat()},
        )
        booking_sms_status(booking)
        staff_notify_pending(booking)
    return booking
