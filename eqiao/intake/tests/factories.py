"""Petitions for tests, created directly (no text engine, no SMS): for selectors and for
services that act on an existing petition. Names and phones from Faker zh_CN."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone
from faker import Faker

from eqiao.core.workdays import add_months, add_working_days
from eqiao.intake.models import Channel, Kind, Petition, RiskLevel, Status
from eqiao.intake.services.query_password import query_password_hash

fake = Faker("zh_CN")
_numbers = itertools.count(1)
PASSWORD = "123456"


def make_petition(office, *, accepted_on: dt.date | None = None, **fields) -> Petition:
    """A petition accepted on `accepted_on` (default today) with the statutory clocks that
    date implies; any model field can be overridden."""
    day = accepted_on or timezone.localdate()
    accepted_at = timezone.make_aware(dt.datetime.combine(day, dt.time(9, 30)))
    defaults = {
        "tracking_number": f"{day:%y%m%d}{next(_numbers):06d}",
        "query_password_hash": query_password_hash(PASSWORD),
        "kind": Kind.COMPLAINT,
        "channel": Channel.WEB,
        "status": Status.ACCEPTED,
        "name": fake.name(),
        "phone": f"139{fake.numerify('########')}",
        "title": "反映拖欠工资问题",
        "content": "单位拖欠工资三个月，多次讨要未果，请求检察机关监督。",
        "risk_level": RiskLevel.LOW,
        "submitted_at": accepted_at,
        "accepted_at": accepted_at,
        "procedural_reply_due": add_working_days(day, 7),
        "result_reply_due": add_months(day, 3),
    }
    return Petition.objects.create(office=office, **{**defaults, **fields})
