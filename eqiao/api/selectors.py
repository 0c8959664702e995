"""Reads for the API's public answers. Public means: what the citizen may see of their own
petition (its history as `intake.selectors.public_events` decides), and — without the query
password — no more than its progress: never the petitioner's name, phone, ID number,
address or text, never internal notes or assignees."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from eqiao.api.models import ApiSubmission
from eqiao.intake.models import EventKind, Petition, PetitionEvent
from eqiao.intake.selectors import petition_public_history, public_events

REPLY_KINDS = (EventKind.PROCEDURAL_REPLY, EventKind.RESULT_REPLY)
MAX_NUMBERS_PER_QUERY = 20


def _with_public_events(qs: QuerySet[Petition]) -> QuerySet[Petition]:
    return qs.select_related("office", "api_submission").prefetch_related(
        Prefetch("events", queryset=public_events(), to_attr="public_events")
    )


def petitions_public_by_numbers(*, numbers: Iterable[str]) -> list[Petition]:
    """Petitions with these tracking numbers (unknown ones are left out), each with
    `public_events` prefetched, in the order asked."""
    wanted = list(dict.fromkeys(numbers))[:MAX_NUMBERS_PER_QUERY]
    found = {
        p.tracking_number: p
        for p in _with_public_events(Petition.objects.filter(tracking_number__in=wanted))
    }
    return [found[n] for n in wanted if n in found]


def petition_public(*, petition: Petition) -> Petition:
    """The same petition re-read with `public_events` prefetched."""
    return _with_public_events(Petition.objects.filter(pk=petition.pk)).get()


def submission_by_token(*, token: str) -> ApiSubmission | None:
    if not token or len(token) > 40:
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
