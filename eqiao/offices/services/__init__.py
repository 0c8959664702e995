"""Writes to the office tree (`tree`) and to staff and their roles (`staff`)."""

from eqiao.offices.services.staff import (
    staff_create,
    staff_roles_grantable,
    staff_roles_set,
    staff_set_active,
)
from eqiao.offices.services.tree import (
    procuratorate_create,
    procuratorate_locate,
    procuratorate_placement_check,
    procuratorate_update,
)

__all__ = [
    "procuratorate_create",
    "procuratorate_locate",
    "procuratorate_placement_check",
    "procuratorate_update",
    "staff_create",
    "staff_roles_grantable",
    "staff_roles_set",
    "staff_set_active",
]
