"""A petition whose transaction relied on a waiting acceptance task is read by it, however
the request and the worker's claim interleave: the request locks the waiting row FOR SHARE
till it commits, so the worker's claim (FOR UPDATE SKIP LOCKED) passes it over meanwhile;
a claim that came first makes the request queue a task of its own. Real concurrent
connections need a server database, so these run on PostgreSQL only."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from eqiao.core.tests.worker import run_first_task
from eqiao.intake.models import Petition
from eqiao.intake.services.submission import petition_submit
from eqiao.intake.tasks import petition_accepted_task

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs concurrent connections (PostgreSQL)"
    ),
]


@pytest.fixture
def db_queue(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
    }


def file(n: int) -> Petition:
    return petition_submit(
        kind="complaint",
        channel="kiosk",
        content=f"邻居家扩建房屋占了我家的路，请检察院帮忙看看。编号{n}",
        name="李秀英",
        phone=f"139000000{n:02d}",
    ).petition


def ready_acceptance() -> list:
    return list(
        DBTaskResult.objects.filter(
            task_path=petition_accepted_task.module_path, status=TaskResultStatus.READY
        ).values_list("pk", flat=True)
    )


def in_thread(call) -> tuple[threading.Thread, list]:
    """Run `call` in a thread of its own (its own connection); the list gets its result."""
    out: list = []

    def run():
        from django.db import connection as thread_connection

        try:
            out.append(call())
        except Exception as exc:  # noqa: BLE001 — reported to the test
            out.append(exc)
        finally:
            thread_connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, out


def the_claim():
    """What the worker does to take a task: lock the first ready row it can."""
    with transaction.atomic():
        return DBTaskResult.objects.ready().get_locked()


def wait_for_lock_wait(timeout: float = 20.0) -> None:
    """Until another connection waits for a lock (the interleaving the test sets up)."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.01)
    raise AssertionError("no connection came to wait for the lock")


def test_the_worker_does_not_claim_the_task_a_petition_relies_on_before_it_commits(
    office_tree, db_queue
):
    first = file(1)
    [waiting] = ready_acceptance()
    filed, release = threading.Event(), threading.Event()

    def request():
        with transaction.atomic():
            petition = file(2)  # sees the waiting task: queues none
            filed.set()
            release.wait(20)
        return petition

    thread, out = in_thread(request)
    assert filed.wait(20)
    # The worker's claim, meanwhile: the row the open request relies on is passed over.
    claim, claimed = in_thread(the_claim)
    claim.join(20)
    assert claimed == [None]
    release.set()
    thread.join(20)
    second = out[0]
    assert isinstance(second, Petition), out
    assert ready_acceptance() == [waiting]

    row = run_first_task()
    assert row.pk == waiting and row.status == TaskResultStatus.SUCCESSFUL
    assert not Petition.objects.filter(pk__in=[first.pk, second.pk], reading_pending=True).exists()


def test_a_petition_filed_while_the_task_is_being_claimed_queues_another(office_tree, db_queue):
    first = file(1)
    [waiting] = ready_acceptance()
    claimed, release = threading.Event(), threading.Event()

    def worker_claim():
        with transaction.atomic():
            row = DBTaskResult.objects.ready().get_locked()
            row.claim("other-worker")
            claimed.set()
            release.wait(20)
        return row

    claim, claim_out = in_thread(worker_claim)
    assert claimed.wait(20)
    request, out = in_thread(lambda: file(2))
    wait_for_lock_wait()  # the request waits for the claim's commit
    release.set()
    claim.join(20)
    request.join(20)
    assert claim_out[0].pk == waiting
    second = out[0]
    assert isinstance(second, Petition), out
    # The claimed task is no longer waiting: the petition queued a task of its own.
    [new] = ready_acceptance()
    assert new != waiting

    row = run_first_task()
    assert row.pk == new and row.status == TaskResultStatus.SUCCESSFUL
    assert not Petition.objects.filter(pk__in=[first.pk, second.pk], reading_pending=True).exists()
