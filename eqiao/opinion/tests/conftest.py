"""Fixtures of the monitoring desk: the office tree, a duty analyst of the city office with
a mobile number, the default alert rules. Tests run in Chinese; the worker's in-memory
state is reset around each test."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.utils import translation

from eqiao.offices.models import Role
from eqiao.offices.tests.factories import make_staff
from eqiao.opinion.services.alerts import default_rules_create
from eqiao.opinion.services.process import analyzer_reset


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture(autouse=True)
def _fresh_worker():
    analyzer_reset()
    yield
    analyzer_reset()


@pytest.fixture
def desk(office_tree):
    t = office_tree
    default_rules_create()
    return SimpleNamespace(
        tree=t,
        analyst=make_staff(t.city, Role.OPINION_ANALYST, "city_analyst", mobile="13906350001"),
        head=t.guanxian_head,
        city_head=t.city_head,
        editor=t.guanxian_editor,
        receptionist=t.city_receptionist,
    )
