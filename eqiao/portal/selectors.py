"""Reads for the citizen pages. A citizen sees only their own petitions (proved by the query
password or by a verified phone), and of a petition's history only what
`intake.selectors.petition_public_history` allows: never internal notes, assignments or
risk assessments."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from eqiao.intake.models import EventKind, Petition, PetitionEvent, Status
from eqiao.intake.selectors import CitizenClock, citizen_clock
from eqiao.offices.models import Level, Procuratorate


def petition_get_by_number(*, tracking_number: str) -> Petition | None:
    return Petition.objects.select_related("office").filter(tracking_number=tracking_number).first()


def petition_list_for_phone(*, phone: str) -> QuerySet[Petition]:
    """Petitions filed with this (verified) mobile number, newest first."""
    return (
        Petition.objects.filter(phone=phone)
        .select_related("office")
        .only(
            "tracking_number",
            "kind",
            "status",
            "title",
            "submitted_at",
            "office__name",
            "procedural_replied_at",
            "result_replied_at",
            "closed_at",
        )
        .order_by("-submitted_at", "-pk")
    )


@dataclass(frozen=True)
class ProgressStep:
    label: str
    done: bool
    current: bool
    at: dt.datetime | None


PROGRESS_LABELS = (_("已受理"), _("办理中"), _("已答复"), _("已办结"))


def petition_progress(*, petition: Petition) -> list[ProgressStep]:
    """The four steps a citizen understands (已受理 → 办理中 → 已答复 → 已办结), each with
    whether it is done and when."""
    handling_at = (
        PetitionEvent.objects.filter(
            petition=petition, kind__in=[EventKind.ASSIGNED, EventKind.ROUTED]
        )
        .order_by("at")
        .values_list("at", flat=True)
        .first()
    )
    replied_at = petition.procedural_replied_at or petition.result_replied_at
    if petition.status == Status.CLOSED:
        reached = 3
    elif replied_at or petition.status == Status.REPLIED:
        reached = 2
    elif handling_at or petition.status == Status.ASSIGNED:
        reached = 1
    else:
        reached = 0
    times = (petition.accepted_at, handling_at, replied_at, petition.closed_at)
    return [
        ProgressStep(
            label=str(label),
            done=i <= reached,
            current=i == reached,
            at=times[i] if i <= reached else None,
        )
        for i, label in enumerate(PROGRESS_LABELS)
    ]


def petition_citizen_clock(*, petition: Petition, today: dt.date) -> CitizenClock:
    """The statutory clock as the citizen reads it on `today` (see `intake.selectors`)."""
    return citizen_clock(petition=petition, today=today)


@dataclass(frozen=True)
class CountyOffices:
    county: Procuratorate
    outposts: list[Procuratorate]


@dataclass(frozen=True)
class OfficeDirectory:
    city: Procuratorate | None
    counties: list[CountyOffices]

    @property
    def offices(self) -> list[Procuratorate]:
        head = [self.city] if self.city else []
        return head + [o for c in self.counties for o in (c.county, *c.outposts)]


def office_directory() -> OfficeDirectory:
    """Every office a citizen can write to, the townships grouped under their county, in the
    order the administrators set (one query)."""
    offices = list(Procuratorate.objects.order_by("sort", "name"))
    city = next((o for o in offices if o.level == Level.CITY), None)
    counties = [o for o in offices if o.level == Level.COUNTY]
    return OfficeDirectory(
        city=city,
        counties=[
            CountyOffices(
                county=county,
                outposts=[
                    o for o in offices if o.level == Level.TOWNSHIP and o.parent_id == county.pk
                ],
            )
            for county in counties
        ],
    )
