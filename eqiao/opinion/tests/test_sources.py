"""Feeds and platform search APIs against the loopback fake server."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from eqiao.opinion.fake_server import FakeOpinionServer
from eqiao.opinion.models import OpinionPost, Source, SourceKind
from eqiao.opinion.services.feeds import sources_poll_due

NOW = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture
def server():
    fake = FakeOpinionServer().start()
    yield fake
    fake.stop()


def test_a_feed_is_polled_on_its_schedule_with_a_conditional_get(server):
    server.publish(
        id="n1", title="冠县检察院开展检察开放日", summary="<p>中学生走进检察院</p>", published=NOW
    )
    feed = Source.objects.create(
        code="news",
        name="聊城新闻",
        kind=SourceKind.RSS,
        url=server.url + "/feed.xml",
        poll_minutes=15,
    )
    with time_machine.travel(NOW, tick=False):
        assert sources_poll_due() == 1
    post = OpinionPost.objects.get()
    assert post.text == "冠县检察院开展检察开放日 中学生走进检察院"
    assert post.posted_at == NOW and post.source_post_id == "n1"
    with time_machine.travel(NOW + dt.timedelta(minutes=5), tick=False):
        assert sources_poll_due() == 0  # not due yet
    assert len(server.requests) == 1
    with time_machine.travel(NOW + dt.timedelta(minutes=16), tick=False):
        assert sources_poll_due() == 0  # unchanged: 304
    assert server.requests[-1][1].get("If-None-Match") == '"v1"'
    server.publish(id="n2", title="临清检察院召开听证会", published=NOW)
    with time_machine.travel(NOW + dt.timedelta(minutes=32), tick=False):
        assert sources_poll_due() == 1
    feed.refresh_from_db()
    assert feed.failures == 0 and feed.etag == '"v2"'


def test_a_failing_source_backs_off_and_does_not_block_the_others(server):
    server.publish(id="n1", title="莘县检察院发布典型案例", published=NOW)
    broken = Source.objects.create(
        code="broken",
        name="坏源",
        kind=SourceKind.RSS,
        url=server.url + "/broken.xml",
        poll_minutes=10,
    )
    Source.objects.create(
        code="good", name="好源", kind=SourceKind.RSS, url=server.url + "/feed.xml"
    )
    Source.objects.create(
        code="gone", name="无此站", kind=SourceKind.RSS, url="http://127.0.0.1:9/feed.xml"
    )
    with time_machine.travel(NOW, tick=False):
        assert sources_poll_due() == 1
    broken.refresh_from_db()
    assert broken.failures == 1 and broken.last_error == "HTTP 500"
    assert broken.next_poll_at == NOW + dt.timedelta(minutes=20)
    with time_machine.travel(NOW + dt.timedelta(minutes=21), tick=False):
        sources_poll_due()
    broken.refresh_from_db()
    assert broken.failures == 2
    assert broken.next_poll_at == NOW + dt.timedelta(minutes=21 + 40)


def test_a_platform_search_api_brings_in_matching_posts(server):
    server.search_posts = [
        {
            "id": "w1",
            "text": "聊城检察的反诈视频拍得好",
            "author": "网友甲",
            "posted_at": "2026-12-07T08:00:00+08:00",
        },
        {"id": "w2", "text": "今天东昌湖风好大", "author": "网友乙"},
    ]
    Source.objects.create(
        code="weibo-search",
        name="微博搜索",
        kind=SourceKind.SEARCH,
        url=server.url + "/search",
        query="检察",
    )
    with time_machine.travel(NOW, tick=False):
        assert sources_poll_due() == 1
    post = OpinionPost.objects.get()
    assert post.author == "网友甲" and post.posted_at == dt.datetime(2026, 12, 7, tzinfo=dt.UTC)
