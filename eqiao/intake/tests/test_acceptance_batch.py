"""The worker finishes accepted petitions in batches: a petition queues the acceptance task
only when none is waiting, and the task takes every petition marked pending, a batch to a
transaction (readings, alerts, receipts handed to one delivery task). A batch that fails
leaves its petitions pending, and the scheduled sweep queues the task again."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from eqiao.channels.models import OutboundMessage
from eqiao.channels.tasks import message_deliver_task, messages_deliver_task
from eqiao.core.tests.worker import run_first_task
from eqiao.intake.models import Petition, RiskAlert
from eqiao.intake.services.submission import petition_submit
from eqiao.intake.tasks import acceptance_sweep_task, petition_accepted_task

pytestmark = pytest.mark.django_db

HIGH_RISK = "老板拖欠我们三十多个人的工资，再不给我们就一起去北京上访。"
PLAIN = "邻居家扩建房屋占了我家的路，请检察院帮忙看看。编号{n}"


@pytest.fixture
def db_queue(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
    }


def file(content: str, n: int) -> Petition:
    result = petition_submit(
        kind="complaint", channel="kiosk", content=content, name="李秀英", phone=f"139000000{n:02d}"
    )
    return result.petition


def acceptance_rows():
    return DBTaskResult.objects.filter(task_path=petition_accepted_task.module_path)


def test_one_task_finishes_every_pending_petition(office_tree, db_queue):
    petitions = [file(PLAIN.format(n=n), n) for n in range(4)] + [file(HIGH_RISK, 9)]
    assert acceptance_rows().filter(status=TaskResultStatus.READY).count() == 1
    assert Petition.objects.filter(reading_pending=True).count() == 5

    with CaptureQueriesContext(connection) as queries:
        claimed = run_first_task()

    assert claimed.status == TaskResultStatus.SUCCESSFUL and claimed.return_value == "5"
    assert not Petition.objects.filter(reading_pending=True).exists()
    levels = dict(Petition.objects.values_list("pk", "risk_level"))
    assert levels[petitions[-1].pk] == "high"
    assert [levels[p.pk] for p in petitions[:-1]] == ["low"] * 4
    assert Petition.objects.exclude(category_suggested="").count() == 5
    assert RiskAlert.objects.filter(petition=petitions[-1]).count() == 1
    assert RiskAlert.objects.count() == 1
    # Every receipt, and the alert's SMS to the office heads, handed to one delivery task
    # (the provider's batch call); no task of its own for the alert's SMS.
    receipts = OutboundMessage.objects.filter(purpose="receipt")
    alert_sms = OutboundMessage.objects.filter(purpose="alert")
    assert receipts.count() == 5 and alert_sms.exists()
    deliveries = DBTaskResult.objects.filter(task_path=messages_deliver_task.module_path)
    assert [sorted(row.args_kwargs["args"][0]) for row in deliveries] == [
        sorted([*receipts.values_list("pk", flat=True), *alert_sms.values_list("pk", flat=True)])
    ]
    assert not DBTaskResult.objects.filter(task_path=message_deliver_task.module_path).exists()
    # That task sends them all, the office heads' alert SMS with the receipts.
    assert run_first_task().task_path == messages_deliver_task.module_path
    assert set(alert_sms.values_list("status", flat=True)) == {"sent"}
    assert set(receipts.values_list("status", flat=True)) == {"sent"}
    # A batch of five costs far fewer statements than five single tasks (about 20 each).
    assert len(queries.captured_queries) < 60, len(queries.captured_queries)


def test_many_pending_petitions_are_taken_a_batch_at_a_time(office_tree, db_queue, monkeypatch):
    monkeypatch.setattr("eqiao.intake.tasks.ACCEPTANCE_BATCH", 2)
    for n in range(5):
        file(PLAIN.format(n=n), n)

    claimed = run_first_task()

    assert claimed.status == TaskResultStatus.SUCCESSFUL and claimed.return_value == "5"
    assert not Petition.objects.filter(reading_pending=True).exists()
    receipts = OutboundMessage.objects.filter(purpose="receipt")
    deliveries = DBTaskResult.objects.filter(task_path=messages_deliver_task.module_path)
    released = sorted(pk for row in deliveries for pk in row.args_kwargs["args"][0])
    assert released == sorted(receipts.values_list("pk", flat=True))
    assert deliveries.count() == 3


def test_a_petition_filed_after_the_claim_queues_a_task_of_its_own(office_tree, db_queue):
    first = file(PLAIN.format(n=1), 1)
    run_first_task()
    run_first_task()  # the receipt's delivery
    second = file(HIGH_RISK, 2)  # the first task is no longer waiting

    ready = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
    assert list(ready.values_list("task_path", flat=True)) == [petition_accepted_task.module_path]
    claimed = run_first_task()

    assert claimed.return_value == "1"
    assert Petition.objects.get(pk=second.pk).risk_level == "high"
    assert RiskAlert.objects.filter(petition=first).count() == 0
    assert not Petition.objects.filter(reading_pending=True).exists()


def test_a_failed_batch_leaves_its_petitions_pending_for_the_sweep(
    office_tree, db_queue, monkeypatch
):
    file(PLAIN.format(n=1), 1)
    high = file(HIGH_RISK, 2)
    file(PLAIN.format(n=3), 3)

    def broken(**kwargs):
        raise RuntimeError("the disk filled up")

    with monkeypatch.context() as patched:
        patched.setattr("eqiao.intake.services.acceptance.messages_release", broken)
        claimed = run_first_task()

    assert claimed.status == TaskResultStatus.FAILED
    assert not acceptance_rows().filter(status=TaskResultStatus.READY).exists()
    assert not RiskAlert.objects.exists()
    assert set(Petition.objects.values_list("category_suggested", flat=True)) == {""}
    assert Petition.objects.filter(reading_pending=True).count() == 3

    # Within a minute of the filing the sweep leaves them to their task; after it, it
    # queues one, which reads them all.
    assert acceptance_sweep_task.call() == 0
    assert not acceptance_rows().filter(status=TaskResultStatus.READY).exists()
    Petition.objects.update(submitted_at=F("submitted_at") - dt.timedelta(minutes=2))
    assert acceptance_sweep_task.call() == 3
    assert run_first_task().status == TaskResultStatus.SUCCESSFUL
    assert not Petition.objects.filter(reading_pending=True).exists()
    assert RiskAlert.objects.filter(petition=high).count() == 1
