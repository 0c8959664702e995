"""Writing the audit log. Every service that changes a record or shows personal data in
full calls `audit_log`."""

from __future__ import annotations

from typing import Any

from eqiao.core.models import AuditEntry


def audit_log(
    *,
    actor: Any | None,
    action: str,
    target: Any,
    detail: dict | None = None,
    ip: str | None = None,
) -> AuditEntry:
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=actor_obj,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        detail=detail or {},
        ip=ip,
    )
