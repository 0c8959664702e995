"""What each role may do: named capabilities, granted to roles, checked with one call.

A capability is a code such as ``petition.assign`` with a Chinese label. Roles hold
capabilities; a staff member holds several roles in their office and may do what any of
them allows, within their office's subtree. The capabilities below are the ones the
foundation knows; a domain app adds its own from ``AppConfig.ready()``::

    capability_register("article.publish", _("发布文章"), roles=[Role.EDITOR])
    capability_grant("article.publish", roles=[Role.OFFICE_HEAD])

Services check with ``require(actor, "petition.assign", office)``; pages ask
``can(actor, "petition.assign", office)`` (or the ``{% can %}`` template tag) so they offer
only what the services would allow.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from eqiao.core.errors import PermissionDeniedError
from eqiao.offices.models import Role

if TYPE_CHECKING:
    from eqiao.offices.models import Procuratorate, Staff


@dataclass(frozen=True)
class Capability:
    code: str
    label: Any  # a lazy translation: str(label) reads it in the current language


_CAPABILITIES: dict[str, Capability] = {}
_GRANTS: dict[str, set[str]] = {}


def capability_register(code: str, label: Any, *, roles: Iterable[str] = ()) -> Capability:
    """Define a capability (once; registering the same code again with the same label is
    a no-op, so a re-run `ready()` is harmless) and grant it to `roles`."""
    existing = _CAPABILITIES.get(code)
    if existing is not None and str(existing.label) != str(label):
        raise ValueError(f"capability {code!r} is already registered with another label")
    capability = existing or Capability(code=code, label=label)
    _CAPABILITIES[code] = capability
    capability_grant(code, roles=roles)
    return capability


def capability_grant(code: str, *, roles: Iterable[str]) -> None:
    """Let every holder of one of `roles` use capability `code`."""
    if code not in _CAPABILITIES:
        raise KeyError(f"unknown capability {code!r}: register it first")
    known = set(Role.values)
    for role in roles:
        if role not in known:
            raise ValueError(f"unknown role {role!r}")
        _GRANTS.setdefault(str(role), set()).add(code)


def capability_unregister(code: str) -> None:
    """Remove a capability and its grants (for tests that register their own)."""
    _CAPABILITIES.pop(code, None)
    for granted in _GRANTS.values():
        granted.discard(code)


def capability_get(code: str) -> Capability:
    try:
        return _CAPABILITIES[code]
    except KeyError:
        raise KeyError(f"unknown capability {code!r}") from None


def capability_all() -> list[Capability]:
    return sorted(_CAPABILITIES.values(), key=lambda c: c.code)


def capabilities_of_roles(roles: Iterable[str]) -> frozenset[str]:
    """Every capability that at least one of `roles` holds."""
    found: set[str] = set()
    for role in roles:
        found |= _GRANTS.get(str(role), set())
    return frozenset(found)


def role_capabilities() -> list[tuple[str, Any, list[Capability]]]:
    """Each role with the capabilities it holds, for pages that explain the roles."""
    return [
        (value, label, [c for c in capability_all() if c.code in _GRANTS.get(value, set())])
        for value, label in Role.choices
    ]


def roles_with(code: str) -> frozenset[str]:
    """The roles that hold capability `code` (for queries such as 'who may handle')."""
    capability_get(code)
    return frozenset(role for role, granted in _GRANTS.items() if code in granted)


def _same_person(actor: Staff, other: object) -> bool:
    """`other` is the actor: given as a Staff, a staff pk, or the actor's login (a User)."""
    if other is None:
        return False
    meta = getattr(other, "_meta", None)
    if meta is not None and meta.label_lower != actor._meta.label_lower:
        return getattr(other, "pk", None) == actor.user_id
    return getattr(other, "pk", other) == actor.pk


