"""The one opt-out list for every channel (退订).

A person opts out by replying 退订 / TD / STOP / N (the inbound dispatcher recognises the
words before any handler sees the message) or through staff; they opt back in with 订阅 /
START or through staff. Every send checks the list except the messages a person asked for
(`OutboundMessage.requested`: receipts, login codes).
"""

from __future__ import annotations

import unicodedata

from django.db import transaction
from django.utils import timezone

from eqiao.channels.models import InboundMessage, MessageChannel, OptOut, OptOutMethod
from eqiao.core.audit import audit_log

OPT_OUT_WORDS = frozenset({"退订", "td", "stop", "n"})
OPT_IN_WORDS = frozenset({"订阅", "start"})


def optout_word(text: str) -> str:
    """'out' when the whole message is an opt-out word (退订, TD, STOP, N in any case or
    width, spaces and closing punctuation ignored), 'in' for an opt-in word, else ''."""
    word = unicodedata.normalize("NFKC", text or "").strip().strip("。.!！").strip().casefold()
    if word in OPT_OUT_WORDS:
        return "out"
    if word in OPT_IN_WORDS:
        return "in"
    return ""


def optout_is_active(*, address: str) -> bool:
    return OptOut.objects.filter(address=address, active=True).exists()


def _set(
    *,
    address: str,
    active: bool,
    method: str,
    channel: str,
    inbound: InboundMessage | None,
    note: str,
) -> OptOut:
    with transaction.atomic():
        entry, _created = OptOut.objects.select_for_update().get_or_create(
            address=address,
            defaults={"active": active, "method": method, "channel": channel},
        )
        entry.active = active
        entry.method = method
        entry.channel = channel
        entry.inbound = inbound
        entry.note = note[:200]
        entry.changed_at = timezone.now()
        entry.save()
    return entry


def optout_record(
    *, address: str, channel: str = MessageChannel.SMS, inbound: InboundMessage | None = None
) -> OptOut:
    """The person at `address` replied with an opt-out word (the `inbound` message)."""
    return _set(
        address=address,
        active=True,
        method=OptOutMethod.REPLY,
        channel=channel,
        inbound=inbound,
        note="",
    )


def optin_record(
    *, address: str, channel: str = MessageChannel.SMS, inbound: InboundMessage | None = None
) -> OptOut:
    """The person at `address` replied with an opt-in word: they are written to again."""
    return _set(
        address=address,
        active=False,
        method=OptOutMethod.REPLY,
        channel=channel,
        inbound=inbound,
        note="",
    )


def optout_set_by_staff(*, actor, address: str, opted_out: bool, note: str = "") -> OptOut:
    """Staff record that the person opted out (a phone call, a letter) or back in; the
    change is audit-logged."""
    entry = _set(
        address=address,
        active=opted_out,
        method=OptOutMethod.STAFF,
        channel=MessageChannel.SMS,
        inbound=None,
        note=note,
    )
    audit_log(
        actor=actor,
        action="channels.optout" if opted_out else "channels.optin",
        target=entry,
        detail={"note": note[:200]},
    )
    return entry
