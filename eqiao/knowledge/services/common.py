"""What every knowledge write shares: bumping the index version."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from eqiao.knowledge.models import IndexState


def index_bump() -> None:
    """Mark the searchable content changed; every process rebuilds its index on next use.
    Call inside the transaction that changes the rows."""
    updated = IndexState.objects.filter(pk=1).update(version=F("version") + 1)
    if not updated:
        with transaction.atomic():
            state, created = IndexState.objects.get_or_create(pk=1, defaults={"version": 1})
            if not created:
                IndexState.objects.filter(pk=1).update(version=F("version") + 1)
