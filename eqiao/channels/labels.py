"""Names people read for the codes that domain apps give their messages: an outbound
message's purpose (``receipt``) and the inbound handler that took a message
(``intake.petition``). Channels never imports a domain app, so each app registers the names
of its own codes from ``AppConfig.ready()``::

    message_labels_register({"receipt": _("受理回执")})
"""

from __future__ import annotations

from typing import Any

_LABELS: dict[str, Any] = {}


def message_labels_register(labels: dict[str, Any]) -> None:
    """Name purpose or handler codes (lazy translations; registering again is harmless)."""
    _LABELS.update(labels)


def message_label(code: str) -> str:
    """The registered name of `code`; the code itself when none was registered; empty stays
    empty."""
    label = _LABELS.get(code)
    return code if label is None else str(label)
