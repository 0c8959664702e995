"""Demo staff: every role at the city, receptionist/prosecutor/head at every county, a head and
a prosecutor at every outpost; 冠县's prosecutor is also the county's editor (two roles). One public demo password for all; memorable usernames
(`admin`, `city_head`, `guanxian_head`, `qingshui_wang` — 小王 of the source document works
at 清水). Names are invented (see `names.py`); mobiles come from the fake 1390635xxxx range."""

from __future__ import annotations

from dataclasses import dataclass

from eqiao.demo.names import NAMES
from eqiao.demo.offices import Tree
from eqiao.offices.models import Procuratorate, Role, Staff
from eqiao.offices.services import staff_create

DEMO_PASSWORD = "eqiao-demo"
STAFF_MOBILE_PREFIX = "1390635"

CITY_STAFF = [
    ("admin", Role.ADMINISTRATOR),
    ("city_head", Role.OFFICE_HEAD),
    ("city_reception", Role.RECEPTIONIST),
    ("city_prosecutor", Role.PROSECUTOR),
    ("city_editor", Role.EDITOR),
    ("city_security", Role.SECURITY_REVIEWER),
    ("city_analyst", Role.OPINION_ANALYST),
]
COUNTY_ROLES = [
    ("head", Role.OFFICE_HEAD),
    ("reception", Role.RECEPTIONIST),
    ("prosecutor", Role.PROSECUTOR),
]
OUTPOST_ROLES = [("head", Role.OFFICE_HEAD), ("prosecutor", Role.PROSECUTOR)]
# Roles held besides the one above: a person can hold several in their office.
EXTRA_ROLES = {"guanxian_prosecutor": [Role.EDITOR]}
# The outposts' prosecutors have their own username where the story names them.
PROSECUTOR_USERNAMES = {"qingshui": "qingshui_wang"}
# Surnames fixed by the source document's people.
FIXED_SURNAMES = {"qingshui_wang": "王"}

# The logins the banner lists, in this order (the rest follow the same pattern).
FEATURED_LOGINS = [
    *(username for username, _role in CITY_STAFF),
    "guanxian_head",
    "guanxian_reception",
    "guanxian_prosecutor",
    "qingshui_head",
    "qingshui_wang",
    "ganguantun_head",
    "dongchangfu_head",
    "xinqu_head",
    "linqing_head",
    "lindong_head",
]


class NamePool:
    """Hands out the invented names in a fixed order, each once; `take("王")` gives the next
    name with that surname, for people whose surname the source document fixes."""

    def __init__(self, names: tuple[str, ...] = NAMES, start: int = 0):
        self._names = list(names[start:])

    def take(self, surname: str = "") -> str:
        for index, name in enumerate(self._names):
            if name.startswith(surname):
                return self._names.pop(index)
        raise LookupError(f"the demo name pool has no more names with surname {surname!r}")


@dataclass
class Cast:
    """The demo staff by username, with helpers to find who does what at an office."""

    by_username: dict[str, Staff]

    def __getitem__(self, username: str) -> Staff:
        return self.by_username[username]

    def of(self, office: Procuratorate, role: str) -> Staff:
        for staff in self.by_username.values():
            if staff.office_id == office.pk and role in staff.role_codes:
                return staff
        raise LookupError(f"no demo {role} at {office.name}")

    def receiver(self, office: Procuratorate) -> Staff:
        """Who takes in and assigns at this office: the receptionist, or an outpost's head."""
        try:
            return self.of(office, Role.RECEPTIONIST)
        except LookupError:
            return self.of(office, Role.OFFICE_HEAD)

    def handler(self, office: Procuratorate) -> Staff:
        return self.of(office, Role.PROSECUTOR)

    def head(self, office: Procuratorate) -> Staff:
        return self.of(office, Role.OFFICE_HEAD)

    def handler_or_head(self, office: Procuratorate) -> Staff:
        """Who handles a record of this office: its prosecutor, or, at an office without
        one of its own, its head."""
        try:
            return self.handler(office)
        except LookupError:
            return self.head(office)


def staff_create_all(tree: Tree, pool: NamePool) -> Cast:
    """Create every demo staff member through `staff_create`."""
    people: list[tuple[str, Procuratorate, str]] = [
        (username, tree.city, role) for username, role in CITY_STAFF
    ]
    for key, county in tree.counties.items():
        people += [(f"{key}_{suffix}", county, role) for suffix, role in COUNTY_ROLES]
        for outpost_key in tree.outposts_of(key):
            outpost = tree.outposts[outpost_key]
            for suffix, role in OUTPOST_ROLES:
                username = f"{outpost_key}_{suffix}"
                if role == Role.PROSECUTOR:
                    username = PROSECUTOR_USERNAMES.get(outpost_key, username)
                people.append((username, outpost, role))
    cast = Cast(by_username={})
    for number, (username, office, role) in enumerate(people, start=1001):
        cast.by_username[username] = staff_create(
            username=username,
            password=DEMO_PASSWORD,
            office=office,
            roles=[role, *EXTRA_ROLES.get(username, [])],
            full_name=pool.take(FIXED_SURNAMES.get(username, "")),
            mobile=f"{STAFF_MOBILE_PREFIX}{number:04d}",
        )
    return cast
