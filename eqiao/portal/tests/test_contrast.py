"""The portal's colour pairs meet WCAG 2.1 AA for normal text (4.5:1), read from the CSS so
a later change of a colour is checked too."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders


def _css_vars() -> dict[str, str]:
    css = open(finders.find("portal/portal.css"), encoding="utf-8").read()
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", css))


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


# (text, background) as used in portal.css
PAIRS = [
    ("text", "bg"),
    ("text", "bg-soft"),
    ("muted", "bg"),
    ("muted", "bg-soft"),
    ("muted", "blue-light"),
    ("blue", "bg"),
    ("blue-dark", "blue-light"),
    ("red", "bg"),
    ("red", "red-bg"),
    ("green", "green-bg"),
    ("green", "bg"),
    ("text", "amber-bg"),
]


@pytest.mark.parametrize(("fg", "bg"), PAIRS)
def test_text_colours_meet_aa(fg, bg):
    colours = _css_vars()
    assert contrast(colours[fg], colours[bg]) >= 4.5, (fg, bg)


def test_white_on_the_buttons_and_links_on_white():
    colours = _css_vars()
    assert contrast("#ffffff", colours["blue"]) >= 7
    assert contrast("#0b4fa8", "#ffffff") >= 4.5  # links
    assert contrast(colours["line"], "#ffffff") >= 3  # input borders (non-text, 1.4.11)
