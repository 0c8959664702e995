"""Both languages are complete: every user-facing string has an English translation, and the
catalogues hold every string the code and templates use."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from eqiao.core.i18n import EQIAO_ROOT, catalogue_paths

# Every Django app of the project (the text engine has no user-facing Django strings).
APPS_WITH_STRINGS = sorted(
    path.parent.name for path in EQIAO_ROOT.glob("*/apps.py") if path.parent.name != "text"
)


def test_every_english_catalogue_is_complete():
    missing = []
    for po_path in catalogue_paths():
        if po_path.parent.parent.name != "en":
            continue
        for entry in polib.pofile(str(po_path)):
            if entry.obsolete:
                continue
            empty = not entry.msgstr and not any(entry.msgstr_plural.values())
            if empty or entry.fuzzy:
                missing.append(f"{po_path.relative_to(EQIAO_ROOT)}: {entry.msgid!r}")
    assert not missing, "untranslated or fuzzy:\n" + "\n".join(missing[:50])


@pytest.mark.parametrize("app", APPS_WITH_STRINGS)
def test_catalogue_holds_every_string_in_the_code(app, tmp_path):
    """Runs makemessages on a copy of the app and compares msgids with the committed catalogue."""
    if shutil.which("xgettext") is None:
        pytest.skip("xgettext (Debian package gettext) is not installed: extraction check skipped")
    app_dir = EQIAO_ROOT / app
    committed = app_dir / "locale" / "en" / "LC_MESSAGES" / "django.po"
    copy = tmp_path / app
    shutil.copytree(app_dir, copy, ignore=shutil.ignore_patterns("locale", "__pycache__", "tests"))
    (copy / "locale").mkdir()
    subprocess.run(
        # -P: the app's own modules (selectors.py!) must not shadow the standard library.
        [
            sys.executable,
            "-P",
            "-m",
            "django",
            "makemessages",
            "-l",
            "en",
            "--no-obsolete",
            "--ignore",
            "tests/*",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "PYTHONPATH": str(Path(EQIAO_ROOT).parent),
            "PATH": "/usr/bin:/bin",
        },
    )
    extracted_path = copy / "locale" / "en" / "LC_MESSAGES" / "django.po"
    if not extracted_path.exists():
        return  # the app has no translatable strings
    extracted = {e.msgid for e in polib.pofile(str(extracted_path))}
    assert committed.exists(), f"{app} has translatable strings but no English catalogue"
    have = {e.msgid for e in polib.pofile(str(committed)) if not e.obsolete}
    assert not (extracted - have), (
        f"{app}: strings missing from the catalogue: {sorted(extracted - have)[:20]}"
    )


def test_no_translation_function_hides_under_another_name():
    """makemessages finds gettext_noop(…), _(…) and the other standard names only: a string
    marked through an alias such as N_ never reaches a catalogue, and the check above cannot
    see it."""
    alias = re.compile(r"import\s+.*\b(gettext_noop|ngettext|pgettext)\s+as\s+\w+")
    offenders = [
        str(path.relative_to(EQIAO_ROOT))
        for path in EQIAO_ROOT.rglob("*.py")
        if alias.search(path.read_text(encoding="utf-8"))
    ]
    assert not offenders, offenders
