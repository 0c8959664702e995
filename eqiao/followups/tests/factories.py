"""Closed cases and petitions with people to follow up (test data; phones made up)."""

from __future__ import annotations

import datetime as dt
import itertools

from django.utils import timezone

from eqiao.cases.models import Case, CaseKind, CaseParty, PartyRole, Stage
from eqiao.followups.messages import EVALUATE
from eqiao.followups.models import Campaign, Period, RecordSource
from eqiao.intake.models import Kind, Petition, Status

_numbers = itertools.count(1)


def make_closed_case(
    office,
    *,
    parties=(),
    closed_on=dt.date(2026, 10, 20),
    prosecutor=None,
    kind=CaseKind.CRIMINAL,
    number: str = "",
) -> Case:
    """A closed case with parties given as (name, phone)."""
    n = next(_numbers)
    case = Case.objects.create(
        number=number or f"冠检刑诉受〔2026〕{n}号",
        kind=kind,
        title=f"测试案件{n}",
        office=office,
        prosecutor=prosecutor,
        stage=Stage.CLOSED,
        accepted_on=closed_on - dt.timedelta(days=40),
        closed_on=closed_on,
    )
    CaseParty.objects.bulk_create(
        [
            CaseParty(case=case, role=PartyRole.VICTIM, name=name, phone=phone)
            for name, phone in parties
        ]
    )
    return case


def make_closed_petition(
    office, *, phone: str, closed_on=dt.date(2026, 10, 12), assignee=None, kind=Kind.COMPLAINT
) -> Petition:
    n = next(_numbers)
    at = timezone.make_aware(dt.datetime.combine(closed_on, dt.time(15, 0)))
    return Petition.objects.create(
        tracking_number=f"X2026{n:07d}",
        query_password_hash="-",
        kind=kind,
        channel="web",
        status=Status.CLOSED,
        office=office,
        assignee=assignee,
        name="张三",
        phone=phone,
        title="反映拖欠工资问题",
        content="单位拖欠工资三个月。",
        submitted_at=at - dt.timedelta(days=30),
        accepted_at=at - dt.timedelta(days=30),
        procedural_reply_due=closed_on,
        result_reply_due=closed_on,
        closed_at=at,
    )


def make_campaign(office, **fields) -> Campaign:
    defaults = {
        "name": "每月办结回访",
        "source": RecordSource.BOTH,
        "period": Period.PREVIOUS_MONTH,
        "template": EVALUATE,
        "schedule": "monthly 5 10:00",
    }
    return Campaign.objects.create(office=office, **{**defaults, **fields})
