"""The worker finishes accepted petitions in batches: the acceptance task it claimed takes
along the others waiting in the queue, processes them all in one transaction (readings,
alerts, receipts handed to one delivery task) and marks their task rows done there. A task
another worker holds is left to it; a batch that fails leaves every task waiting."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from eqiao.channels.models import OutboundMessage
from eqiao.channels.tasks import messages_deliver_task
from eqiao.core.tests.worker import run_first_task
from eqiao.intake.models import Petition, RiskAlert
from eqiao.intake.services.submission import petition_submit
from eqiao.intake.tasks import petition_accepted_task

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


def test_one_claim_finishes_every_waiting_petition(office_tree, db_queue):
    petitions = [file(PLAIN.format(n=n), n) for n in range(4)] + [file(HIGH_RISK, 9)]
    assert acceptance_rows().filter(status=TaskResultStatus.READY).count() == 5

    with CaptureQueriesContext(connection) as queries:
        claimed = run_first_task()

    assert claimed.status == TaskResultStatus.SUCCESSFUL
    assert set(acceptance_rows().values_list("status", flat=True)) == {TaskResultStatus.SUCCESSFUL}
    levels = dict(Petition.objects.values_list("pk", "risk_level"))
    assert levels[petitions[-1].pk] == "high"
    assert [levels[p.pk] for p in petitions[:-1]] == ["low"] * 4
    assert Petition.objects.exclude(category_suggested="").count() == 5
    assert RiskAlert.objects.filter(petition=petitions[-1]).count() == 1
    assert RiskAlert.objects.count() == 1
    # Each batched task row holds its own petition's level, as the worker would have stored.
    high_row = acceptance_rows().get(args_kwargs__args__0=petitions[-1].pk)
    assert high_row.return_value == "high"
    # Every receipt handed to one delivery task (the provider's batch call).
    receipts = OutboundMessage.objects.filter(purpose="receipt")
    deliveries = DBTaskResult.objects.filter(task_path=messages_deliver_task.module_path)
    assert [sorted(row.args_kwargs["args"][0]) for row in deliveries] == [
        sorted(receipts.values_list("pk", flat=True))
    ]
    # A batch of five costs far fewer statements than five single tasks (about 20 each).
    assert len(queries.captured_queries) < 60, len(queries.captured_queries)


def test_a_task_another_worker_holds_is_left_to_it(office_tree, db_queue):
    first = file(PLAIN.format(n=1), 1)
    second = file(PLAIN.format(n=2), 2)
    other = acceptance_rows().get(args_kwargs__args__0=second.pk)
    other.claim("other-worker")  # running elsewhere

    claimed = run_first_task()

    assert claimed.args_kwargs["args"][0] == first.pk
    assert claimed.status == TaskResultStatus.SUCCESSFUL
    other.refresh_from_db()
    assert other.status == TaskResultStatus.RUNNING and other.worker_ids == ["other-worker"]
    assert Petition.objects.get(pk=second.pk).category_suggested == ""


def test_a_failed_batch_leaves_every_task_waiting(office_tree, db_queue, monkeypatch):
    file(PLAIN.format(n=1), 1)
    file(HIGH_RISK, 2)
    file(PLAIN.format(n=3), 3)

    def broken(**kwargs):
        raise RuntimeError("the disk filled up")

    monkeypatch.setattr("eqiao.intake.services.acceptance.messages_release", broken)
    claimed = run_first_task()

    assert claimed.status == TaskResultStatus.FAILED
    waiting = acceptance_rows().exclude(pk=claimed.pk)
    assert set(waiting.values_list("status", flat=True)) == {TaskResultStatus.READY}
    assert not RiskAlert.objects.exists()
    assert set(Petition.objects.values_list("category_suggested", flat=True)) == {""}
