"""Key rotation for encrypted fields: which rows are under which key, and re-encrypting every
row under the newest key of EQIAO_FIELD_KEYS (`eqiao field_keys_rotate`).

Every model field that is an `EncryptedTextField` is found through the app registry, so a later
app's encrypted fields are rotated without changing this module.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models, transaction

from eqiao.core import crypto
from eqiao.core.fields import EncryptedTextField, encrypted_fields, hash_fields_of


@dataclass
class FieldKeyStatus:
    """How the sealed values of one field are spread over the keys."""

    label: str  # "intake.Petition.id_number"
    total: int
    newest: int
    by_key: dict[str, int] = field(default_factory=dict)  # older configured keys
    unknown: int = 0  # under a key no longer configured: these cannot be read

    @property
    def old(self) -> int:
        return self.total - self.newest


def _encrypted_columns() -> Iterator[tuple[type[models.Model], EncryptedTextField]]:
    for model in apps.get_models():
        for encrypted in encrypted_fields(model):
            yield model, encrypted


def _sealed(model: type[models.Model], name: str) -> models.QuerySet:
    return model._base_manager.exclude(**{f"{name}__isnull": True}).exclude(**{name: ""})


def _under(key_id: str, name: str) -> dict[str, str]:
    return {f"{name}__startswith": crypto.token_prefix(key_id)}


def field_keys_status() -> list[FieldKeyStatus]:
    """For every encrypted field: how many values are under the newest key, under each older
    configured key, and under keys that are no longer configured."""
    keys = crypto.keyring()
    report = []
    for model, encrypted in _encrypted_columns():
        sealed = _sealed(model, encrypted.name)
        counts = {
            key.key_id: sealed.filter(**_under(key.key_id, encrypted.name)).count() for key in keys
        }
        total = sealed.count()
        newest = counts.pop(keys[0].key_id)
        report.append(
            FieldKeyStatus(
                label=f"{model._meta.label}.{encrypted.name}",
                total=total,
                newest=newest,
                by_key=counts,
                unknown=total - newest - sum(counts.values()),
            )
        )
    return report


def _rotate_batch(model: type[models.Model], encrypted: EncryptedTextField, size: int) -> int:
    """Re-seal up to `size` rows not yet under the newest key; one short transaction, so an
    interrupted run keeps what it finished and a re-run goes on from there."""
    name = encrypted.name
    hashes = hash_fields_of(model, name)
    newest = crypto.newest_key_id()
    with transaction.atomic():
        rows = list(
            _sealed(model, name)
            .exclude(**_under(newest, name))
            .select_for_update()
            .order_by("pk")
            .only("pk", name, *(h.name for h in hashes))[:size]
        )
        for row in rows:
            plain = getattr(row, name)  # decrypted on load, under whichever key sealed it
            values = {name: plain, **{h.name: h.hash_of(plain) for h in hashes}}
            # Plain text in, sealed under the newest key by the field on the way to the column.
            model._base_manager.filter(pk=row.pk).update(**values)
    return len(rows)


def field_keys_rotate(
    *, batch_size: int = 500, progress: Callable[[str, int, int], None] | None = None
) -> dict[str, int]:
    """Re-encrypt every sealed value under the newest key, `batch_size` rows per transaction,
    calling `progress(label, done, to_do)` after each batch. Resumable: a row already under the
    newest key is never touched again. Returns how many rows each field had re-sealed.
    Raises FieldDecryptionError (nothing of that batch is written) on a value under a key that
    is no longer configured or one that was tampered with."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    done_by_field = {}
    for status, (model, encrypted) in zip(field_keys_status(), _encrypted_columns(), strict=True):
        done = 0
        while moved := _rotate_batch(model, encrypted, batch_size):
            done += moved
            if progress:
                progress(status.label, done, status.old)
        done_by_field[status.label] = done
    return done_by_field
