"""Staff corrections reach the text engine's trainer: workbench correction → export → train."""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO

from django.core.management import call_command

from eqiao.intake.models import ClassificationCorrection
from eqiao.intake.services.handling import petition_reclassify
from eqiao.intake.services.submission import petition_submit

TEXT = "我想问问律师会见在押人员需要带什么材料，能不能网上预约？"


def test_corrections_export_as_training_lines_newest_wins(office_tree):
    petition = petition_submit(
        kind="consultation", channel="web", content=TEXT, name="刘刚", phone="13906352222"
    ).petition
    actor = office_tree.city_head
    for category in ("consultation", "lawyer"):
        petition_reclassify(petition=petition, actor=actor, category=category, risk="low")
    out = StringIO()
    call_command("intake_export_corrections", stdout=out, stderr=StringIO())
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert lines == [{"text": lines[0]["text"], "category": "lawyer", "risk": "low"}]
    assert TEXT in lines[0]["text"]


def test_only_valid_labels_are_exported(office_tree):
    petition = petition_submit(
        kind="report", channel="web", content=TEXT, name="刘刚", phone="13906352222"
    ).petition
    petition_reclassify(
        petition=petition, actor=office_tree.city_head, category="report", risk="high"
    )
    # Rows typed as free text before the lists existed.
    for category, risk in (("duty_crime", "low"), ("report", "extreme"), ("职务犯罪", "high")):
        ClassificationCorrection.objects.create(
            petition=petition, text="x", category=category, risk=risk
        )
    out, err = StringIO(), StringIO()
    call_command("intake_export_corrections", stdout=out, stderr=err)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [(row["category"], row["risk"]) for row in lines] == [("report", "high")]
    assert "skipped 3" in err.getvalue()


def test_exported_corrections_train_a_model(office_tree, tmp_path):
    petition = petition_submit(
        kind="consultation", channel="web", content=TEXT, name="刘刚", phone="13906352222"
    ).petition
    petition_reclassify(
        petition=petition, actor=office_tree.city_head, category="lawyer", risk="low"
    )
    corrections = tmp_path / "corrections.jsonl"
    call_command("intake_export_corrections", output=str(corrections), stderr=StringIO())
    model = tmp_path / "model.json.gz"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "eqiao.cli",
            "text",
            "train",
            "--corrections",
            str(corrections),
            "--model",
            str(model),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert model.exists() and model.stat().st_size > 0
