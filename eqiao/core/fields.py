"""Model fields for personal identifiers encrypted at rest (see `eqiao.core.crypto`).

    id_number = EncryptedTextField(_("身份证号"), purpose="id_number", max_length=18, blank=True)
    id_number_hash = KeyedHashField(source="id_number", purpose="id_number")

On the model instance the value is plain text, so masking, forms and templates work as before;
in the database the column holds only the sealed value. Look up by the hash field
(`filter(id_number_hash=keyed_hash(number, purpose="id_number"))`): the encrypted column refuses
look-ups by plain text, which could never match. The hash is computed on save (also by
`bulk_create`); `QuerySet.update()` of the encrypted field does not refresh it, so write through
`save()` or set both fields.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import FieldError
from django.db import models

from eqiao.core import crypto


class EncryptedTextField(models.TextField):
    """Text sealed with AES-GCM under the newest field key; `max_length` limits the plain text
    (forms, validation), the column itself is unbounded text."""

    description = "Text encrypted at rest"

    def __init__(self, *args: Any, purpose: str, **kwargs: Any) -> None:
        self.purpose = purpose
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["purpose"] = self.purpose
        return name, path, args, kwargs

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        if not crypto.is_token(value):
            raise crypto.FieldDecryptionError(
                f"A {self.purpose} value in the database is not encrypted: run `eqiao migrate`."
            )
        return crypto.decrypt(value, purpose=self.purpose)

    def get_db_prep_save(self, value: Any, connection: Any) -> Any:
        if hasattr(value, "as_sql"):
            return value
        value = self.to_python(value)
        if value is None:
            return None
        return crypto.encrypt(value, purpose=self.purpose)

    def get_prep_value(self, value: Any) -> Any:
        # Reached by look-ups only (saving goes through get_db_prep_save). A plain-text
        # look-up would silently match nothing; the raw sealed form (key rotation) is allowed.
        value = super().get_prep_value(value)
        if isinstance(value, str) and value and not crypto.is_token(value):
            raise FieldError(
                f"{self.name} is encrypted at rest: look it up by its keyed hash field "
                f"(eqiao.core.crypto.keyed_hash(value, purpose={self.purpose!r}))."
            )
        return value

    def formfield(self, **kwargs: Any) -> Any:
        # A one-line input (an ID number is not a paragraph), limited like the plain text.
        return super().formfield(**{"widget": forms.TextInput, **kwargs})


class KeyedHashField(models.CharField):
    """The HMAC of another field's plain value, computed on save, for exact look-ups."""

    description = "Keyed hash of another field"

    def __init__(self, *args: Any, source: str, purpose: str, **kwargs: Any) -> None:
        self.source = source
        self.purpose = purpose
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        kwargs["purpose"] = self.purpose
        # Django leaves out options equal to its own defaults; __init__ defaults them
        # differently, so spell them out for a field rebuilt from these kwargs.
        kwargs.setdefault("blank", False)
        kwargs.setdefault("editable", True)
        kwargs.setdefault("db_index", False)
        return name, path, args, kwargs

    def hash_of(self, value: str) -> str:
        return crypto.keyed_hash(value or "", purpose=self.purpose)

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = self.hash_of(getattr(model_instance, self.source) or "")
        setattr(model_instance, self.attname, value)
        return value


def encrypted_fields(model: type[models.Model]) -> list[EncryptedTextField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]


def hash_fields_of(model: type[models.Model], source: str) -> list[KeyedHashField]:
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, KeyedHashField) and f.source == source
    ]


def migrate_column_encrypt(
    schema_editor: Any, *, table: str, column: str, hash_column: str, purpose: str
) -> int:
    """For a data migration: seal every plain-text value of `table.column` and fill its hash
    column, in raw SQL (the historical field would try to decrypt plain text). Values already
    sealed are left alone, so the migration can be re-run. Returns how many rows changed."""
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, {quote(column)} FROM {quote(table)}")  # noqa: S608
        rows = [
            (pk, value) for pk, value in cursor.fetchall() if value and not crypto.is_token(value)
        ]
        for pk, value in rows:
            cursor.execute(
                f"UPDATE {quote(table)} SET {quote(column)} = %s, {quote(hash_column)} = %s "  # noqa: S608
                "WHERE id = %s",
                [
                    crypto.encrypt(value, purpose=purpose),
                    crypto.keyed_hash(value, purpose=purpose),
                    pk,
                ],
            )
    return len(rows)


def migrate_column_decrypt(
    schema_editor: Any, *, table: str, column: str, hash_column: str, purpose: str
) -> int:
    """The reverse of `migrate_column_encrypt`: back to plain text (needs every key)."""
    connection = schema_editor.connection
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, {quote(column)} FROM {quote(table)}")  # noqa: S608
        rows = [(pk, value) for pk, value in cursor.fetchall() if value and crypto.is_token(value)]
        for pk, value in rows:
            cursor.execute(
                f"UPDATE {quote(table)} SET {quote(column)} = %s, {quote(hash_column)} = '' "  # noqa: S608
                "WHERE id = %s",
                [crypto.decrypt(value, purpose=purpose), pk],
            )
    return len(rows)
