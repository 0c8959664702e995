"""`core.prepared.insert` writes the row `save()` would: every column (defaults, automatic
times, keyed hashes, encrypted fields), the key set on the object, the signals sent, and a
failed insert rolls its transaction back like the ORM's."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.db.models.signals import post_save
from django_tasks_db.models import DBTaskResult

from eqiao.core.prepared import insert
from eqiao.intake.models import Petition, PetitionEvent


def _row(model, pk) -> dict:
    row = model.objects.filter(pk=pk).values().get()
    row.pop("id")
    return row


def _petition(**extra) -> Petition:
    fields = {
        "tracking_number": "261207000001",
        "kind": "complaint",
        "channel": "web",
        "title": "拖欠工资",
        "content": "老板拖欠工资。",
        "name": "李秀英",
        "phone": "13912345678",
        "id_number": "370102198001011234",
        "procedural_reply_due": dt.date(2026, 12, 16),
        "result_reply_due": dt.date(2027, 3, 7),
    }
    return Petition(**(fields | extra))


@pytest.mark.django_db
def test_insert_writes_the_row_save_writes(office_tree):
    by_orm = _petition(office=office_tree.city)
    by_orm.save(force_insert=True)
    prepared = insert(_petition(office=office_tree.city, tracking_number="261207000002"))
    assert prepared.pk and prepared.pk != by_orm.pk and not prepared._state.adding
    orm_row, prepared_row = _row(Petition, by_orm.pk), _row(Petition, prepared.pk)
    # Told apart: the number, the times of each save, the sealed ID number (a new nonce).
    for changing in ("tracking_number", "submitted_at", "accepted_at", "id_number"):
        orm_row.pop(changing), prepared_row.pop(changing)
    assert prepared_row == orm_row
    again = Petition.objects.get(pk=prepared.pk)
    assert again.id_number == "370102198001011234" and again.submitted_at is not None
    event = insert(PetitionEvent(petition=prepared, kind="submitted", text="已受理。"))
    assert PetitionEvent.objects.get(pk=event.pk).petition_id == prepared.pk


@pytest.mark.django_db
def test_insert_without_an_automatic_key_and_with_json():
    row = insert(
        DBTaskResult(
            args_kwargs={"args": [1, None], "kwargs": {}},
            task_path="eqiao.intake.tasks.petition_accepted_task",
            backend_name="default",
            run_after=DBTaskResult._meta.get_field("run_after").to_python("9999-01-01T00:00Z"),
        )
    )
    stored = DBTaskResult.objects.get(pk=row.pk)
    assert stored.args_kwargs == {"args": [1, None], "kwargs": {}}
    assert stored.status == "READY" and stored.enqueued_at is not None


@pytest.mark.django_db
def test_insert_sends_post_save_and_a_failure_rolls_back(office_tree):
    seen = []

    def saw(sender, instance, created, **kwargs):
        seen.append((instance.tracking_number, created))

    post_save.connect(saw, sender=Petition, weak=False, dispatch_uid="test-prepared-insert")
    try:
        insert(_petition(office=office_tree.city))
    finally:
        post_save.disconnect(dispatch_uid="test-prepared-insert", sender=Petition)
    assert seen == [("261207000001", True)]
    with pytest.raises(IntegrityError), transaction.atomic():
        insert(PetitionEvent(petition_id=Petition.objects.get().pk, kind="submitted", text="a"))
        insert(_petition(office=office_tree.city))  # the same tracking number
    assert PetitionEvent.objects.count() == 0


@pytest.mark.django_db
def test_insert_sql_writes_a_value_given_as_sql_with_its_parameters(office_tree):
    from django.db import connection

    from eqiao.core.prepared import SqlValue, insert_sql

    petition = insert(_petition(office=office_tree.city))
    event = PetitionEvent(kind="submitted", text="已受理。")
    event.petition_id = SqlValue(  # type: ignore[assignment]
        "(SELECT id FROM intake_petition WHERE tracking_number = %s)", ["261207000001"]
    )
    sql, params = insert_sql(event)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    assert PetitionEvent.objects.get().petition_id == petition.pk
