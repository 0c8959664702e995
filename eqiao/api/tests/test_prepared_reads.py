"""The read by number runs SQL compiled once (`core.prepared.PreparedQuery`): it must give
exactly what the ORM gives, for one number or several, known or not, on either database,
and the key check must still refuse a deactivated client at once."""

from __future__ import annotations

import pytest

from eqiao.api.selectors import _public, petitions_public_by_numbers
from eqiao.api.services.clients import api_client_authenticate, api_client_set_active
from eqiao.intake.models import Petition
from eqiao.intake.selectors import public_events
from eqiao.intake.services.submission import petition_submit


def _view(p: Petition) -> tuple:
    return (
        p.tracking_number,
        p.kind,
        p.status,
        p.submitted_at,
        p.procedural_reply_due,
        p.office.name,
        p.office.parent.name if p.office.parent else None,
        [
            (e.at, e.kind, e.text, e.to_office.name if e.to_office else None)
            for e in p.public_events
        ],
    )


@pytest.mark.django_db
def test_prepared_read_gives_what_the_orm_gives(office_tree):
    numbers = [
        petition_submit(
            kind="complaint",
            channel="web",
            content=f"第{i}件：拖欠工资。",
            name="李秀英",
            phone=f"1391234567{i}",
            office=office_tree.qingshui if i else None,
        ).petition.tracking_number
        for i in range(3)
    ]
    for asked in ([numbers[0]], [numbers[2], "000000000000", numbers[1]], numbers, ["1"]):
        got = petitions_public_by_numbers(numbers=asked)
        expected = list(_public(Petition.objects.filter(tracking_number__in=asked)))
        for p in expected:
            p.public_events = list(public_events().filter(petition=p))
        by_number = {p.tracking_number: p for p in expected}
        assert [_view(p) for p in got] == [_view(by_number[n]) for n in asked if n in by_number]
        # Only the public columns were read: the rest stays deferred.
        assert all("content" in p.get_deferred_fields() for p in got)


@pytest.mark.django_db
def test_a_deactivated_key_is_refused_at_once(kiosk):
    assert api_client_authenticate(key=kiosk.key) == kiosk.client
    api_client_set_active(client=kiosk.client, active=False)
    assert api_client_authenticate(key=kiosk.key) is None
    assert api_client_authenticate(key=kiosk.key + "x") is None


@pytest.mark.django_db
def test_a_remembered_key_stops_working_when_the_client_changes(kiosk, client):
    """The key → client answer is remembered for a few seconds, yet a new key, a client
    switched off in the admin (a plain save) or deleted is refused on the very next call."""
    from eqiao.api.services.clients import api_client_rotate_key

    def status(key: str) -> int:
        return client.get(f"/api/open311/v2/requests/1.json?api_key={key}").status_code

    assert status(kiosk.key) == 404  # known key, unknown request
    new_key = api_client_rotate_key(client=kiosk.client)
    assert status(kiosk.key) == 403 and status(new_key) == 404
    kiosk.client.refresh_from_db()
    kiosk.client.is_active = False
    kiosk.client.save()
    assert status(new_key) == 403
    kiosk.client.is_active = True
    kiosk.client.save()
    assert status(new_key) == 404
    kiosk.client.delete()
    assert status(new_key) == 403
