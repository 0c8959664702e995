"""Keys are credentials: a refused key never reaches the logs, only a short fingerprint."""

from __future__ import annotations

import logging

import pytest

from eqiao.api.auth import key_fingerprint

pytestmark = pytest.mark.django_db

WRONG_KEY = "eqk_" + "s3cr3t" * 7


def _logged(caplog) -> str:
    return "\n".join(record.getMessage() for record in caplog.records)


@pytest.mark.parametrize("debug", [False, True])
def test_a_wrong_authorization_header_is_never_logged(
    client, office_tree, settings, caplog, petition_payload, debug
):
    settings.DEBUG = debug  # django-ninja logs unexpected headers whole in DEBUG
    caplog.set_level(logging.DEBUG)
    for header in (f"Token {WRONG_KEY}", f"Bearer {WRONG_KEY}", f"Basic {WRONG_KEY}"):
        response = client.post(
            "/api/v1/petitions",
            petition_payload,
            content_type="application/json",
            HTTP_AUTHORIZATION=header,
        )
        assert response.status_code in (401, 403)
    assert "s3cr3t" not in _logged(caplog)


def test_a_wrong_open311_key_is_logged_by_fingerprint_only(client, office_tree, caplog):
    caplog.set_level(logging.DEBUG)
    posted = client.post(
        "/api/open311/v2/requests.json", {"api_key": WRONG_KEY, "service_code": "complaint"}
    )
    read = client.get(f"/api/open311/v2/requests/260101000001.json?api_key={WRONG_KEY}")
    assert posted.status_code == read.status_code == 403
    logged = _logged(caplog)
    assert "s3cr3t" not in logged
    assert key_fingerprint(WRONG_KEY) in logged and len(key_fingerprint(WRONG_KEY)) == 8
