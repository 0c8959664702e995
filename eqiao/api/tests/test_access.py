"""Unlocking a petition through the API spends the same budget as the portal's tracking
page (`intake.services.access`), and a refusal's Retry-After is the real wait."""

from __future__ import annotations

import pytest

from eqiao.intake.services.submission import petition_submit

pytestmark = pytest.mark.django_db

PETITIONS = "/api/v1/petitions"


@pytest.fixture
def filed(office_tree, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result = petition_submit(
            kind="complaint",
            channel="web",
            name="李某某",
            phone="13912345678",
            content="老板一直拖欠工资不给，请检察院帮帮忙。",
        )
    wrong = "000000" if result.query_password != "000000" else "111111"
    return result.petition.tracking_number, result.query_password, wrong


def status(client, number, password, **extra):
    return client.get(f"{PETITIONS}/{number}", HTTP_X_QUERY_PASSWORD=password, **extra)


def track(client, number, password, **extra):
    return client.post("/track/", {"tracking_number": number, "password": password}, **extra)


def test_the_portal_and_the_api_spend_one_budget(client, filed, throttle_clock):
    """Wrong guesses on the portal count for the API and the other way round: three free
    tries for one address on one number, wherever they are made."""
    number, _password, wrong = filed
    assert track(client, number, wrong).status_code == 400
    assert status(client, number, wrong).status_code == 404
    assert track(client, number, wrong).status_code == 400
    refused = status(client, number, wrong)
    assert refused.status_code == 429
    assert track(client, number, wrong).status_code == 429


def test_retry_after_is_the_real_end_of_the_wait(client, filed, throttle_clock):
    number, password, wrong = filed
    for _i in range(3):
        assert status(client, number, wrong).status_code == 404
    throttle_clock.advance(2)
    refused = status(client, number, password)
    assert refused.status_code == 429
    assert refused["Retry-After"] == "3"  # 5 s after the third failure, 2 s of it gone
    assert "请3秒后再试" in refused.json()["detail"]
    throttle_clock.advance(3)
    assert status(client, number, password).status_code == 200


def test_a_stranger_cannot_keep_the_owner_out(client, filed, throttle_clock):
    number, password, wrong = filed
    for bot in range(30):  # thirty addresses, three wrong guesses each, as fast as allowed
        for _i in range(3):
            status(client, number, wrong, REMOTE_ADDR=f"172.16.0.{bot}")
    owner = status(client, number, password, REMOTE_ADDR="10.1.1.1")
    assert owner.status_code == 429
    wait = int(owner["Retry-After"])
    assert 0 < wait <= 60
    throttle_clock.advance(wait)
    assert status(client, number, password, REMOTE_ADDR="10.1.1.1").status_code == 200


def test_an_api_client_has_a_larger_budget_of_its_own(client, office_tree, kiosk, throttle_clock):
    """An integration's server is one address for many citizens: with its key it is counted
    by the key, with a larger budget, and its address's budget stays untouched."""
    for i in range(25):
        response = status(client, f"2601010000{i:02d}", "123456", **kiosk.auth)
        assert response.status_code == 404
    assert status(client, "260101000099", "123456").status_code == 404  # same address, no key


def test_one_address_guessing_numbers_is_slowed(client, office_tree, throttle_clock):
    codes = [
        status(client, f"2601010000{i:02d}", "123456", REMOTE_ADDR="10.9.9.9").status_code
        for i in range(22)
    ]
    assert codes[:20] == [404] * 20 and codes[21] == 429
    throttle_clock.advance(60 * 60)
    assert status(client, "260101000050", "123456", REMOTE_ADDR="10.9.9.9").status_code == 404
