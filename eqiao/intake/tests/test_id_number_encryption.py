"""Identity numbers are encrypted at rest: the column holds no number, staff still find a
petition by the number, keys rotate with a command, and a missing key or a tampered value stops
with a message instead of showing wrong data."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from eqiao.core import crypto
from eqiao.core.field_keys import field_keys_rotate
from eqiao.intake.models import Petition
from eqiao.intake.selectors import petition_list_for_staff
from eqiao.intake.services.submission import petition_submit
from eqiao.intake.tests.factories import make_petition

ID = "11010519491231002X"
OTHER_IDS = ["370102198001011237", "371502199912315677", "371502198001010018", "110105194912310021"]


def raw_row(pk: int) -> tuple[str, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, id_number_hash FROM intake_petition WHERE id = %s", [pk])
        return cursor.fetchone()


def raw_set(pk: int, value: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("UPDATE intake_petition SET id_number = %s WHERE id = %s", [value, pk])


def submitted(office, id_number=ID):
    return petition_submit(
        kind="complaint",
        channel="web",
        name="李秀英",
        phone="13912345678",
        id_number=id_number,
        content="我在工地干了半年活，老板一直拖欠工资不给，请检察院帮帮忙。",
        office=office,
    ).petition


def test_the_database_column_holds_no_identity_number(office_tree):
    petition = submitted(office_tree.qingshui, id_number=ID.lower())
    column, hashed = raw_row(petition.pk)
    assert ID not in column and ID.lower() not in column and "19491231" not in column
    assert column.startswith("eqf1$") and ID not in hashed
    fresh = Petition.objects.get(pk=petition.pk)
    assert fresh.id_number == ID
    assert fresh.masked_id_number == "110***********002X"


def test_staff_find_a_petition_by_identity_number_within_their_scope(office_tree):
    petition = submitted(office_tree.qingshui)
    submitted(office_tree.qingshui, id_number=OTHER_IDS[0])
    found = petition_list_for_staff(staff=office_tree.guanxian_head, q=f" {ID.lower()} ")
    assert [p.pk for p in found] == [petition.pk]
    # The sibling county does not learn that a petition with this number exists.
    assert not petition_list_for_staff(staff=office_tree.linqing_head, q=ID).exists()


def test_a_plain_text_look_up_is_refused_rather_than_silently_empty(office_tree):
    with pytest.raises(FieldError, match="keyed hash"):
        list(Petition.objects.filter(id_number=ID))


def test_rotation_moves_every_row_to_the_newest_key(settings, office_tree):
    old, new = crypto.new_key(), crypto.new_key()
    settings.EQIAO_FIELD_KEYS = [old]
    petitions = [make_petition(office_tree.qingshui, id_number=n) for n in OTHER_IDS]
    make_petition(office_tree.qingshui, id_number="")  # nothing to encrypt
    old_id = crypto.newest_key_id()

    settings.EQIAO_FIELD_KEYS = [new, old]
    out = StringIO()
    with pytest.raises(CommandError, match="4 rows are still under older keys"):
        call_command("field_keys_rotate", "--check", stdout=out)
    assert f"{old_id}: 4" in out.getvalue()

    out = StringIO()
    call_command("field_keys_rotate", "--batch-size", "3", stdout=out)
    assert "intake.Petition.id_number: 3/4 re-encrypted" in out.getvalue()
    assert "intake.Petition.id_number: 4/4 re-encrypted" in out.getvalue()

    out = StringIO()
    call_command("field_keys_rotate", "--check", stdout=out)
    assert "every row is under the newest key" in out.getvalue()
    assert not any(raw_row(p.pk)[0].startswith(crypto.token_prefix(old_id)) for p in petitions)

    settings.EQIAO_FIELD_KEYS = [new]  # the old key can go now
    for petition, number in zip(petitions, OTHER_IDS, strict=True):
        assert Petition.objects.get(pk=petition.pk).id_number == number
    found = petition_list_for_staff(staff=office_tree.guanxian_head, q=OTHER_IDS[2])
    assert [p.pk for p in found] == [petitions[2].pk]


def test_an_interrupted_rotation_keeps_its_work_and_resumes(settings, office_tree):
    old, new = crypto.new_key(), crypto.new_key()
    settings.EQIAO_FIELD_KEYS = [old]
    for number in OTHER_IDS:
        make_petition(office_tree.qingshui, id_number=number)
    settings.EQIAO_FIELD_KEYS = [new, old]

    def stop(label, done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        field_keys_rotate(batch_size=2, progress=stop)
    newest = crypto.token_prefix(crypto.newest_key_id())
    assert Petition.objects.filter(id_number__startswith=newest).count() == 2

    resumed = field_keys_rotate(batch_size=2)
    # Only the two petitions left behind move; every other encrypted field had no rows.
    assert resumed["intake.Petition.id_number"] == 2
    assert sum(resumed.values()) == 2
    assert Petition.objects.filter(id_number__startswith=newest).count() == 4


def test_a_missing_key_fails_loudly_naming_the_setting(settings, office_tree):
    petition = make_petition(office_tree.qingshui, id_number=ID)
    settings.EQIAO_FIELD_KEYS = [crypto.new_key()]  # the key that sealed it is gone
    with pytest.raises(crypto.FieldDecryptionError, match="not in EQIAO_FIELD_KEYS"):
        Petition.objects.get(pk=petition.pk)
    with pytest.raises(CommandError, match="1 rows are under keys missing"):
        call_command("field_keys_rotate", "--check", stdout=StringIO())
    settings.EQIAO_FIELD_KEYS = []
    with pytest.raises(crypto.FieldKeyError, match="EQIAO_FIELD_KEYS is not set"):
        Petition.objects.get(pk=petition.pk)


def test_a_tampered_value_fails_loudly(office_tree):
    petition = make_petition(office_tree.qingshui, id_number=ID)
    column, _ = raw_row(petition.pk)
    raw_set(petition.pk, column[:-6] + ("AAAAAA" if column[-6:] != "AAAAAA" else "BBBBBB"))
    with pytest.raises(crypto.FieldDecryptionError, match="tampered"):
        Petition.objects.get(pk=petition.pk)
    raw_set(petition.pk, ID)  # written around the application, in plain text
    with pytest.raises(crypto.FieldDecryptionError, match="not encrypted"):
        Petition.objects.get(pk=petition.pk)


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_existing_rows_and_can_be_reversed(office_tree):
    petition = make_petition(office_tree.qingshui, id_number=ID)
    call_command("migrate", "intake", "0002", verbosity=0)
    try:
        assert raw_row_plain(petition.pk) == ID  # reversed: plain text again
        call_command("migrate", "intake", "0003_encrypt_id_number", verbosity=0)
        column, hashed = raw_row(petition.pk)
        assert ID not in column and hashed == crypto.keyed_hash(ID, purpose="id_number")
        # (only the field this migration knows: later migrations add columns to the model)
        assert Petition.objects.only("id_number").get(pk=petition.pk).id_number == ID
    finally:
        call_command("migrate", verbosity=0)


def raw_row_plain(pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM intake_petition WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_a_form_for_the_field_takes_one_line_of_at_most_18_characters():
    field = Petition._meta.get_field("id_number").formfield()
    assert field.max_length == 18 and field.widget.input_type == "text"
    assert field.clean(ID) == ID
