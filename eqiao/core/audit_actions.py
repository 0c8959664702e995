"""The names of audit action codes, registered by the apps that write them (see
`eqiao.core.audit`). Kept apart from the writer so the model can name its own action."""

from __future__ import annotations

from typing import Any

_ACTION_LABELS: dict[str, Any] = {}


def audit_actions_register(labels: dict[str, Any]) -> None:
    """Name audit action codes for people (lazy translations; registering again is harmless)."""
    _ACTION_LABELS.update(labels)


def audit_action_label(code: str) -> str:
    """The registered name of an action code, or the code itself when none was registered."""
    label = _ACTION_LABELS.get(code)
    return code if label is None else str(label)
