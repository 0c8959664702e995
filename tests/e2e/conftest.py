"""Headless Chromium (Debian's /usr/bin/chromium) driven by Playwright, against the live server."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("EQIAO_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-results"
# Chromium's own background traffic is refused on a closed network; keep it quiet.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


INSTALL_HINT = "install Debian's 'chromium' and 'fonts-wqy-microhei' to run the browser tests"


def running_in_ci(environ: Mapping[str, str]) -> bool:
    """CI sets CI=true (.ci/run runs with it); an empty, "0" or "false" value is not CI."""
    return environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def browser_unavailable(reason: str, *, ci: bool) -> None:
    """The browser test cannot run: on a developer's machine that is a skip that says what to
    install; in CI, which installs Chromium and the font itself, it is an error, so that a
    broken install can never pass as "all green"."""
    if ci:
        pytest.fail(f"CI must run the browser tests, but {reason}", pytrace=False)
    pytest.skip(f"{reason}: {INSTALL_HINT}")


def chinese_font_present() -> bool:
    """A CJK font, without which every Chinese page renders as boxes."""
    if not shutil.which("fc-list"):
        return False
    listed = subprocess.run(
        ["fc-list", ":lang=zh", "family"], capture_output=True, text=True, timeout=30
    )
    return listed.returncode == 0 and bool(listed.stdout.strip())


def browser_problem(chromium: str) -> str | None:
    if not (Path(chromium).exists() or shutil.which(chromium)):
        return f"Chromium was not found at {chromium}"
    if not chinese_font_present():
        return "no Chinese (CJK) font is installed (fc-list :lang=zh lists none)"
    return None


@pytest.fixture(scope="session")
def browser():
    ci = running_in_ci(os.environ)
    problem = browser_problem(CHROMIUM)
    if problem:
        browser_unavailable(problem, ci=ci)
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test still uses the ORM
    # synchronously between page actions, which is safe here.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as pw:
            try:
                browser = pw.chromium.launch(
                    executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
                )
            except PlaywrightError as exc:
                browser_unavailable(f"Chromium at {CHROMIUM} did not start: {exc}", ci=ci)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def phone(browser):
    """A phone-sized page, as a citizen would use it."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="zh-CN",
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def desk(browser):
    """A desktop page, as staff use the workbench; a fresh context per login."""
    contexts = []

    def open_page():
        context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        return page

    yield open_page
    for context in contexts:
        context.close()


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
