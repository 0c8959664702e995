"""Reads for the API's public answers. Public means: what the citizen may see of their own
petition (its history as `intake.selectors.public_events` decides), and — without the query
password — no more than its progress: never the petitioner's name, phone, ID number,
address or text, never internal notes or assignees."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from eqiao.api.models import ApiClient, ApiSubmission
from eqiao.core.prepared import PreparedQuery, number_sentinel
from eqiao.intake.models import EventKind, Kind, Petition, PetitionEvent, Status
from eqiao.intake.selectors import petition_public_history, public_events

REPLY_KINDS = (EventKind.PROCEDURAL_REPLY, EventKind.RESULT_REPLY)
MAX_NUMBERS_PER_QUERY = 20


# The columns a public answer reads (its status, clocks and office, who filed it): nothing
# else is fetched, so building the query and the objects costs little, and no personal data
# is even loaded.
PUBLIC_COLUMNS = (
    "tracking_number",
    "kind",
    "status",
    "anonymous",
    "submitted_at",
    "procedural_reply_due",
    "result_reply_due",
    "procedural_replied_at",
    "result_replied_at",
    "closed_at",
    "outcome",
    "office__name",
    "office__short_name",
    "office__phone",
    "office__parent__name",
    "office__parent__short_name",
    "office__parent__phone",
    "api_submission__client_id",
)


def _public(qs: QuerySet[Petition]) -> QuerySet[Petition]:
    return qs.select_related("office__parent", "api_submission").only(*PUBLIC_COLUMNS)


def _with_public_events(qs: QuerySet[Petition]) -> QuerySet[Petition]:
    return _public(qs).prefetch_related(
        Prefetch("events", queryset=public_events(), to_attr="public_events")
    )


# The read by number is the API's hottest: its two queries are compiled once (per thread
# and count of numbers), since building their SQL cost several times running it.
_PETITIONS_BY_NUMBERS = PreparedQuery(
    lambda numbers: _public(Petition.objects.filter(tracking_number__in=numbers))
)
_PUBLIC_EVENTS_OF = PreparedQuery(
    lambda ids: public_events().filter(petition_id__in=ids), sentinel=number_sentinel
)


def petitions_public_by_numbers(*, numbers: Iterable[str]) -> list[Petition]:
    """Petitions with these tracking numbers (unknown ones are left out), each with
    `public_events` (its public history in order), in the order asked. Two queries, each
    compiled once; the events are grouped here rather than by prefetch_related, whose
    machinery cost more than both queries on the one-number lookups that are the common
    case."""
    wanted = list(dict.fromkeys(numbers))[:MAX_NUMBERS_PER_QUERY]
    if not wanted:
        return []
    petitions: list[Petition] = _PETITIONS_BY_NUMBERS.run(wanted)  # type: ignore[assignment]
    by_pk = {p.pk: p for p in petitions}
    for p in petitions:
        p.public_events = []  # type: ignore[attr-defined]
    if by_pk:
        for event in _PUBLIC_EVENTS_OF.run(list(by_pk)):
            by_pk[event.petition_id].public_events.append(event)  # type: ignore[attr-defined]
    found = {p.tracking_number: p for p in petitions}
    return [found[n] for n in wanted if n in found]


def petition_public(*, petition: Petition) -> Petition:
    """The same petition re-read with `public_events` prefetched."""
    return _with_public_events(Petition.objects.filter(pk=petition.pk)).get()


def submission_by_token(*, token: str) -> ApiSubmission | None:
    """The submission a token (32 hex digits) stands for; None for anything else, which
    never reaches the query (PostgreSQL refuses NUL characters with an error)."""
    if not token or len(token) > 40 or not all(ch in "0123456789abcdef" for ch in token):
        return None
    return ApiSubmission.objects.select_related("petition").filter(token=token).first()


@dataclass(frozen=True)
class PublicProgress:
    latest_event: PetitionEvent | None
    latest_reply: PetitionEvent | None


def petition_progress(petition: Petition) -> PublicProgress:
    """The newest public event and the newest reply, from the prefetched `public_events`."""
    events = getattr(petition, "public_events", None)
    if events is None:
        events = list(petition_public_history(petition=petition))
    replies = [e for e in events if e.kind in REPLY_KINDS]
    return PublicProgress(
        latest_event=events[-1] if events else None,
        latest_reply=replies[-1] if replies else None,
    )


# GeoReport v2: a list covers at most 90 days and at most 1,000 requests.
LIST_MAX_ROWS = 1000


@dataclass(frozen=True)
class RequestFilter:
    """What a request list is narrowed to: submitted in [start, end], these kinds (empty:
    all), open and/or closed (empty: both)."""

    start: dt.datetime
    end: dt.datetime
    kinds: frozenset[str] = frozenset()
    statuses: frozenset[str] = frozenset()


def _filtered(qs: QuerySet[Petition], wanted: RequestFilter) -> QuerySet[Petition]:
    qs = qs.filter(submitted_at__gte=wanted.start, submitted_at__lte=wanted.end)
    if wanted.kinds:
        qs = qs.filter(kind__in=wanted.kinds)
    if wanted.statuses == {"open"}:
        qs = qs.exclude(status=Status.CLOSED)
    elif wanted.statuses == {"closed"}:
        qs = qs.filter(status=Status.CLOSED)
    return _with_public_events(qs).order_by("-submitted_at", "-pk")


def petitions_filed_by(*, client: ApiClient, wanted: RequestFilter) -> list[Petition]:
    """The petitions `client` filed, newest first, as the filter narrows them."""
    qs = Petition.objects.filter(api_submission__client=client)
    return list(_filtered(qs, wanted)[:LIST_MAX_ROWS])


def _publicly_listable(qs: QuerySet[Petition]) -> QuerySet[Petition]:
    # An anonymous report must not even be known to exist.
    return qs.exclude(kind=Kind.REPORT, anonymous=True)


def petitions_public_listing(*, wanted: RequestFilter) -> list[Petition]:
    """The public listing (only when an administrator switched it on): every petition but
    anonymous reports, newest first."""
    return list(_filtered(_publicly_listable(Petition.objects.all()), wanted)[:LIST_MAX_ROWS])


def petition_publicly_listable(*, petition: Petition) -> bool:
    return not (petition.kind == Kind.REPORT and petition.anonymous)
