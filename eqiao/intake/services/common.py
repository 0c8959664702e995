"""What the staff-side intake services share: locking, notifying, cleaning text. Who may
act is checked with `eqiao.offices.capabilities.require(actor, capability, office)`."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from eqiao.core.errors import ApplicationError
from eqiao.core.notifications import notification_create
from eqiao.intake.models import Petition, RiskLevel
from eqiao.offices.models import Staff

# Control characters other than tab/newline mean the "text" is really binary.
_BINARY_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")
_RISK_ORDER: dict[str, int] = {
    RiskLevel.LOW.value: 0,
    RiskLevel.MEDIUM.value: 1,
    RiskLevel.HIGH.value: 2,
}


def risk_max(a: str, b: str) -> str:
    """The higher of two risk levels (unknown values count as low)."""
    return a if _RISK_ORDER.get(a, 0) >= _RISK_ORDER.get(b, 0) else b


def require_open(petition: Petition) -> None:
    if not petition.is_open:
        raise ApplicationError(
            _("信访件%(number)s已办结，不能再办理。") % {"number": petition.tracking_number}
        )


def lock_petition(petition: Petition) -> Petition:
    """Re-read the petition under SELECT FOR UPDATE (call inside `transaction.atomic`) so
    two staff acting at once are serialised and the second sees the first one's change."""
    # No select_related here: PostgreSQL re-checks a locked row's join against the old
    # joined row, so a petition whose office just changed would vanish from the result.
    return Petition.objects.select_for_update().get(pk=petition.pk)


def sync_back(target: Petition, source: Petition, fields: Iterable[str]) -> None:
    """Copy saved fields onto the caller's instance, so it does not hold stale values."""
    for field in fields:
        setattr(target, field, getattr(source, field))


def site_text(message: str, **params: object) -> str:
    """A message for someone other than the actor (an SMS, a notification, a history entry
    the citizen reads), in the site's language rather than the actor's UI language. Mark
    `message` with gettext_noop so it is extracted."""
    with translation.override(settings.LANGUAGE_CODE):
        text = translation.gettext(message)
        return text % params if params else text


def notify(
    *,
    recipients: Iterable[Staff],
    text: str,
    target_kind: str = "",
    target_id: int | None = None,
    level: str = "info",
) -> int:
    """Create one in-app notification per distinct recipient about a target ("petition",
    "alert", "plan", "queue.overdue"; the workbench registers how each opens); returns
    how many."""
    seen: set[int] = set()
    for staff in recipients:
        if staff.user_id in seen:
            continue
        seen.add(staff.user_id)
        notification_create(
            recipient=staff.user_id,
            level=level,
            text=text,
            target_kind=target_kind,
            target_id=target_id,
        )
    return len(seen)


def text_clean(
    value: str, *, field: str, label: str, max_chars: int = 2000, min_chars: int = 0
) -> str:
    """Normalise and check a free text (citizen or staff): not binary, not empty when
    `min_chars` > 0, not too long. Raises ApplicationError naming the field."""
    value = (value or "").replace("\r\n", "\n").strip()
    if _BINARY_RE.search(value):
        raise ApplicationError(
            _("%(label)s里有无法识别的字符，请只输入文字。") % {"label": label}, field=field
        )
    if len(value) < min_chars:
        if not value:
            raise ApplicationError(_("请填写%(label)s。") % {"label": label}, field=field)
        raise ApplicationError(
            _("%(label)s太短了，请至少写%(n)d个字。") % {"label": label, "n": min_chars},
            field=field,
        )
    if len(value) > max_chars:
        raise ApplicationError(
            _("%(label)s最多%(max)d个字，现在有%(n)d个字，请删减后再提交。")
            % {"label": label, "max": max_chars, "n": len(value)},
            field=field,
        )
    return value
