"""Workbench test helpers: log a staff member in (password and TOTP done), make petitions
through the real intake service."""

from __future__ import annotations

import pytest

from eqiao.intake.models import Channel, Kind
from eqiao.intake.services.submission import petition_submit
from eqiao.workbench.auth import OTP_OK_KEY


def login_as(client, staff):
    """A session as after a full login, second factor included."""
    client.force_login(staff.user)
    session = client.session
    session[OTP_OK_KEY] = True
    session.save()
    return client


@pytest.fixture
def as_staff(client):
    return lambda staff: login_as(client, staff)


def submit(office, *, content="村里的土地补偿款被村干部截留，请求检察院调查处理。", **fields):
    fields = {
        "kind": Kind.COMPLAINT,
        "channel": Channel.WEB,
        "name": "王建国",
        "phone": "13812345678",
        "id_number": "11010519491231002X",
        **fields,
    }
    return petition_submit(content=content, office=office, **fields).petition


@pytest.fixture
def petitions(office_tree):
    """One petition in each county, and one at the 清水 outpost."""
    return {
        "guanxian": submit(office_tree.guanxian, title="冠县的信访件"),
        "linqing": submit(office_tree.linqing, title="临清的信访件"),
        "qingshui": submit(office_tree.qingshui, title="清水的信访件"),
    }
