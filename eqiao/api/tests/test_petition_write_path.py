"""Filing a petition writes only what it must, in one short transaction, and loses nothing:
with the task queue in the database (as deployed), the receipt SMS, the alert for a
high-risk petition, its SMS to the office heads and the delivery tasks of every message are
written in the petition's own transaction — all of them or none — and a retry adds none."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from eqiao.api.models import ApiSubmission
from eqiao.channels.models import OutboundMessage
from eqiao.intake.models import Petition, RiskAlert

V1 = "/api/v1/petitions"
DB_QUEUE = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}
HIGH_RISK = "老板拖欠我们三十多个人的工资，再不给我们就一起去北京上访。"


@pytest.fixture
def db_queue(settings):
    settings.TASKS = DB_QUEUE


def post(client, kiosk, content: str, phone: str = "13912345678", **headers):
    return client.post(
        V1,
        {"kind": "complaint", "name": "李秀英", "phone": phone, "content": content},
        content_type="application/json",
        **kiosk.auth,
        **headers,
    )


def delivery_tasks() -> list[int]:
    return sorted(
        task.args_kwargs["args"][0]
        for task in DBTaskResult.objects.filter(task_path__endswith="message_deliver_task")
    )


@pytest.mark.django_db
def test_receipt_alert_and_their_delivery_tasks_are_queued_with_the_petition(
    office_tree, kiosk, db_queue, django_capture_on_commit_callbacks, client
):
    with django_capture_on_commit_callbacks() as callbacks:
        answer = post(client, kiosk, HIGH_RISK)
    assert answer.status_code == 201
    # Nothing waits for the commit: the tasks were written in the transaction itself.
    assert callbacks == []
    petition = Petition.objects.get(tracking_number=answer.json()["tracking_number"])
    receipt = OutboundMessage.objects.get(purpose="receipt", ref=petition.tracking_number)
    assert receipt.recipient == "13912345678"
    alert = RiskAlert.objects.get(petition=petition)
    heads = OutboundMessage.objects.filter(purpose="alert", ref=petition.tracking_number)
    assert heads.exists()
    messages = [receipt.pk, *heads.values_list("pk", flat=True)]
    assert delivery_tasks() == sorted(messages)
    assert alert.level == "high"

    # The client's retry (same Idempotency-Key or not) files nothing and queues nothing.
    again = post(client, kiosk, HIGH_RISK)
    assert again.status_code == 200 and again.json()["tracking_number"] == petition.tracking_number
    assert Petition.objects.count() == 1 and RiskAlert.objects.count() == 1
    assert OutboundMessage.objects.filter(ref=petition.tracking_number).count() == len(messages)
    assert delivery_tasks() == sorted(messages)


@pytest.mark.django_db
def test_a_failed_submission_leaves_no_message_and_no_task(
    office_tree, kiosk, db_queue, monkeypatch, client
):
    def broken(**kwargs):
        raise RuntimeError("the disk filled up")

    monkeypatch.setattr(ApiSubmission.objects, "create", broken)
    with pytest.raises(RuntimeError):
        post(client, kiosk, HIGH_RISK)
    assert not Petition.objects.exists()
    assert not OutboundMessage.objects.exists()
    assert not RiskAlert.objects.exists()
    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db
def test_filing_takes_few_statements_and_the_transaction_only_writes(
    office_tree, kiosk, db_queue, client
):
    post(client, kiosk, "第一件：拖欠工资，请检察院帮忙。", phone="13900000001")  # warm caches
    with CaptureQueriesContext(connection) as queries:
        answer = post(client, kiosk, "第二件：拖欠工资，请检察院帮忙。", phone="13900000002")
    assert answer.status_code == 201
    statements = [q["sql"] for q in queries.captured_queries]
    # Two reads before (the client's key, the duplicate check); then the writes: petition,
    # history, receipt (looked up by its key, written in a savepoint), its delivery task,
    # the API record. The issue measured 15 before (26 with a high-risk alert).
    assert len(statements) <= 12, "\n".join(statements)
    # (The test runs inside a transaction: the petition's opens as a savepoint here.)
    begin = next(i for i, sql in enumerate(statements) if sql.startswith(("BEGIN", "SAVEPOINT")))
    inside = statements[begin + 1 :]
    assert all(not sql.startswith("SELECT") or "outboundmessage" in sql for sql in inside), (
        "reads inside the transaction:\n" + "\n".join(inside)
    )