def _refusal(actor: Staff, code: str, office: Procuratorate | None, not_by: object) -> str | None:
    """Why `actor` may not use `code` on `office`, or None when they may."""
    capability = capability_get(code)
    if not actor.is_active:
        return gettext("您的账号已停用，不能办理。")
    if office is not None and not office.is_within(actor.office):
        return gettext("该事项不属于您所在单位及下级单位，无权办理。")
    if code not in capabilities_of_roles(actor.role_codes):
        return gettext("您没有“%(capability)s”的权限（您的角色：%(roles)s）。") % {
            "capability": capability.label,
            "roles": actor.roles_display or gettext("无"),
        }
    if _same_person(actor, not_by):
        return gettext("“%(capability)s”须由他人进行，不能由经办人本人进行。") % {
            "capability": capability.label
        }
    return None


def can(
    actor: Staff | None,
    code: str,
    office: Procuratorate | None = None,
    *,
    not_by: object = None,
) -> bool:
    """True when `actor` holds capability `code` and `office` lies in their subtree.
    `office=None` checks the capability alone. `not_by` (a Staff or its pk) names a person
    who must not be the actor: separation of duties, e.g. an author approving their own
    article."""
    if actor is None:
        return False
    return _refusal(actor, code, office, not_by) is None


def require(
    actor: Staff,
    code: str,
    office: Procuratorate | None,
    *,
    not_by: object = None,
) -> None:
    """Raise PermissionDeniedError, naming what is missing, unless `can(...)` holds."""
    reason = _refusal(actor, code, office, not_by)
    if reason is not None:
        raise PermissionDeniedError(reason)


# The foundation's capabilities and who holds them. Editors, security reviewers and opinion
# analysts read petitions but do not handle them; an administrator may do everything here
# within their subtree.
_R = Role
_HANDLERS = (_R.RECEPTIONIST, _R.PROSECUTOR, _R.OFFICE_HEAD, _R.ADMINISTRATOR)
_CASEWORKERS = (_R.PROSECUTOR, _R.OFFICE_HEAD, _R.ADMINISTRATOR)
_HEADS = (_R.OFFICE_HEAD, _R.ADMINISTRATOR)
FOUNDATION_CAPABILITIES: list[tuple[str, Any, tuple[str, ...]]] = [
    ("petition.view", _("查看信访件"), tuple(Role.values)),
    ("petition.enter", _("代群众录入信访件"), _HANDLERS),
    ("petition.handle", _("承办信访件"), _HANDLERS),
    ("petition.personal_data", _("查看信访人完整信息和附件"), _HANDLERS),
    ("petition.assign", _("交办信访件"), (_R.RECEPTIONIST, *_HEADS)),
    ("petition.route", _("上下级转办"), _HANDLERS),
    ("petition.reply", _("答复信访人"), _HANDLERS),
    ("petition.close", _("办结信访件"), _HANDLERS),
    ("petition.supervise", _("督办"), _CASEWORKERS),
    ("lead.manage", _("管理线索"), _CASEWORKERS),
    ("alert.handle", _("签收风险预警"), _HANDLERS),
    ("plan.run", _("启动和结束应急预案"), _HEADS),
    ("article.edit", _("编辑稿件"), (_R.EDITOR, _R.ADMINISTRATOR)),
    ("article.review", _("安全审查稿件"), (_R.SECURITY_REVIEWER, _R.ADMINISTRATOR)),
    ("article.approve", _("审批发布稿件"), _HEADS),
    ("opinion.analyse", _("研判舆情"), (_R.OPINION_ANALYST, *_HEADS)),
    ("opinion.configure", _("配置舆情监测"), (_R.OPINION_ANALYST, *_HEADS)),
    ("case.manage", _("管理案件信息"), _CASEWORKERS),
    ("appointment.manage", _("管理预约"), _HANDLERS),
    ("stats.view", _("查看统计"), _HEADS),
    ("config.manage", _("系统配置"), (_R.ADMINISTRATOR,)),
    ("staff.manage", _("管理人员与角色"), (_R.ADMINISTRATOR,)),
]
for _code, _label, _roles in FOUNDATION_CAPABILITIES:
    capability_register(_code, _label, roles=_roles)
