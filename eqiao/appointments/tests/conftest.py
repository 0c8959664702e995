from __future__ import annotations

from types import SimpleNamespace

import pytest
import time_machine

from eqiao.appointments.kinds import AppointmentKind as K
from eqiao.appointments.tests.factories import NOW, make_case, make_lawyer, make_resource


@pytest.fixture
def clock():
    """The tests' present (Monday 2026-12-14 08:00 China time), ticking from there;
    `clock.move_to(moment)` moves it."""
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def desk(office_tree):
    """冠县院's lawyers' room (file review, meetings, submissions; two seats a slot) and the
    清水 outpost's reception desk (citizen kinds; one seat)."""
    t = office_tree
    lawyer = make_lawyer()
    return SimpleNamespace(
        tree=t,
        lawyers_room=make_resource(
            t.guanxian,
            name="律师阅卷室",
            kinds=[K.FILE_REVIEW, K.MEETING, K.SUBMISSION],
            capacity=2,
        ),
        reception=make_resource(
            t.qingshui, name="接待窗口", kinds=[K.WALK_IN, K.RECEPTION_DAY, K.VIDEO_RECEPTION]
        ),
        lawyer=lawyer,
        case=make_case(t.guanxian, counsel=lawyer),
    )


@pytest.fixture
def queued():
    """The SMS queued so far (the channels' outbound records, oldest first): in a test's
    transaction nothing is delivered, but what was queued is what the person will read."""
    from eqiao.channels.models import OutboundMessage

    def read():
        return list(OutboundMessage.objects.order_by("pk"))

    return read
