"""Template helpers for the workbench pages."""

from __future__ import annotations

from django import template

from eqiao.core.masking import mask_phone
from eqiao.core.notifications import notification_link as link_of
from eqiao.intake.models import Kind, RiskLevel, category_label, risk_reason_label
from eqiao.offices.capabilities import can as staff_can
from eqiao.workbench.selectors import notification_unread_count

register = template.Library()


@register.simple_tag
def unread_notification_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return notification_unread_count(user=user)


@register.simple_tag(takes_context=True)
def can(context, capability: str, office=None) -> bool:
    """`{% can "petition.assign" petition.office as may_assign %}`: whether the signed-in
    staff member may use `capability` (on `office`, if given), so a page offers only the
    actions the services would allow."""
    request = context.get("request")
    return staff_can(getattr(request, "staff", None), capability, office)


@register.filter
def notification_link(notification) -> str:
    """Where a notification leads, resolved by the page owner's registry."""
    return link_of(notification)


@register.filter
def masked_phone(value: str) -> str:
    return mask_phone(value)


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
