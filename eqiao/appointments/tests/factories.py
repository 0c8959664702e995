"""Test data for appointments: resources, verified lawyers and the cases they are counsel
in (names from Faker zh_CN, never real people)."""

from __future__ import annotations

import datetime as dt
import itertools

from faker import Faker

from eqiao.appointments.hours import CHINA
from eqiao.appointments.models import Resource
from eqiao.cases.models import Case, CaseParty, Lawyer, LawyerStatus
from eqiao.core.models import User

fake = Faker("zh_CN")
_numbers = itertools.count(1)
# A Monday in December 2026, before office hours: the tests' present.
NOW = dt.datetime(2026, 12, 14, 8, 0, tzinfo=CHINA)
LAWYER_PASSWORD = "lawyer-pass-1234"


def at(day_offset: int, hh: int, mm: int = 0) -> dt.datetime:
    """A moment `day_offset` days after NOW's day, at hh:mm China time."""
    day = NOW.date() + dt.timedelta(days=day_offset)
    return dt.datetime.combine(day, dt.time(hh, mm), tzinfo=CHINA)


def make_resource(office, *, kinds, name="", **values) -> Resource:
    defaults = {
        "hours": "09:00-11:30,14:00-17:00",
        "slot_minutes": 30,
        "capacity": 1,
        "min_notice_hours": 1,
        "cancel_cutoff_hours": 2,
        "advance_days": 14,
    }
    defaults.update(values)
    return Resource.objects.create(
        office=office, name=name or f"接待室{next(_numbers)}", kinds=list(kinds), **defaults
    )


def make_lawyer(*, status=LawyerStatus.APPROVED, username="", phone="") -> Lawyer:
    n = next(_numbers)
    user = User.objects.create_user(username=username or f"lawyer{n}", password=LAWYER_PASSWORD)
    return Lawyer.objects.create(
        user=user,
        name=fake.name(),
        licence_number=f"1371520{n:010d}",
        firm="山东聊城正义律师事务所",
        phone=phone or f"1390635{n:04d}",
        status=status,
    )


def make_case(office, *, counsel: Lawyer | None = None, number: str = "") -> Case:
    n = next(_numbers)
    case = Case.objects.create(
        number=number or f"冠检刑诉受〔2026〕{n}号",
        kind="criminal",
        title=f"{fake.name()}盗窃案",
        charge="盗窃",
        office=office,
        stage="prosecution_review",
        accepted_on=dt.date(2026, 11, 2),
    )
    CaseParty.objects.create(case=case, role="suspect", name=fake.name())
    if counsel is not None:
        CaseParty.objects.create(case=case, role="defender", name=counsel.name, lawyer=counsel)
    return case
