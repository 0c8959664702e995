"""Two staff acting on the same petition at the same moment are serialised by SELECT FOR
UPDATE: the second sees the first one's change. Real concurrent connections need a server
database, so these run on PostgreSQL only."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from eqiao.core.errors import ApplicationError
from eqiao.intake.models import EventKind, Petition
from eqiao.intake.services.handling import petition_route
from eqiao.intake.tests.factories import make_petition

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs concurrent connections (PostgreSQL)"
    ),
]


def run_together(*calls):
    """Start every call at once in its own thread (own connection); return what each
    returned or raised."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def worker(index, call):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            results[index] = call()
        except Exception as exc:  # noqa: BLE001 — reported to the test
            results[index] = exc
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_receptionists_routing_at_once_route_it_once(office_tree):
    t = office_tree
    petition = make_petition(t.guanxian)
    results = run_together(
        lambda: petition_route(
            petition=Petition.objects.get(pk=petition.pk),
            to_office=t.qingshui,
            actor=t.guanxian_receptionist,
            reason="清水镇辖区",
        ),
        lambda: petition_route(
            petition=Petition.objects.get(pk=petition.pk),
            to_office=t.ganguantun,
            actor=t.guanxian_head,
            reason="甘官屯镇辖区",
        ),
    )
    errors = [r for r in results if isinstance(r, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], ApplicationError), results
    petition.refresh_from_db()
    assert petition.office in (t.qingshui, t.ganguantun)
    routed = petition.events.get(kind=EventKind.ROUTED)
    assert routed.to_office == petition.office


def test_two_schedulers_enqueue_a_due_job_once(db):
    import datetime as dt

    from django.utils import timezone

    from eqiao.core.models import ScheduledJob
    from eqiao.core.scheduling import scheduled_jobs_run_due
    from eqiao.core.tests import scheduling_probe

    scheduling_probe.calls.clear()
    ScheduledJob.objects.all().delete()
    now = timezone.now()
    ScheduledJob.objects.create(
        name="probe",
        task_path="eqiao.core.tests.scheduling_probe.probe_task",
        schedule="every 5 minutes",
        next_run_at=now - dt.timedelta(seconds=1),
    )
    results = run_together(*[lambda: scheduled_jobs_run_due(now=now)] * 4)
    assert sorted(len(r) for r in results) == [0, 0, 0, 1], results
    assert scheduling_probe.calls == ["default"]


def test_a_double_tap_arriving_at_once_creates_one_petition(office_tree):
    from eqiao.intake.services.submission import petition_submit

    def tap():
        return petition_submit(
            kind="complaint",
            channel="web",
            name="李秀英",
            phone="13912345678",
            content="老板拖欠工资半年，请检察院帮忙。",
            office=office_tree.qingshui,
            idempotency_key="double-tap-1",
        )

    results = run_together(tap, tap, tap)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert len({r.petition.pk for r in results}) == 1
    assert sum(r.created for r in results) == 1
    assert Petition.objects.count() == 1
