"""The petition POST's shortcuts give what the long way gives: the receipt rendered from its
dict is byte for byte django-ninja's answer (schema validation, dump, the API's renderer);
the acceptance task's row built once per process is the row django-tasks-db's own enqueue
writes; aware times and dates written by a prepared insert read back as `save()`'s."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from eqiao.api import schemas
from eqiao.api.api import api
from eqiao.api.v1 import receipt_response
from eqiao.core.prepared import insert
from eqiao.intake.models import Kind, Petition, PetitionEvent, Status

DB_QUEUE = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}
SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def _ninja_answer(status: int, data: dict) -> bytes:
    """What django-ninja answers for `data` under the receipt's schema."""
    dumped = schemas.PetitionReceipt.model_validate(data).model_dump()
    return api.create_response(None, dumped, status=status).content  # type: ignore[arg-type]


def _receipt(**changes) -> dict:
    receipt = {
        "tracking_number": "261207123456",
        "query_password": "042017",
        "created": True,
        "kind": Kind.COMPLAINT,
        "status": Status.ACCEPTED,
        "office": "济南市检察院",
        "submitted_at": dt.datetime(2026, 12, 7, 21, 3, 4, 123456, tzinfo=SHANGHAI),
        "procedural_reply_due": dt.date(2026, 12, 16),
        "result_reply_due": dt.date(2027, 3, 7),
        "notice": "已受理。请告知来信人受理编号和查询密码，凭此查询办理进度。",
    }
    return receipt | changes


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"query_password": None, "created": False, "notice": "这是先前已受理的同一件诉求。"},
        {"submitted_at": dt.datetime(2026, 12, 7, 13, 0, tzinfo=dt.UTC)},  # no microseconds
        {"kind": "report", "status": "accepted", "office": 'A "quoted" \\ office'},
    ],
)
def test_the_receipt_is_rendered_as_django_ninja_renders_it(changes):
    data = _receipt(**changes)
    for status in (200, 201):
        answer = receipt_response(status, data)
        assert answer.status_code == status
        assert answer["Content-Type"] == "application/json; charset=utf-8"
        assert answer.content == _ninja_answer(status, data)


@pytest.mark.parametrize(
    "changes",
    [
        {"procedural_reply_due": dt.datetime(2026, 12, 16, tzinfo=SHANGHAI)},  # not a date
        {"created": "yes"},
        {"extra": 1},
    ],
)
def test_a_receipt_off_the_schema_goes_through_django_ninja(changes):
    from ninja import Status as NinjaStatus

    assert isinstance(receipt_response(201, _receipt(**changes)), NinjaStatus)


@pytest.mark.django_db
def test_the_api_answer_is_the_schema_s(office_tree, kiosk, client):
    answer = client.post(
        "/api/v1/petitions",
        {"kind": "complaint", "name": "李秀英", "phone": "13912345678", "content": "拖欠工资。"},
        content_type="application/json",
        **kiosk.auth,
    )
    assert answer.status_code == 201
    body = answer.json()
    assert list(body) == list(schemas.PetitionReceipt.model_fields)
    assert answer.content == _ninja_answer(201, schemas.PetitionReceipt(**body).model_dump())


def _task_row(pk) -> dict:
    row = DBTaskResult.objects.filter(pk=pk).values().get()
    for changing in ("id", "enqueued_at"):
        row.pop(changing)
    return row


@pytest.mark.django_db
def test_the_prebuilt_acceptance_task_row_is_the_one_enqueue_writes(settings):
    from eqiao.intake.services.submission import _acceptance_task_sql
    from eqiao.intake.tasks import petition_accepted_task

    settings.TASKS = DB_QUEUE
    before = dt.datetime.now(dt.UTC)
    postgres = connection.vendor == "postgresql"
    for _ in range(2):  # built, then reused: each time a new id
        sql, params, made = _acceptance_task_sql(postgres=postgres)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
    # Only one waits: the second INSERT saw the first waiting and wrote nothing.
    ours = DBTaskResult.objects.get()
    row = made()
    assert row.id != ours.id  # the second call drew its own id
    assert ours.enqueued_at >= before - dt.timedelta(seconds=1)
    ours.status = "SUCCESSFUL"
    ours.save(update_fields=["status"])
    sql, params, made = _acceptance_task_sql(postgres=postgres)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    written = DBTaskResult.objects.get(status="READY")
    assert written.id == made().id and written.enqueued_at == made().enqueued_at
    reference = petition_accepted_task.enqueue()
    assert _task_row(written.pk) == _task_row(reference.id)


@pytest.mark.django_db
def test_prepared_insert_writes_times_and_dates_as_save_does(office_tree):
    fields = {
        "kind": "complaint",
        "channel": "web",
        "title": "拖欠工资",
        "content": "老板拖欠工资。",
        "name": "李秀英",
        "phone": "13912345678",
        "office": office_tree.city,
        "procedural_reply_due": dt.date(2026, 12, 16),
        "result_reply_due": dt.date(2027, 3, 7),
        # An aware time in another zone than the database's, with microseconds.
        "submitted_at": dt.datetime(2026, 12, 7, 23, 59, 58, 999999, tzinfo=SHANGHAI),
        "accepted_at": dt.datetime(2026, 12, 7, 16, 0, tzinfo=dt.UTC),
        "closed_at": None,
    }
    by_orm = Petition(tracking_number="261207000001", **fields)
    by_orm.save(force_insert=True)
    prepared = insert(Petition(tracking_number="261207000002", **fields))
    columns = ["submitted_at", "accepted_at", "closed_at"]
    columns += ["procedural_reply_due", "result_reply_due"]
    rows = Petition.objects.filter(pk__in=[by_orm.pk, prepared.pk]).order_by("pk")
    orm_row, prepared_row = rows.values(*columns)
    assert prepared_row == orm_row
    assert prepared_row["submitted_at"] == fields["submitted_at"]
    # A naive time still takes Django's path: read in the current zone, with its warning.
    with pytest.warns(RuntimeWarning, match="naive datetime"):
        event = insert(
            PetitionEvent(petition=prepared, kind="submitted", at=dt.datetime(2026, 1, 2))
        )
    with pytest.warns(RuntimeWarning, match="naive datetime"):
        twin = PetitionEvent(petition=prepared, kind="submitted", at=dt.datetime(2026, 1, 2))
        twin.save()
    assert PetitionEvent.objects.get(pk=event.pk).at == PetitionEvent.objects.get(pk=twin.pk).at
