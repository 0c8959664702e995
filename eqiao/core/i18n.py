"""Compiling the gettext catalogues with polib, so no system gettext is needed to install."""

from __future__ import annotations

from pathlib import Path

import polib

EQIAO_ROOT = Path(__file__).resolve().parent.parent


def catalogue_paths() -> list[Path]:
    return sorted(EQIAO_ROOT.glob("*/locale/*/LC_MESSAGES/django.po")) + sorted(
        EQIAO_ROOT.glob("locale/*/LC_MESSAGES/django.po")
    )


def compile_catalogues() -> int:
    """Write a .mo beside every .po that is newer than its .mo. Returns how many were written."""
    written = 0
    for po_path in catalogue_paths():
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        written += 1
    return written
