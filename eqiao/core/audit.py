"""Writing the audit log. Every service that changes a record or shows personal data in
full calls `audit_log`.

An action is stored as a stable code (``petition.assign``); the admin shows it by the Chinese
name that the app writing it registers from its ``AppConfig.ready()``::

    audit_actions_register({"petition.assign": _("交办信访件")})
"""

from __future__ import annotations

from typing import Any

from eqiao.core.models import AuditEntry

_ACTION_LABELS: dict[str, Any] = {}


def audit_actions_register(labels: dict[str, Any]) -> None:
    """Name audit action codes for people (lazy translations; registering again is harmless)."""
    _ACTION_LABELS.update(labels)


def audit_action_label(code: str) -> str:
    """The registered name of an action code, or the code itself when none was registered."""
    label = _ACTION_LABELS.get(code)
    return code if label is None else str(label)


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
