"""`eqiao text train` from an installed package: the wheel carries the labelled set, and
nothing at run time reads the source tree's tests/.

The wheel is built from a copy of the sources (no build/ or egg-info left in the work tree),
without network (no build isolation), unpacked into a folder as `pip install --target` would,
and run with that folder first on the path and the working directory elsewhere."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SOURCES = ("eqiao", "config", "pyproject.toml", "README.md")
LABELLED = "eqiao/text/data/messages.jsonl"


def _copy_sources(into: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo", "*.egg-info")
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, into / name, ignore=ignore)
        else:
            shutil.copy2(source, into / name)


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The package as a non-editable install: a wheel, unpacked."""
    work = tmp_path_factory.mktemp("wheel-build")
    src, dist, target = work / "src", work / "dist", work / "site"
    src.mkdir()
    _copy_sources(src)
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index"]
        + ["--quiet", "--wheel-dir", str(dist), str(src)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    (wheel,) = dist.glob("eqiao-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        assert LABELLED in archive.namelist()
        assert not [n for n in archive.namelist() if n.startswith("tests/")]
        archive.extractall(target)
    return target


def _run_installed(target: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONPATH"] = str(target)
    return subprocess.run(
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, timeout=600
    )


def test_train_runs_from_an_installed_package_with_its_own_labelled_set(installed, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = _run_installed(
        installed, elsewhere, "-c", "import eqiao.text.quality as q; print(q.LABELLED_PATH)"
    )
    assert Path(where.stdout.decode().strip()) == installed / LABELLED  # not the work tree

    corrections = elsewhere / "corrections.jsonl"
    corrections.write_text(
        json.dumps({"text": "办事很快，谢谢检察院", "category": "feedback", "risk": "low"}) + "\n",
        encoding="utf-8",
    )
    model = elsewhere / "model.json.gz"
    result = _run_installed(
        installed,
        elsewhere,
        "-m",
        "eqiao.cli",
        "text",
        "train",
        "--strict",
        "--corrections",
        str(corrections),
        "--model",
        str(model),
    )
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    assert "1 corrections" in result.stderr.decode()
    assert model.stat().st_size > 10_000
