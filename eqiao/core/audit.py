"""Writing the audit log. Every service that changes a record or shows personal data in
full calls `audit_log`.

An action is stored as a stable code (``petition.assign``); the admin shows it by the Chinese
name that the app writing it registers from its ``AppConfig.ready()``::

    audit_actions_register({"petition.assign": _("交办信访件")})
"""

from __future__ import annotations

from typing import Any

from eqiao.core.audit_actions import audit_action_label, audit_actions_register
from eqiao.core.models import AuditEntry

__all__ = ["audit_action_label", "audit_actions_register", "audit_log"]


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
