"""The citizens' map of offices, drawn on the server as SVG from each office's coordinates:
no map tiles, no script, nothing fetched from another site. Every dot is a link to that
office's submit page; the list beside it says the same in words."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from eqiao.offices.models import Level, Procuratorate

WIDTH = 640
PADDING = 48


@dataclass(frozen=True)
class Dot:
    office: Procuratorate
    x: float
    y: float


def _project(offices: Sequence[Procuratorate]) -> tuple[list[Dot], int]:
    """Equirectangular projection scaled to WIDTH (fine at a city's scale)."""
    placed = [o for o in offices if o.latitude is not None and o.longitude is not None]
    if not placed:
        return [], 0
    lats = [float(o.latitude) for o in placed]  # type: ignore[arg-type]
    lngs = [float(o.longitude) for o in placed]  # type: ignore[arg-type]
    squash = math.cos(math.radians(sum(lats) / len(lats)))
    span_x = max((max(lngs) - min(lngs)) * squash, 1e-6)
    span_y = max(max(lats) - min(lats), 1e-6)
    scale = (WIDTH - 2 * PADDING) / max(span_x, span_y)
    height = int(span_y * scale + 2 * PADDING)
    dots = [
        Dot(
            office=o,
            x=PADDING + (lng - min(lngs)) * squash * scale,
            y=PADDING + (max(lats) - lat) * scale,
        )
        for o, lat, lng in zip(placed, lats, lngs, strict=True)
    ]
    return dots, height


def offices_map_svg(
    offices: Sequence[Procuratorate], *, link: Callable[[Procuratorate], str], title: str
) -> SafeString:
    """An SVG map of `offices`: the city and county offices as large dots with their names,
    township offices as small ones; a line joins each office to the one above it."""
    dots, height = _project(offices)
    if not dots:
        return SafeString("")
    where = {d.office.pk: d for d in dots}
    lines = format_html_join(
        "",
        '<line x1="{}" y1="{}" x2="{}" y2="{}" class="map-link-line"/>',
        (
            (
                _n(where[d.office.parent_id].x),
                _n(where[d.office.parent_id].y),
                _n(d.x),
                _n(d.y),
            )
            for d in dots
            if d.office.parent_id in where
        ),
    )
    marks = format_html_join("", "{}", ((_mark(d, link(d.office)),) for d in dots))
    return format_html(
        '<svg class="office-map" viewBox="0 0 {} {}" role="group" aria-label="{}" '
        'xmlns="http://www.w3.org/2000/svg"><title>{}</title>{}{}</svg>',
        WIDTH,
        height,
        title,
        title,
        lines,
        marks,
    )


def _n(value: float) -> str:
    return f"{value:.1f}"


def _mark(dot: Dot, href: str) -> SafeString:
    office = dot.office
    big = office.level != Level.TOWNSHIP
    city = office.level == Level.CITY  # its county seat sits next to it: label to the left
    return format_html(
        '<a href="{}" class="map-office map-{}"><title>{}</title>'
        '<circle cx="{}" cy="{}" r="{}"/>'
        '<text x="{}" y="{}" text-anchor="{}">{}</text></a>',
        href,
        office.level,
        office.name,
        _n(dot.x),
        _n(dot.y),
        9 if big else 6,
        _n(dot.x + (-12 if city else 12 if big else 9)),
        _n(dot.y + 5),
        "end" if city else "start",
        office.region if office.level == Level.COUNTY else office.short_name,
    )
