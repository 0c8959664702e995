"""Posts in, through the worker, to events and alerts (database, immediate tasks)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from eqiao.channels.models import OutboundMessage
from eqiao.channels.services.inbound import inbound_dispatch
from eqiao.core.errors import ApplicationError
from eqiao.opinion.models import (
    AlertColour,
    OpinionAlert,
    OpinionEvent,
    OpinionPost,
    Source,
    WatchKind,
    WatchTerm,
)
from eqiao.opinion.services.alerts import alert_acknowledge, alerts_escalate
from eqiao.opinion.services.ingest import (
    PostInput,
    posts_import,
    posts_ingest,
    source_get_or_create,
)
from eqiao.opinion.services.process import posts_process

NOW = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)
ACCUSATION = "冠县检察院的张立新收了对方的钱，把我哥的案子压下来了，求扩散！"

pytestmark = pytest.mark.django_db


def ingest(texts: list[str], code: str = "feed") -> Source:
    source = source_get_or_create(code=code, kind="import")
    posts_ingest(
        source=source,
        posts=[
            PostInput(source_post_id=f"{code}-{i}", text=t, posted_at=NOW + dt.timedelta(minutes=i))
            for i, t in enumerate(texts)
        ],
    )
    while posts_process():  # the worker (the task runs on commit, which tests do not reach)
        pass
    return source


def test_ingested_posts_are_analysed_by_the_worker_and_reposts_add_reach(desk):
    with time_machine.travel(NOW, tick=False):
        ingest(
            [
                ACCUSATION,
                "太黑了//@甲: " + ACCUSATION,
                "转发微博//@乙: 太黑了//@甲: " + ACCUSATION,
                "《人民的名义》里的侯亮平检察官太帅了",
            ]
        )
    posts = list(OpinionPost.objects.order_by("source_post_id"))
    assert all(p.analysed_at is not None for p in posts)
    original, repost, second, drama = posts
    assert original.relevant and original.severity == "major" and original.reach == 3
    assert repost.dup_of == original and second.dup_of == original
    assert drama.relevant is False and drama.event is None
    event = original.event
    assert event is not None and repost.event == event and second.event == event
    assert event.office == desk.tree.guanxian
    assert event.posts_count == 3 and event.severity == "major"


def test_ingesting_enqueues_the_worker_when_the_transaction_commits(
    desk, django_capture_on_commit_callbacks
):
    source = source_get_or_create(code="feed", kind="import")
    with django_capture_on_commit_callbacks(execute=True):
        posts_ingest(source=source, posts=[PostInput(source_post_id="1", text=ACCUSATION)])
    post = OpinionPost.objects.get()
    assert post.analysed_at is not None and post.severity == "major"


def test_the_same_post_again_is_not_stored_twice(desk):
    source = ingest(["冠县检察院给力👍"])
    created, skipped = posts_ingest(
        source=source, posts=[PostInput(source_post_id="feed-0", text="冠县检察院给力👍")]
    )
    assert (created, skipped) == (0, 1)
    assert OpinionPost.objects.count() == 1


def test_a_major_post_alerts_the_duty_analyst_and_the_office_head_by_sms(desk):
    with time_machine.travel(NOW, tick=False):
        ingest([ACCUSATION])
    alerts = list(OpinionAlert.objects.order_by("pk"))
    colours = {a.rule.trigger: a.colour for a in alerts}
    assert colours["major_post"] == AlertColour.ORANGE
    assert colours["watch_name"] == AlertColour.BLUE
    major = next(a for a in alerts if a.rule.trigger == "major_post")
    phones = set(
        OutboundMessage.objects.filter(ref=str(major.pk)).values_list("recipient", flat=True)
    )
    assert phones == {desk.analyst.mobile, desk.head.mobile}


def test_a_fast_growing_repost_chain_raises_the_red_alert(desk):
    with time_machine.travel(NOW, tick=False):
        ingest([ACCUSATION])
        assert OpinionAlert.objects.filter(colour=AlertColour.ORANGE).count() == 1
        assert not OpinionAlert.objects.filter(colour=AlertColour.RED).exists()
        ingest([f"太过分了{i}//@网友{i}: " + ACCUSATION for i in range(50)], code="reposts")
    assert OpinionAlert.objects.filter(colour=AlertColour.RED).count() == 1
    assert OpinionAlert.objects.filter(colour=AlertColour.ORANGE).count() == 1


def test_an_alert_not_acknowledged_in_time_escalates_once_to_the_heads(desk):
    with time_machine.travel(NOW, tick=False):
        ingest([ACCUSATION])
    major = OpinionAlert.objects.get(rule__trigger="major_post")
    assert alerts_escalate(NOW + dt.timedelta(minutes=29)) == 0
    with time_machine.travel(NOW + dt.timedelta(minutes=31), tick=False):
        assert alerts_escalate() >= 1
        assert alerts_escalate() == 0
    major.refresh_from_db()
    assert major.escalated_at is not None
    sent = set(
        OutboundMessage.objects.filter(
            template="opinion.escalation", ref=str(major.pk)
        ).values_list("recipient", flat=True)
    )
    assert sent == {desk.head.mobile, desk.city_head.mobile}


def test_an_acknowledged_alert_does_not_escalate(desk):
    with time_machine.travel(NOW, tick=False):
        ingest([ACCUSATION])
    alerts = list(OpinionAlert.objects.all())
    for alert in alerts:
        alert_acknowledge(actor=desk.analyst, alert=alert)
    assert alerts_escalate(NOW + dt.timedelta(days=1)) == 0
    with pytest.raises(ApplicationError):
        alert_acknowledge(actor=desk.analyst, alert=alerts[0])


def test_only_holders_of_opinion_analyse_acknowledge(desk):
    with time_machine.travel(NOW, tick=False):
        ingest([ACCUSATION])
    with pytest.raises(ApplicationError):
        alert_acknowledge(actor=desk.receptionist, alert=OpinionAlert.objects.first())


def test_watch_terms_in_the_database_change_what_the_worker_finds(desk):
    WatchTerm.objects.create(kind=WatchKind.KEYWORD, term="红星小区集资案")
    ingest(["红星小区集资案的钱到底什么时候退"])
    post = OpinionPost.objects.get()
    assert post.relevant is True
    assert any(r.startswith("keyword:") for r in post.reasons)


def test_a_new_worker_remembers_the_posts_analysed_before(desk):
    from eqiao.opinion.services.process import analyzer_reset

    with time_machine.travel(NOW, tick=False):
        ingest([ACCUSATION])
        analyzer_reset()  # another worker process, started afresh
        ingest(["转发微博//@丙: " + ACCUSATION], code="other")
    original = OpinionPost.objects.get(source__code="feed")
    repost = OpinionPost.objects.get(source__code="other")
    assert repost.dup_of == original and repost.event == original.event


def test_import_of_jsonl_and_csv_is_idempotent_and_names_a_bad_line(desk):
    jsonl = (
        '{"id": "x1", "text": "冠县检察院给力", "posted_at": "2026-12-06 10:00"}\n'
        '{"id": "x2", "text": "临清检察院态度太差了"}\n'
    ).encode()
    assert posts_import(source_code="vendor", name="a.jsonl", data=jsonl) == (2, 0)
    assert posts_import(source_code="vendor", name="a.jsonl", data=jsonl) == (0, 2)
    csv_data = "id,text,author\nc1,莘县检察院的听证会很规范,老王\n".encode()
    assert posts_import(source_code="vendor", name="b.csv", data=csv_data) == (1, 0)
    assert OpinionPost.objects.get(source_post_id="c1").author == "老王"
    with pytest.raises(ApplicationError, match="第 2 条：缺少正文"):
        posts_import(
            source_code="vendor", name="c.jsonl", data=b'{"id": "y1", "text": "a"}\n{"id": "y2"}\n'
        )
    assert not OpinionPost.objects.filter(source_post_id="y1").exists()


def test_weibo_comments_from_the_channel_become_posts(desk):
    with time_machine.travel(NOW, tick=False):
        record = inbound_dispatch(
            channel="weibo",
            provider="weibo_fake",
            provider_message_id="cmt-1",
            sender="weibo:user42",
            text="@聊城检察 冠县检察院办事太慢了，三个月没人理",
        )
    assert record.handler == "opinion.weibo"
    posts_process()
    post = OpinionPost.objects.get(source__code="weibo")
    assert post.source_post_id == "cmt-1" and post.relevant is True
    assert post.posted_at == NOW and post.sentiment == "negative"


def test_processing_with_nothing_pending_does_nothing(desk):
    assert posts_process() == 0
    assert OpinionEvent.objects.count() == 0
    assert timezone.now()  # the clock is not needed
