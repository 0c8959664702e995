"""The decision the browser fixture makes when Chromium cannot run: a skip on a developer's
machine, an error in CI (which installs Chromium and the font, so a failure there is a bug)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.conftest import browser_problem, browser_unavailable, running_in_ci

ROOT = Path(__file__).resolve().parents[2]
JOURNEY = "tests/e2e/test_citizen_journey.py"


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"CI": "true"}, True),
        ({"CI": "1"}, True),
        ({}, False),
        ({"CI": ""}, False),
        ({"CI": "false"}, False),
    ],
)
def test_ci_is_recognised_from_the_environment(environ, expected):
    assert running_in_ci(environ) is expected


def test_in_ci_a_browser_that_cannot_run_is_an_error():
    with pytest.raises(pytest.fail.Exception, match="CI must run the browser tests"):
        browser_unavailable("Chromium was not found at /usr/bin/chromium", ci=True)


def test_locally_a_browser_that_cannot_run_is_a_skip_saying_what_to_install():
    with pytest.raises(pytest.skip.Exception, match="fonts-wqy-microhei"):
        browser_unavailable("Chromium was not found at /usr/bin/chromium", ci=False)


def test_a_missing_chromium_is_named(tmp_path):
    missing = tmp_path / "no-chromium"
    assert browser_problem(str(missing)) == f"Chromium was not found at {missing}"


def test_in_ci_a_chromium_that_does_not_start_fails_the_browser_test(tmp_path):
    # The real fixture, in a pytest of its own (the skip locally is the unit test above).
    broken = tmp_path / "chromium"
    broken.write_text("#!/bin/sh\necho 'cannot open display' >&2\nexit 1\n")
    broken.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k not in {"CI", "PYTEST_XDIST_WORKER"}}
    env.update({"CI": "true", "EQIAO_CHROMIUM": str(broken)})
    result = subprocess.run(
        [sys.executable, "-m", "pytest", JOURNEY, "-q", "-n", "0", "-p", "no:cacheprovider"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode != 0
    assert "1 error" in result.stdout, result.stdout[-2000:]
    assert "CI must run the browser tests" in result.stdout
    assert "did not start" in result.stdout
