"""Writes to the office tree and staff."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from eqiao.core.errors import ApplicationError
from eqiao.core.models import User
from eqiao.offices.models import Level, Procuratorate, Staff


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
) -> Procuratorate:
    """Create an office and set its materialised path under `parent`."""
    expected_parent = {Level.CITY: None, Level.COUNTY: Level.CITY, Level.TOWNSHIP: Level.COUNTY}
    want = expected_parent[Level(level)]
    if (parent.level if parent else None) != want:
        raise ValueError(f"a {level} office needs a {want} parent")
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
    )
    office.path = f"{parent.path if parent else ''}{office.pk}/"
    office.save(update_fields=["path"])
    return office


@transaction.atomic
def staff_create(
    *,
    username: str,
    password: str,
    office: Procuratorate,
    role: str,
    full_name: str,
    mobile: str = "",
    email: str = "",
) -> Staff:
    user = User.objects.create_user(username=username, password=password, email=email)
    user.is_staff = role == "administrator"
    user.is_superuser = role == "administrator" and office.level == Level.CITY
    user.save(update_fields=["is_staff", "is_superuser"])
    return Staff.objects.create(
        user=user, office=office, role=role, full_name=full_name, mobile=mobile
    )


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
