"""Existing rows survive the move to one outbound record (channels 0002) and of
api.SmsInbound into the channels inbound record (api 0002): an SMS waiting for its retry is
still due, and a provider retrying an inbound message that api.SmsInbound took in is still
taken in once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("channels", "0001_initial"), ("api", "0001_initial")]
AFTER = [("channels", "0003_optout_inbound_message"), ("api", "0002_sms_inbound_to_channels")]


@pytest.fixture(autouse=True)
def _back_to_the_latest_schema():
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_outbound_sms_and_inbound_sms_rows_are_carried_over(office_tree):
    from eqiao.intake.tests.factories import make_petition

    petition = make_petition(office_tree.qingshui, phone="13906350077")
    old = _migrate(BEFORE)
    later = timezone.now() + dt.timedelta(minutes=4)
    OutboundSms = old.get_model("channels", "OutboundSms")
    retrying = OutboundSms.objects.create(
        phone="13800138000", text="回执", status="retrying", attempts=1, next_attempt_at=later
    )
    sent = OutboundSms.objects.create(phone="13800138001", text="答复", status="sent")
    old.get_model("api", "SmsInbound").objects.create(
        provider_id="mo-1", outcome="message", petition_id=petition.pk
    )

    new = _migrate(AFTER)

    OutboundMessage = new.get_model("channels", "OutboundMessage")
    moved = OutboundMessage.objects.get(pk=retrying.pk)
    assert (moved.recipient, moved.status, moved.attempts) == ("13800138000", "queued", 1)
    assert moved.next_attempt_at == later and moved.channel == "sms"
    keys = set(OutboundMessage.objects.values_list("idempotency_key", flat=True))
    assert keys == {f"legacy:{retrying.pk}", f"legacy:{sent.pk}"}
    inbound = new.get_model("channels", "InboundMessage").objects.get()
    assert (inbound.provider, inbound.provider_message_id) == ("sms_http", "mo-1")
    assert (inbound.outcome, inbound.ref) == ("message", petition.tracking_number)
