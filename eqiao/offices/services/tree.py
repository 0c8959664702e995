"""Writes to the office tree. Every office is created and moved here, so its materialised
path ("1/3/17/": the parent's path + its own pk) is always right; the Django admin saves
through these functions too."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from eqiao.core.audit import audit_log
from eqiao.core.errors import ApplicationError
from eqiao.offices.models import Level, Procuratorate, Staff

EXPECTED_PARENT: dict[str, str | None] = {
    Level.CITY: None,
    Level.COUNTY: Level.CITY,
    Level.TOWNSHIP: Level.COUNTY,
}
EDITABLE_FIELDS = (
    "name",
    "short_name",
    "level",
    "parent",
    "code",
    "region",
    "township",
    "phone",
    "address",
    "sort",
)


def procuratorate_placement_check(
    *, level: str, parent: Procuratorate | None, office: Procuratorate | None = None
) -> None:
    """Check that an office of `level` may sit under `parent` (city at the top, counties
    under the city, outposts under a county); for an existing `office`, also that it is
    not put under itself and does not change level while it has offices below it.
    Raises ApplicationError naming the field."""
    if level not in EXPECTED_PARENT:
        raise ApplicationError(_("级别不正确。"), field="level")
    want = EXPECTED_PARENT[level]
    if (parent.level if parent else None) != want:
        message = {
            Level.CITY: _("市院不能有上级单位。"),
            Level.COUNTY: _("基层院的上级单位必须是市院。"),
            Level.TOWNSHIP: _("派驻检察室的上级单位必须是基层院。"),
        }[Level(level)]
        raise ApplicationError(message, field="parent")
    if parent is not None and not parent.path_is_valid:
        raise ApplicationError(
            _("上级单位“%(name)s”的机构路径有误，请联系技术人员修复。") % {"name": parent.name},
            field="parent",
        )
    if office is not None and office.pk:
        if parent is not None and (parent.pk == office.pk or parent.is_within(office)):
            raise ApplicationError(_("不能把单位移到它自己或它的下级单位之下。"), field="parent")
        if level != office.level and office.children.exists():
            raise ApplicationError(_("该单位下还有下级单位，不能改变级别。"), field="level")


def _actor_user(actor: Staff | Any | None) -> Any:
    """The user to name in the audit log: a Staff's login, or a user as given (admin)."""
    return getattr(actor, "user", actor)


@transaction.atomic
def procuratorate_create(
    *,
    name: str,
    short_name: str,
    level: str,
    parent: Procuratorate | None = None,
    code: str = "",
    region: str = "",
    township: str = "",
    phone: str = "",
    address: str = "",
    sort: int = 0,
    actor: Staff | Any | None = None,
) -> Procuratorate:
    """Create an office and set its materialised path under `parent`."""
    procuratorate_placement_check(level=level, parent=parent)
    prefix = parent.path if parent else ""
    office = Procuratorate.objects.create(
        name=name,
        short_name=short_name,
        level=level,
        parent=parent,
        code=code,
        region=region or (parent.region if parent else ""),
        township=township,
        phone=phone,
        address=address,
        sort=sort,
        # The pk is known only after the insert; "0/" is a well-formed placeholder that
        # no other transaction can see before the real path replaces it below.
        path=f"{prefix}0/",
    )
    office.path = f"{prefix}{office.pk}/"
    office.save(update_fields=["path"])
    audit_log(
        actor=_actor_user(actor),
        action="office.create",
        target=office,
        detail={"parent": parent.pk if parent else None, "level": level},
    )
    return office


@transaction.atomic
def procuratorate_update(
    *, office: Procuratorate, actor: Staff | Any | None = None, **changes: Any
) -> Procuratorate:
    """Change an office's fields; a new `parent` moves it with its whole subtree, whose
    paths are rewritten in the same transaction. `changes` may name any of
    EDITABLE_FIELDS; the level and parent rules of `procuratorate_placement_check` hold."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"procuratorate_update() cannot change {sorted(unknown)}")
    current = Procuratorate.objects.select_for_update().get(pk=office.pk)
    level = changes.get("level", current.level)
    parent = changes.get("parent", current.parent)
    procuratorate_placement_check(level=level, parent=parent, office=current)
    old_parent_id, old_path = current.parent_id, current.path
    for field, value in changes.items():
        setattr(current, field, value)
    moved = current.parent_id != old_parent_id or not current.path_is_valid
    if moved:
        current.path = f"{parent.path if parent else ''}{current.pk}/"
    current.save()
    if moved and old_path:
        # Every descendant keeps its own tail and gets the new prefix, in one statement.
        Procuratorate.objects.filter(path__startswith=old_path).exclude(pk=current.pk).update(
            path=Concat(Value(current.path), Substr("path", len(old_path) + 1))
        )
    audit_log(
        actor=_actor_user(actor),
        action="office.move" if moved else "office.update",
        target=current,
        detail={"fields": sorted(changes), "from_parent": old_parent_id, "path": current.path},
    )
    for field in (*changes, "path"):
        setattr(office, field, getattr(current, field))
    return current


def procuratorate_locate(
    *, office: Procuratorate, latitude: Decimal | float, longitude: Decimal | float
) -> Procuratorate:
    """Place an office on the map (WGS 84 degrees)."""
    lat, lng = Decimal(str(latitude)), Decimal(str(longitude))
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        raise ApplicationError(_("经纬度超出范围：纬度在-90到90之间，经度在-180到180之间。"))
    office.latitude, office.longitude = (
        lat.quantize(Decimal("0.00001")),
        lng.quantize(Decimal("0.00001")),
    )
    Procuratorate.objects.filter(pk=office.pk).update(
        latitude=office.latitude, longitude=office.longitude
    )
    return office
