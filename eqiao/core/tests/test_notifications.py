"""A notification names its target; the layer owning the page turns it into a link."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from eqiao.core.models import Notification, User
from eqiao.core.notifications import (
    notification_create,
    notification_link,
    notification_link_register,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return User.objects.create_user(username="u1", password="x")


def test_a_registered_kind_resolves_and_an_unknown_one_falls_back_to_the_stored_url(user):
    notification_link_register("test.thing", lambda pk: f"/things/{pk}/")
    note = notification_create(recipient=user, text="有事", target_kind="test.thing", target_id=7)
    assert notification_link(note) == "/things/7/"
    legacy = Notification.objects.create(recipient=user, text="旧通知", url="/staff/old/")
    assert notification_link(legacy) == "/staff/old/"
    plain = notification_create(recipient=user, text="无链接")
    assert notification_link(plain) == ""


def test_the_workbench_registers_its_pages(user):
    note = notification_create(recipient=user, text="信访件", target_kind="petition", target_id=5)
    assert notification_link(note) == "/staff/petitions/5/"
    digest = notification_create(recipient=user, text="提醒", target_kind="queue.overdue")
    assert notification_link(digest) == "/staff/?due=overdue"


def test_existing_rows_get_targets_from_their_urls(user):
    migration = importlib.import_module("eqiao.core.migrations.0004_notification_target")
    rows = {
        "/staff/petitions/12/": ("petition", 12),
        "/staff/alerts/3/": ("alert", 3),
        "/staff/plans/4/": ("plan", 4),
        "/staff/?due=overdue": ("queue.overdue", None),
        "/somewhere/else/": ("", None),
    }
    notes = {url: Notification.objects.create(recipient=user, text=url, url=url) for url in rows}
    migration.targets_from_urls(apps, None)
    for url, (kind, target_id) in rows.items():
        note = Notification.objects.get(pk=notes[url].pk)
        assert (note.target_kind, note.target_id) == (kind, target_id)
        assert notification_link(note) == url  # the same page as before
