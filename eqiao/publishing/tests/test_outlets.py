"""Outlets: each published article's outlets are recorded and retried; one that is down
blocks none of the others; withdrawal reaches those that support it; a schedule missed
while the worker was down publishes when it returns, once."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from eqiao.publishing.models import ArticleStatus, OutletState
from eqiao.publishing.outlets import (
    Outlet,
    OutletError,
    OutletResult,
    outlet_register,
    outlet_unregister,
)
from eqiao.publishing.selectors import review_tasks_for
from eqiao.publishing.services.publish import (
    article_withdraw,
    articles_publish_due,
    outlets_retry_due,
)
from eqiao.publishing.services.review import article_submit, review_decide
from eqiao.publishing.tests.conftest import write

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


class FlakyOutlet(Outlet):
    code = "weibo_fake"
    label = "微博（测试）"
    supports_withdraw = False

    def __init__(self):
        self.down = True
        self.calls = 0

    def publish(self, article):
        self.calls += 1
        if self.down:
            raise OutletError("503 Service Unavailable")
        return OutletResult(link=f"https://weibo.example/{article.pk}")


@pytest.fixture
def flaky():
    outlet = outlet_register(FlakyOutlet())
    yield outlet
    outlet_unregister(outlet.code)


def approved(desk, scheduled_at=None):
    article = article_submit(actor=desk.editor, article=write(desk, scheduled_at=scheduled_at))
    for actor in (desk.reviewer, desk.head):
        article = review_decide(actor=actor, task=review_tasks_for(staff=actor)[0], approve=True)
    return article


def test_a_down_outlet_is_retried_and_blocks_none_of_the_others(
    desk, flaky, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            article = approved(desk)
        rows = {r.outlet: r for r in article.outlets.all()}
        assert rows["portal"].state == OutletState.PUBLISHED
        assert rows["weibo_fake"].state == OutletState.FAILED
        assert rows["weibo_fake"].attempts == 1
        assert "503" in rows["weibo_fake"].last_error
    flaky.down = False
    with time_machine.travel(NOW + dt.timedelta(minutes=5), tick=False):
        outlets_retry_due()
    row = article.outlets.get(outlet="weibo_fake")
    assert (row.state, row.attempts, row.link) == (
        OutletState.PUBLISHED,
        2,
        f"https://weibo.example/{article.pk}",
    )


def test_withdrawal_reaches_the_outlets_that_support_it(
    desk, flaky, django_capture_on_commit_callbacks
):
    flaky.down = False
    with django_capture_on_commit_callbacks(execute=True):
        article = approved(desk)
    with django_capture_on_commit_callbacks(execute=True):
        article_withdraw(actor=desk.head, article=article, reason="案件信息有误")
    rows = {r.outlet: r.state for r in article.outlets.all()}
    assert rows == {"portal": OutletState.WITHDRAWN, "weibo_fake": OutletState.PUBLISHED}
    article.refresh_from_db()
    assert article.status == ArticleStatus.WITHDRAWN


def test_a_schedule_missed_while_the_worker_was_down_publishes_once_when_it_returns(
    desk, django_capture_on_commit_callbacks
):
    with time_machine.travel(NOW, tick=False):
        article = approved(desk, scheduled_at=NOW + dt.timedelta(hours=2))
        assert article.status == ArticleStatus.APPROVED
        assert articles_publish_due() == []  # not yet
    # The worker was down from 10:00 to 15:00; it comes back after the scheduled time.
    with time_machine.travel(NOW + dt.timedelta(hours=6), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert articles_publish_due() == [article.pk]
        assert articles_publish_due() == []  # a second run publishes nothing again
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED
    assert article.published_at == NOW + dt.timedelta(hours=6)
    assert timezone.localtime(article.published_at).hour == 15
