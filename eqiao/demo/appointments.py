"""The demo's appointment desk: rooms and hours for the Liaocheng offices, three verified
lawyers with cases they are counsel in, and about thirty bookings in the two weeks around
the demo's present, made, confirmed, checked in, cancelled and missed through the real
services at the times they would have happened. The same present gives the same desk."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db.models import Max

from eqiao.appointments.hours import CHINA
from eqiao.appointments.kinds import AppointmentKind as K
from eqiao.appointments.models import Booking, Resource
from eqiao.appointments.services.booking import (
    REFERENCE_ALPHABET,
    booking_cancel,
    booking_create,
    person_citizen,
    person_lawyer,
)
from eqiao.appointments.services.handling import (
    booking_check_in,
    booking_confirm,
    booking_decline,
    bookings_mark_no_show,
)
from eqiao.cases.models import Case, CaseParty, Lawyer, LawyerStatus
from eqiao.channels.models import OutboundMessage
from eqiao.core.models import AuditEntry, Notification, User
from eqiao.core.workdays import is_working_day, working_day_overrides
from eqiao.demo.context import Context
from eqiao.demo.staff import DEMO_PASSWORD
from eqiao.offices.models import Procuratorate

SEED = 2612
MORNING_AFTERNOON = "09:00-11:30,14:00-17:00"

# (username, name, licence number, firm, phone): invented, like every demo person.
LAWYERS = [
    ("lawyer_zhao", "赵明远", "13715201010000101", "山东聊城明远律师事务所", "13963500101"),
    ("lawyer_qian", "钱秀芳", "13715201010000102", "山东冠州律师事务所", "13963500102"),
    ("lawyer_sun", "孙立平", "13715201010000103", "山东临清清源律师事务所", "13963500103"),
]
CITIZENS = [
    ("张桂英", "13906350201"),
    ("李建国", "13906350202"),
    ("王秀兰", "13906350203"),
    ("刘长海", "13906350204"),
    ("陈玉梅", "13906350205"),
    ("杨德胜", "13906350206"),
    ("赵翠花", "13906350207"),
    ("周振华", "13906350208"),
]


@contextmanager
def _dated(moment: dt.datetime) -> Iterator[None]:
    """The audit entries, SMS and notifications the block writes are dated `moment` (when
    it happened in the demo's story), not the wall clock of the load."""
    audit = AuditEntry.objects.aggregate(m=Max("pk"))["m"] or 0
    sms = OutboundMessage.objects.aggregate(m=Max("pk"))["m"] or 0
    note = Notification.objects.aggregate(m=Max("pk"))["m"] or 0
    yield
    AuditEntry.objects.filter(pk__gt=audit).update(at=moment)
    OutboundMessage.objects.filter(pk__gt=sms).update(created_at=moment)
    Notification.objects.filter(pk__gt=note).update(created_at=moment)


def resources_create(ctx: Context) -> dict[str, Resource]:
    """The rooms and desks, keyed "<office key>.<room>"."""
    made: dict[str, Resource] = {}

    def add(key: str, office: Procuratorate, name: str, kinds: list[str], **rules) -> None:
        values = {
            "hours": MORNING_AFTERNOON,
            "slot_minutes": 60,
            "capacity": 1,
            "min_notice_hours": 2,
            "cancel_cutoff_hours": 2,
            "advance_days": 14,
            **rules,
        }
        made[key] = Resource.objects.create(office=office, name=name, kinds=kinds, **values)

    city = ctx.tree.city
    add(
        "city.review",
        city,
        "律师阅卷室",
        [K.FILE_REVIEW, K.SUBMISSION],
        capacity=2,
        location="一楼案件管理大厅东侧",
    )
    add("city.meeting", city, "律师会见室", [K.MEETING], location="一楼104室")
    add(
        "city.chief",
        city,
        "检察长接待室",
        [K.RECEPTION_DAY],
        hours="09:00-11:30",
        slot_minutes=30,
        weekdays=[3],
        min_notice_hours=24,
        location="一楼控告申诉接待大厅",
    )
    add("city.hall", city, "来访接待大厅", [K.WALK_IN], slot_minutes=30, capacity=3)
    for key, county in ctx.tree.counties.items():
        add(
            f"{key}.lawyers",
            county,
            "律师接待室",
            [K.FILE_REVIEW, K.MEETING, K.SUBMISSION],
            capacity=2,
            location="案件管理中心",
        )
        add(
            f"{key}.chief",
            county,
            "检察长接待室",
            [K.RECEPTION_DAY],
            hours="09:00-11:30",
            slot_minutes=30,
            weekdays=[1],
            min_notice_hours=24,
        )
        add(f"{key}.hall", county, "来访接待窗口", [K.WALK_IN], slot_minutes=30, capacity=2)
    for key, outpost in ctx.tree.outposts.items():
        add(
            f"{key}.desk",
            outpost,
            "接待室",
            [K.WALK_IN, K.VIDEO_RECEPTION],
            hours="08:30-11:30,14:30-17:00",
            slot_minutes=30,
        )
    return made


def lawyers_ensure(ctx: Context) -> list[Lawyer]:
    """The verified lawyers the cases demo made, topped up with our own to three."""
    lawyers = list(Lawyer.objects.filter(status=LawyerStatus.APPROVED).order_by("pk")[:3])
    for username, name, licence, firm, phone in LAWYERS[len(lawyers) :]:
        user = User.objects.create_user(username=username, password=DEMO_PASSWORD)
        lawyers.append(
            Lawyer.objects.create(
                user=user,
                name=name,
                licence_number=licence,
                firm=firm,
                phone=phone,
                status=LawyerStatus.APPROVED,
            )
        )
    return lawyers


def counsel_cases(ctx: Context, lawyers: list[Lawyer]) -> dict[int, Case]:
    """For each lawyer, a case they are counsel in: the cases demo's, or one of ours at
    the city / 冠县院 / 临清市院."""
    cases: dict[int, Case] = {}
    offices = [ctx.tree.city, ctx.tree.counties["guanxian"], ctx.tree.counties["linqing"]]
    for index, lawyer in enumerate(lawyers):
        party = CaseParty.objects.filter(lawyer=lawyer).select_related("case").first()
        if party is not None:
            cases[lawyer.pk] = party.case
            continue
        office = offices[index % len(offices)]
        # A case of the cases demo at that office with no lawyer yet, when there is one.
        existing = (
            Case.objects.filter(office=office).exclude(parties__lawyer__isnull=False).order_by("pk")
        ).first()
        if existing is not None:
            CaseParty.objects.create(
                case=existing, role="defender", name=lawyer.name, lawyer=lawyer
            )
            cases[lawyer.pk] = existing
            continue
        prefix = {"冠县院": "冠检", "临清市院": "临检"}.get(office.short_name, "聊检")
        case = Case.objects.create(
            number=f"{prefix}刑诉受〔2026〕9{index + 1:02d}号",
            kind="criminal",
            title=["程某某盗窃案", "郝某某诈骗案", "马某某故意伤害案"][index % 3],
            charge=["盗窃", "诈骗", "故意伤害"][index % 3],
            office=office,
            stage="prosecution_review",
            accepted_on=(ctx.now - dt.timedelta(days=40)).date(),
            created_at=ctx.now - dt.timedelta(days=39),
            updated_at=ctx.now - dt.timedelta(days=39),
        )
        CaseParty.objects.create(case=case, role="suspect", name=case.title[:3])
        CaseParty.objects.create(case=case, role="defender", name=lawyer.name, lawyer=lawyer)
        cases[lawyer.pk] = case
    return cases


@dataclass(frozen=True)
class Plan:
    room: str  # key in the resources
    kind: str
    day: int  # index into the working days: negative = past, 0 = today, positive = ahead
    hour: int
    minute: int = 0
    lawyer: int | None = None  # index into the lawyers; None = a citizen
    citizen: int = 0
    case: str = "linked"  # linked, other (an unknown number), none
    then: str = ""  # check_in, no_show, cancel, confirm, decline


PLANS = [
    # The past week: lawyers reviewed files, a citizen missed their slot, one cancelled.
    Plan("guanxian.lawyers", K.FILE_REVIEW, -5, 9, lawyer=1, then="check_in"),
    Plan("guanxian.lawyers", K.FILE_REVIEW, -4, 14, lawyer=1, then="check_in"),
    Plan("city.review", K.FILE_REVIEW, -4, 9, lawyer=0, then="check_in"),
    Plan("linqing.lawyers", K.FILE_REVIEW, -3, 10, lawyer=2, then="check_in"),
    Plan("city.review", K.SUBMISSION, -2, 15, lawyer=0, case="none", then="check_in"),
    Plan("guanxian.lawyers", K.MEETING, -2, 10, lawyer=1, then="confirm_check_in"),
    Plan("linqing.lawyers", K.FILE_REVIEW, -1, 9, lawyer=2, then="no_show"),
    Plan("city.review", K.FILE_REVIEW, -1, 14, lawyer=0, then="cancel"),
    Plan("qingshui.desk", K.WALK_IN, -5, 9, citizen=0, then="check_in"),
    Plan("qingshui.desk", K.VIDEO_RECEPTION, -3, 15, citizen=1, then="check_in"),
    Plan("ganguantun.desk", K.WALK_IN, -2, 9, minute=30, citizen=2, then="no_show"),
    Plan("lindong.desk", K.VIDEO_RECEPTION, -1, 10, citizen=3, then="check_in"),
    Plan("guanxian.hall", K.WALK_IN, -1, 15, citizen=4, then="check_in"),
    # Today, before the demo's present.
    Plan("guanxian.lawyers", K.FILE_REVIEW, 0, 9, lawyer=1, then="check_in"),
    Plan("xinqu.desk", K.WALK_IN, 0, 9, citizen=5, then="check_in"),
    # Ahead: confirmed, waiting for staff, one declined.
    Plan("guanxian.lawyers", K.FILE_REVIEW, 1, 9, lawyer=1),
    Plan("city.review", K.FILE_REVIEW, 1, 14, lawyer=0),
    Plan("linqing.lawyers", K.FILE_REVIEW, 2, 10, lawyer=2),
    Plan("guanxian.lawyers", K.FILE_REVIEW, 2, 14, lawyer=0, case="other"),
    Plan("city.review", K.FILE_REVIEW, 3, 9, lawyer=2, case="other"),
    Plan("guanxian.lawyers", K.MEETING, 3, 15, lawyer=1),
    Plan("city.meeting", K.MEETING, 4, 10, lawyer=0),
    Plan("linqing.lawyers", K.MEETING, 4, 14, lawyer=2, then="confirm"),
    Plan("city.review", K.SUBMISSION, 5, 9, lawyer=0, case="none"),
    Plan("guanxian.lawyers", K.SUBMISSION, 5, 14, lawyer=1, case="none"),
    Plan("guanxian.lawyers", K.FILE_REVIEW, 6, 10, lawyer=1),
    Plan("qingshui.desk", K.VIDEO_RECEPTION, 1, 9, minute=30, citizen=6),
    Plan("qingshui.desk", K.WALK_IN, 2, 15, citizen=7),
    Plan("lindong.desk", K.VIDEO_RECEPTION, 3, 10, citizen=0),
    Plan("guanxian.hall", K.WALK_IN, 4, 9, citizen=1),
    Plan("city.hall", K.WALK_IN, 1, 10, citizen=2),
    Plan("guanxian.chief", K.RECEPTION_DAY, 0, 0, citizen=3, then="confirm"),  # next Monday
    Plan("city.chief", K.RECEPTION_DAY, 0, 0, citizen=4),  # next Wednesday, pending
    Plan("city.chief", K.RECEPTION_DAY, 0, 0, minute=30, citizen=5, then="decline"),
]


def _working_days(now: dt.datetime) -> dict[int, dt.date]:
    """Index → working day: 0 today (whatever it is), -1 the last working day before…"""
    overrides = working_day_overrides()
    local = now.astimezone(CHINA)
    today = local.date()
    # "Today" must be a working day whose morning has passed; else the last working day.
    while not is_working_day(today, overrides) or (today == local.date() and local.hour < 10):
        today -= dt.timedelta(days=1)
    days = {0: today}
    for sign in (-1, 1):
        day, index = today, 0
        while abs(index) < 8:
            day += dt.timedelta(days=sign)
            if is_working_day(day, overrides):
                index += sign
                days[index] = day
    return days


def _next_open(now: dt.datetime, weekday: int) -> dt.date:
    """The first working day with ISO `weekday` at least two days ahead."""
    overrides = working_day_overrides()
    day = now.astimezone(CHINA).date() + dt.timedelta(days=2)
    while not (day.isoweekday() == weekday and is_working_day(day, overrides)):
        day += dt.timedelta(days=1)
    return day


def _moment(plan: Plan, days: dict[int, dt.date], room: Resource, now: dt.datetime) -> dt.datetime:
    if plan.kind == K.RECEPTION_DAY:
        day, hour = _next_open(now, room.weekdays[0]), 9
    else:
        day, hour = days[plan.day], plan.hour
    return dt.datetime.combine(day, dt.time(hour, plan.minute), tzinfo=CHINA)


def appointments_create(ctx: Context) -> int:
    """Create the desk; returns how many bookings it holds."""
    rng = random.Random(SEED)
    rooms = resources_create(ctx)
    lawyers = lawyers_ensure(ctx)
    cases = counsel_cases(ctx, lawyers)
    days = _working_days(ctx.now)
    for plan in PLANS:
        room = rooms[plan.room]
        start = _moment(plan, days, room, ctx.now)
        booked_at = min(
            start - dt.timedelta(days=rng.randint(2, 6), hours=rng.randint(0, 5)), ctx.now
        )
        booked_at = max(booked_at, start - dt.timedelta(days=room.advance_days - 1))
        if plan.lawyer is not None:
            lawyer = lawyers[plan.lawyer]
            person = person_lawyer(lawyer=lawyer)
            number = {"linked": cases[lawyer.pk].number, "other": "东检刑诉受〔2026〕58号"}.get(
                plan.case, ""
            )
        else:
            person = person_citizen(name=CITIZENS[plan.citizen][0], phone=CITIZENS[plan.citizen][1])
            number = ""
        with _dated(booked_at):
            booking = booking_create(
                person=person,
                resource=room,
                kind=plan.kind,
                starts_at=start,
                case_number=number,
                now=booked_at,
                reference="".join(rng.choice(REFERENCE_ALPHABET) for _i in range(8)),
                checkin_code=f"{rng.randrange(10**6):06d}",
            )
        _then(ctx, plan, booking, booked_at)
    with _dated(ctx.now):
        bookings_mark_no_show(now=ctx.now)
    return Booking.objects.count()


def _then(ctx: Context, plan: Plan, booking: Booking, booked_at: dt.datetime) -> None:
    staff = ctx.cast.receiver(booking.office)

    def soon(delta: dt.timedelta) -> dt.datetime:
        return min(booked_at + delta, ctx.now)

    wants_confirmed = plan.then in ("confirm", "confirm_check_in", "check_in", "no_show")
    # (A booking whose case is the cases demo's, at another office, waits for staff too.)
    if wants_confirmed and booking.status == "pending":
        with _dated(soon(dt.timedelta(hours=2))):
            booking = booking_confirm(actor=staff, booking=booking, now=soon(dt.timedelta(hours=2)))
    if plan.then == "decline":
        with _dated(soon(dt.timedelta(hours=3))):
            booking_decline(
                actor=staff,
                booking=booking,
                reason="当日名额已安排完毕，请改约下周三。",
                now=soon(dt.timedelta(hours=3)),
            )
    if plan.then in ("check_in", "confirm_check_in"):
        arrived = booking.starts_at - dt.timedelta(minutes=10)
        with _dated(arrived):
            booking_check_in(actor=staff, booking=booking, now=arrived)
    if plan.then == "cancel":
        with _dated(soon(dt.timedelta(days=1))):
            booking_cancel(booking=booking, now=soon(dt.timedelta(days=1)))
