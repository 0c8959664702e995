import datetime as dt

import pytest
import time_machine

# A run on 5 November 2026 follows up the records closed in October.
RUN_AT = dt.datetime(2026, 11, 5, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


@pytest.fixture
def at_run_time():
    with time_machine.travel(RUN_AT, tick=False) as traveller:
        yield traveller


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """`with commit(execute=True):` runs what a real commit would (tasks, deliveries)."""
    return django_capture_on_commit_callbacks
