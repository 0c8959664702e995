"""Intake says what a notification is about; it names no page of the workbench (the
workbench registers the links), so the layers stay one-way even in strings."""

from __future__ import annotations

from pathlib import Path

INTAKE = Path(__file__).resolve().parent.parent


def test_intake_code_names_no_workbench_url():
    offenders = [
        str(path.relative_to(INTAKE))
        for path in INTAKE.rglob("*.py")
        if "tests" not in path.parts and "workbench:" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
