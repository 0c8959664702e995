"""Writes to staff and their roles. Administrators (capability `staff.manage`) use these
from the workbench's people page; the demo and the tests call them without an actor."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from eqiao.core.audit import audit_log
from eqiao.core.errors import ApplicationError, PermissionDeniedError
from eqiao.core.models import User
from eqiao.core.validators import normalize_mobile, validate_mobile
from eqiao.offices.capabilities import capabilities_of_roles, require
from eqiao.offices.models import Level, Procuratorate, Role, Staff, StaffRole

MAX_NAME = 50


def staff_roles_grantable(*, actor: Staff) -> list[str]:
    """The roles `actor` may give or take away: those whose every capability the actor
    holds themselves, so nobody hands out more than they have."""
    mine = capabilities_of_roles(actor.role_codes)
    return [role for role in Role.values if capabilities_of_roles([role]) <= mine]


def _roles_clean(roles: Iterable[str]) -> list[str]:
    chosen = {str(role) for role in roles}
    unknown = chosen - set(Role.values)
    if unknown:
        raise ApplicationError(_("角色不正确。"), field="roles")
    if not chosen:
        raise ApplicationError(_("请至少选择一个角色。"), field="roles")
    return [role for role in Role.values if role in chosen]


def _require_reach(*, actor: Staff, roles: Iterable[str]) -> None:
    grantable = set(staff_roles_grantable(actor=actor))
    for role in roles:
        if role not in grantable:
            raise PermissionDeniedError(
                _("您不能授予或撤销“%(role)s”角色：它包含您本人没有的权限。")
                % {"role": Role(role).label},
                field="roles",
            )


def _require_manager_of(*, actor: Staff, staff: Staff) -> None:
    require(actor, "staff.manage", staff.office)
    if actor.pk == staff.pk:
        raise PermissionDeniedError(_("不能修改自己的角色或状态，请由其他管理员办理。"))
    _require_reach(actor=actor, roles=staff.role_codes)


def _user_flags_sync(staff: Staff) -> None:
    """Django admin access follows the capabilities: active holders of `config.manage` get
    in; only those at the city are superusers (a county's see only what they are given)."""
    user = staff.user
    user.is_staff = staff.is_active and "config.manage" in capabilities_of_roles(staff.role_codes)
    user.is_superuser = user.is_staff and staff.office.level == Level.CITY
    user.save(update_fields=["is_staff", "is_superuser"])


def _text(value: str, *, field: str, label: str, max_chars: int) -> str:
    value = (value or "").strip()
    if not value:
        raise ApplicationError(_("请填写%(label)s。") % {"label": label}, field=field)
    if len(value) > max_chars or "\x00" in value:
        raise ApplicationError(
            _("%(label)s最多%(max)d个字，且只能是文字。") % {"label": label, "max": max_chars},
            field=field,
        )
    return value


def _check_new_person(
    *, username: str, password: str, full_name: str, mobile: str
) -> tuple[str, str, str]:
    username = _text(username, field="username", label=_("用户名"), max_chars=150)
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError as exc:
        raise ApplicationError(
            _("用户名只能包含字母、数字和 @ . + - _ 符号。"), field="username"
        ) from exc
    if User.objects.filter(username__iexact=username).exists():
        raise ApplicationError(_("用户名“%(u)s”已被使用。") % {"u": username}, field="username")
    full_name = _text(full_name, field="full_name", label=_("姓名"), max_chars=MAX_NAME)
    if mobile:
        try:
            validate_mobile(mobile)
        except ValidationError as exc:
            raise ApplicationError(str(exc.messages[0]), field="mobile") from exc
        mobile = normalize_mobile(mobile)
    try:
        validate_password(password, user=User(username=username))
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages), field="password") from exc
    return username, full_name, mobile


@transaction.atomic
def staff_create(
    *,
    username: str,
    password: str,
    office: Procuratorate,
    roles: Iterable[str],
    full_name: str,
    mobile: str = "",
    email: str = "",
    actor: Staff | None = None,
) -> Staff:
    """Create a login and its staff profile with `roles` in `office`. With an `actor` (the
    people page) the actor must hold `staff.manage` over `office`, may grant only roles
    within their reach, and the input is checked for a person to correct; without one
    (demo, tests) the caller vouches for it."""
    chosen = _roles_clean(roles)
    if actor is not None:
        require(actor, "staff.manage", office)
        _require_reach(actor=actor, roles=chosen)
        username, full_name, mobile = _check_new_person(
            username=username, password=password, full_name=full_name, mobile=mobile
        )
    try:
        with transaction.atomic():
            user = User.objects.create_user(username=username, password=password, email=email)
    except IntegrityError as exc:
        raise ApplicationError(
            _("用户名“%(u)s”已被使用。") % {"u": username}, field="username"
        ) from exc
    staff = Staff.objects.create(user=user, office=office, full_name=full_name, mobile=mobile)
    StaffRole.objects.bulk_create([StaffRole(staff=staff, role=role) for role in chosen])
    staff.roles_changed()
    _user_flags_sync(staff)
    audit_log(
        actor=actor.user if actor else None,
        action="staff.create",
        target=staff,
        detail={"office": office.pk, "roles": chosen, "username": username},
    )
    return staff


@transaction.atomic
def staff_roles_set(*, staff: Staff, roles: Iterable[str], actor: Staff) -> Staff:
    """Replace the roles `staff` holds. The actor needs `staff.manage` over the staff's
    office, may not change their own roles, and may add or remove only roles within
    their reach (a person holding a role beyond it is not theirs to change)."""
    locked = (
        Staff.objects.select_for_update(of=("self",))
        .select_related("office", "user")
        .get(pk=staff.pk)
    )
    _require_manager_of(actor=actor, staff=locked)
    chosen = _roles_clean(roles)
    _require_reach(actor=actor, roles=chosen)
    before = sorted(locked.role_codes)
    if set(chosen) != set(before):
        StaffRole.objects.filter(staff=locked).exclude(role__in=chosen).delete()
        StaffRole.objects.bulk_create(
            [StaffRole(staff=locked, role=r) for r in chosen if r not in before]
        )
        locked.roles_changed()
        _user_flags_sync(locked)
        audit_log(
            actor=actor.user,
            action="staff.roles_set",
            target=locked,
            detail={"before": before, "after": chosen},
        )
    staff.roles_changed()
    return locked


@transaction.atomic
def staff_set_active(*, staff: Staff, active: bool, actor: Staff) -> Staff:
    """Deactivate (离岗) or reactivate a staff member. A deactivated person can no longer
    use the workbench or the admin; their records and history stay."""
    locked = (
        Staff.objects.select_for_update(of=("self",))
        .select_related("office", "user")
        .get(pk=staff.pk)
    )
    _require_manager_of(actor=actor, staff=locked)
    if locked.is_active != active:
        locked.is_active = active
        locked.save(update_fields=["is_active"])
        _user_flags_sync(locked)
        audit_log(
            actor=actor.user,
            action="staff.reactivate" if active else "staff.deactivate",
            target=locked,
        )
    staff.is_active = locked.is_active
    return locked
