"""Who a campaign run writes to: the people of the selected closed records, streamed in
phone order and grouped by phone, so a person in two records is one person, and memory does
not grow with the number of records."""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from eqiao.cases.models import CaseParty, Stage
from eqiao.channels.models import OptOut
from eqiao.core.workdays import add_months
from eqiao.followups.models import Campaign, Period, RecordSource
from eqiao.intake.models import Petition, Status
from eqiao.offices.selectors import office_path_check

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
STREAM_CHUNK = 2000


@dataclass(frozen=True)
class RecordRef:
    kind: str  # "case" | "petition"
    pk: int
    number: str


@dataclass(frozen=True)
class Person:
    phone: str
    records: tuple[RecordRef, ...]


def period_bounds(period: str, today: dt.date) -> tuple[dt.date, dt.date]:
    """The closing dates a run on `today` selects (both ends included)."""
    if period == Period.LAST_7_DAYS:
        return today - dt.timedelta(days=7), today - dt.timedelta(days=1)
    if period == Period.LAST_30_DAYS:
        return today - dt.timedelta(days=30), today - dt.timedelta(days=1)
    first = today.replace(day=1)
    return add_months(first, -1), first - dt.timedelta(days=1)


def _opted_out() -> QuerySet:
    return OptOut.objects.filter(active=True).values("address")


def _cases(campaign: Campaign, start: dt.date, end: dt.date, after: str) -> QuerySet:
    parties = CaseParty.objects.filter(
        case__office__path__startswith=office_path_check(campaign.office),
        case__stage=Stage.CLOSED,
        case__closed_on__range=(start, end),
        phone__gt=after,
    ).exclude(phone__in=_opted_out())
    if campaign.case_kinds:
        parties = parties.filter(case__kind__in=campaign.case_kinds)
    return parties.order_by("phone", "case_id").values_list("phone", "case_id", "case__number")


def _local_midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _petitions(campaign: Campaign, start: dt.date, end: dt.date, after: str) -> QuerySet:
    petitions = Petition.objects.filter(
        office__path__startswith=office_path_check(campaign.office),
        status=Status.CLOSED,
        closed_at__gte=_local_midnight(start),
        closed_at__lt=_local_midnight(end + dt.timedelta(days=1)),
        phone__gt=after,
    ).exclude(phone__in=_opted_out())
    if campaign.petition_kinds:
        petitions = petitions.filter(kind__in=campaign.petition_kinds)
    return petitions.order_by("phone", "pk").values_list("phone", "pk", "tracking_number")


def _stream(rows: QuerySet, kind: str) -> Iterator[tuple[str, RecordRef]]:
    for phone, pk, number in rows.iterator(chunk_size=STREAM_CHUNK):
        yield phone, RecordRef(kind, pk, number)


def people(
    campaign: Campaign, start: dt.date, end: dt.date, *, after: str = ""
) -> Iterator[Person]:
    """The people to write to, in phone order, from the first phone after `after`: each
    with every selected record they are in. Opted-out numbers and numbers that are not
    mainland mobiles are left out."""
    streams = []
    if campaign.source in (RecordSource.CASES, RecordSource.BOTH):
        streams.append(_stream(_cases(campaign, start, end, after), "case"))
    if campaign.source in (RecordSource.PETITIONS, RecordSource.BOTH):
        streams.append(_stream(_petitions(campaign, start, end, after), "petition"))
    merged = heapq.merge(*streams, key=lambda row: row[0])
    for phone, rows in itertools.groupby(merged, key=lambda row: row[0]):
        if not MOBILE_RE.match(phone):
            continue
        records = tuple(dict.fromkeys(ref for _phone, ref in rows))
        yield Person(phone=phone, records=records)


def people_count(campaign: Campaign, start: dt.date, end: dt.date) -> int:
    return sum(1 for _person in people(campaign, start, end))
