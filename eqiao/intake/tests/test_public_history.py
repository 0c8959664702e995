"""What of a petition's history its petitioner may read is decided in one place
(`intake.selectors.public_events`), and the portal and the API show exactly that."""

from __future__ import annotations

import pytest

from eqiao.intake.models import EventKind, PetitionEvent
from eqiao.intake.selectors import PRIVATE_EVENT_KINDS, petition_public_history
from eqiao.intake.services.submission import petition_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def filed(office_tree, django_capture_on_commit_callbacks):
    """A petition with one event of every kind marked public, and a private note."""
    with django_capture_on_commit_callbacks(execute=True):
        result = petition_submit(
            kind="complaint",
            channel="web",
            name="李某某",
            phone="13812345678",
            content="公安局一直不退还取保候审保证金，请检察院监督。",
        )
    petition = result.petition
    for kind in EventKind.values:
        if kind != EventKind.SUBMITTED:
            PetitionEvent.objects.create(
                petition=petition, kind=kind, public=True, text=f"事件-{kind}"
            )
    PetitionEvent.objects.create(
        petition=petition, kind=EventKind.PROCEDURAL_REPLY, public=False, text="未公开的草稿"
    )
    return petition, result.query_password


def test_the_public_history_leaves_out_private_kinds_and_unpublished_events(filed):
    petition, _password = filed
    kinds = [e.kind for e in petition_public_history(petition=petition)]
    expected = [k for k in EventKind.values if k not in PRIVATE_EVENT_KINDS]
    assert sorted(kinds) == sorted(expected)
    assert "未公开的草稿" not in [e.text for e in petition_public_history(petition=petition)]


def test_the_portal_and_the_api_show_the_same_public_history(client, filed):
    petition, password = filed
    added = [k for k in EventKind.values if k != EventKind.SUBMITTED]
    shown = {f"事件-{k}" for k in added if k not in PRIVATE_EVENT_KINDS}
    hidden = {f"事件-{k}" for k in PRIVATE_EVENT_KINDS} | {"未公开的草稿"}

    client.post("/track/", {"tracking_number": petition.tracking_number, "password": password})
    page = client.get(f"/p/{petition.tracking_number}/").content.decode()
    api = client.get(
        f"/api/v1/petitions/{petition.tracking_number}", HTTP_X_QUERY_PASSWORD=password
    ).json()
    api_texts = {e["text"] for e in api["events"]}

    assert shown <= api_texts
    assert all(text in page for text in shown)
    assert not hidden & api_texts
    assert not any(text in page for text in hidden)
