"""A bounded schemathesis run over every operation of /api/openapi.json, against the WSGI
app in-process: valid and invalid requests generated from the document must never get a
5xx, and every answer must be one the document describes (status, content type, body).

Bounded and repeatable: a fixed number of examples per operation, derandomised, so the run
takes seconds and a failure comes back the same way. It runs on SQLite and, under
DATABASE_URL, on PostgreSQL (which refuses what SQLite lets through: NUL characters,
over-long values)."""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from eqiao.api.tests.conftest import SMS_SECRET
from eqiao.intake.models import Petition

pytestmark = pytest.mark.django_db

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def connection_kept_open():
    """The WSGI app closes the database connection after each request; Django's test
    client stops it from doing so (the test's transaction lives on that connection), and
    so must a test that calls the app directly."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


# schemathesis's pytest plugin (schema.parametrize) does not run under pytest 9; its
# strategies with Hypothesis's own @given do the same, one operation at a time.
MODES = ["examples", "positive", "negative"]
EXAMPLES_PER_OPERATION = 10


def _strategies(operation, mode: str):
    """`examples`: the document's own examples (valid requests that get through to the
    services); `positive`/`negative`: data generated to match, or to break, the schema."""
    if mode == "examples":
        return operation.get_strategies_from_examples()
    return [operation.as_strategy(generation_mode=GenerationMode(mode))]


@pytest.mark.parametrize("mode", MODES)
def test_every_operation_answers_as_documented(
    office_tree, kiosk, settings, connection_kept_open, mode
):
    """With a valid key (so writes get past authentication) and the SMS webhook's secret;
    what the generator puts in the other parameters is up to it."""
    from config.wsgi import application

    settings.EQIAO_SMS_INBOUND_SECRET = SMS_SECRET
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    labels = {operation.label for operation in operations}
    assert {"POST /api/open311/v2/requests.json", "POST /api/v1/petitions"} <= labels
    assert len(labels) >= 10
    credentials = {"Authorization": f"Bearer {kiosk.key}", "X-EQiao-Sms-Secret": SMS_SECRET}

    for operation in operations:
        for strategy in _strategies(operation, mode):

            @given(case=strategy)
            @hypothesis_settings(
                max_examples=EXAMPLES_PER_OPERATION,
                derandomize=True,
                deadline=None,
                phases=[Phase.explicit, Phase.generate],
                suppress_health_check=list(HealthCheck),
                database=None,
            )
            def exercise(case):
                # Set on the case: headers generated for the security schemes would win
                # over headers passed to the call.
                case.headers = {**(case.headers or {}), **credentials}
                case.call_and_validate(params={"api_key": kiosk.key}, checks=CHECKS)

            try:
                exercise()
            except Unsatisfiable:
                # Nothing to make invalid: the operation takes no parameters and no body.
                assert mode == "negative", operation.label
    if mode == "examples":  # the examples are valid petitions: they were filed
        assert Petition.objects.filter(channel=kiosk.client.channel).count() >= 2
