"""The gazetteer of 聊城市 the project ships: counties, townships and the names people write.

Read once from `data/gazetteer.tsv` (see its header for the columns). Region detection
(`eqiao.text.region`) matches these names; other code builds demo office trees from
`counties()`. Pure data access, no matching logic here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

GAZETTEER_PATH = Path(__file__).parent / "data" / "gazetteer.tsv"
CITY_NAME = "聊城市"
CITY_CODE = "371500"


@dataclass(frozen=True)
class Place:
    """One row of the gazetteer: a name that places a message in `county`."""

    code: str
    county: str
    kind: str  # "city" | "county" | "township" | "landmark"
    name: str
    short: str
    aliases: tuple[str, ...]  # matched anywhere
    weak_aliases: tuple[str, ...]  # common words: matched only before a place suffix


@dataclass(frozen=True)
class County:
    """A county-level unit of 聊城市 with its grassroots procuratorate's territory."""

    name: str  # "冠县", "东昌府区"
    code: str  # division code, "371525"
    short: str  # what people write, "冠县", "东昌府"
    townships: tuple[str, ...]  # official township/sub-district names, in gazetteer order


def _parse_row(line: str) -> Place:
    cols = line.rstrip("\n").split("\t")
    cols += [""] * (6 - len(cols))
    code, county, kind, name, short, alias_col = cols[:6]
    aliases = [a.strip() for a in alias_col.split(",") if a.strip()]
    return Place(
        code=code,
        county=county,
        kind=kind,
        name=name,
        short=short or name,
        aliases=tuple(a for a in aliases if not a.startswith("~")),
        weak_aliases=tuple(a[1:] for a in aliases if a.startswith("~")),
    )


@cache
def places(path: Path = GAZETTEER_PATH) -> tuple[Place, ...]:
    """Every row of the gazetteer, in file order."""
    with path.open(encoding="utf-8") as f:
        return tuple(_parse_row(line) for line in f if line.strip() and not line.startswith("#"))


def counties(path: Path = GAZETTEER_PATH) -> list[County]:
    """The eight county-level units of 聊城市 with codes and townships, in gazetteer order.

    A fresh list each call, so a caller may sort or filter it without touching the cache."""
    return list(_counties(path))


@cache
def _counties(path: Path) -> tuple[County, ...]:
    rows = places(path)
    result = []
    for row in rows:
        if row.kind != "county":
            continue
        townships = tuple(p.name for p in rows if p.county == row.name and p.kind == "township")
        result.append(County(name=row.name, code=row.code, short=row.short, townships=townships))
    return tuple(result)


def county_names() -> tuple[str, ...]:
    """The county names detect_region can return, besides 聊城市."""
    return tuple(c.name for c in counties())
