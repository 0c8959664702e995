"""Fixtures for the portal's page tests: a valid web submission and a petition to look at."""

from __future__ import annotations

import pytest
from faker import Faker

fake = Faker("zh_CN")

PHONE = "13812345678"


@pytest.fixture
def valid_form():
    """What a citizen types into the submit form, all of it valid."""
    return {
        "kind": "complaint",
        "content": "2009年我因交通肇事被取保候审，交了一万元保证金，案子早已结了，公安局一直不退。",
        "title": "",
        "name": "张某某",
        "phone": PHONE,
        "id_number": fake.ssn(),
        "address": "河南省林州市",
        "idempotency_key": "key-" + "a" * 30,
    }


@pytest.fixture
def submit_committed(client, django_capture_on_commit_callbacks):
    """POST to a submit URL and run the on-commit hooks (so the SMS is delivered)."""

    def post(url, data, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data, **extra)

    return post


@pytest.fixture
def petition(office_tree, django_capture_on_commit_callbacks):
    """A petition filed on the web, with its query password as `.password`."""
    from eqiao.intake.services.submission import petition_submit

    with django_capture_on_commit_callbacks(execute=True):
        result = petition_submit(
            kind="complaint",
            channel="web",
            name="李某某",
            phone=PHONE,
            content="公安局一直不退还取保候审保证金，请检察院监督。",
        )
    result.petition.password = result.query_password
    return result.petition
