"""Template helpers for the workbench pages."""

from __future__ import annotations

from django import template

from eqiao.intake.models import Kind, RiskLevel, category_label, risk_reason_label
from eqiao.workbench.selectors import notification_unread_count

register = template.Library()


@register.simple_tag
def unread_notification_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return notification_unread_count(user=user)


@register.filter
def short_secret(secret: str) -> str:
    """Group a base32 secret in fours so it can be typed from the screen."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@register.filter
def next_due(petition):
    """The deadline the petition is running against now: the 7-day procedural reply until
    it is given, then the 3-month result; None once closed."""
    if petition.status == "closed":
        return None
    if petition.procedural_replied_at is None:
        return petition.procedural_reply_due
    if petition.result_replied_at is None:
        return petition.result_reply_due
    return None


@register.filter
def reason_label(reason: str) -> str:
    """A stored risk reason in the reader's language."""
    return risk_reason_label(reason)


@register.filter
def reason_labels(reasons) -> list[str]:
    """Stored risk reasons in the reader's language (for `join`)."""
    return [risk_reason_label(r) for r in reasons or ()]


@register.filter
def absolute(value):
    try:
        return abs(int(value))
    except (TypeError, ValueError):
        return value


@register.filter
def correction_labels(after: dict) -> str:
    """A correction in the history in words: 诉求类别 / 分类 / 风险等级 as labels, not codes."""
    kinds, risks = dict(Kind.choices), dict(RiskLevel.choices)
    kind, category, risk = after.get("kind", ""), after.get("category", ""), after.get("risk", "")
    return " / ".join(
        str(part)
        for part in (kinds.get(kind, kind), category_label(category), risks.get(risk, risk))
    )
