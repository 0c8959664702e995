"""Intake tests assert on the Chinese messages people read, so they run in Chinese even
when an earlier test in the same worker left another language active (a test-client
request through LocaleMiddleware with `en` does)."""

from __future__ import annotations

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield
