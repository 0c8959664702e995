"""Public-opinion monitoring in the demo: a week of posts about the Liaocheng offices from
a news feed (RSS, parsed from the feed document as a poll would), an imported batch of a
monitoring vendor's export and the Weibo channel; the watch-list of the labelling policy;
the default alert rules; the events and alerts the worker makes of them; one event (the
accusation against 冠县's 张立新) run to closure with its response drafted."""

from __future__ import annotations

import datetime as dt
import json
import random
from email.utils import format_datetime
from xml.sax.saxutils import escape

from eqiao.channels.models import OutboundMessage
from eqiao.core.models import AuditEntry, Notification
from eqiao.offices.models import Procuratorate, Staff
from eqiao.opinion.lexicon import WATCH_NAMES
from eqiao.opinion.models import (
    OpinionAlert,
    OpinionEvent,
    OpinionPost,
    Source,
    SourceKind,
    WatchKind,
    WatchTerm,
)
from eqiao.opinion.services.alerts import NOTIFICATION_KIND, default_rules_create
from eqiao.opinion.services.feeds import feed_posts
from eqiao.opinion.services.ingest import posts_import, posts_ingest, source_get_or_create
from eqiao.opinion.services.process import analyzer_reset, posts_process
from eqiao.opinion.services.workflow import event_assess, event_close, event_guide, event_handle
from eqiao.publishing.models import Article

OFFICES = {
    "冠县": "冠县人民检察院",
    "临清": "临清市人民检察院",
    "莘县": "莘县人民检察院",
    "阳谷": "阳谷县人民检察院",
    "东阿": "东阿县人民检察院",
    "高唐": "高唐县人民检察院",
    "茌平": "茌平区人民检察院",
    "东昌府": "东昌府区人民检察院",
}
NEWS = [
    "{place}人民检察院开展“检察开放日”活动，邀请人大代表、政协委员走进检察院",
    "{place}人民检察院对一起非法采砂案提起公诉",
    "{place}人民检察院召开公开听证会，就一起轻伤害案件拟不起诉听取意见",
    "{place}人民检察院为困难当事人发放司法救助金",
    "{place}检察院就河道污染问题发出诉前检察建议，整改已完成",
]
PRAISE = [
    "{place}检察院给力👍 帮我们要回了工钱",
    "今天去{place}检察院12309窗口，工作人员特别耐心，点赞",
    "{place}检察院的检察官辛苦了，老父亲的申诉终于有了答复",
]
COMPLAINTS = [
    "打了三天12309都没人接，{place}检察院真是好效率啊",
    "{place}检察院的申诉回复能不能快点？材料交上去两个月了没动静",
    "{place}检察院窗口的人态度太差了，问两句就不耐烦",
]
NOISE = [
    "《人民的名义》重温第三遍，侯亮平检察官还是那么帅",
    "阳谷景阳冈今天人好多，烧饼真香",
    "东阿阿胶又涨价了，买不起了",
    "菏泽市检察院发布一批典型案例",
    "聊城公安提醒：警惕冒充公检法的诈骗电话",
    "冠县灵芝节开幕了，周末带娃去看看",
    "临清的轴承厂在招工，待遇还行",
    "高唐县医院体检中心排了两个小时",
    "歌手陈静新专辑今天上线",
]
ACCUSATION = (
    "【求扩散】冠县检察院的张立新收了对方的钱，把我哥的故意伤害案压着不起诉！打人的天天在村里晃悠"
)
WEIBO_COMMENTS = [
    "@聊城检察 冠县检察院什么时候给个说法？",
    "@聊城检察 临清检察院的开放日活动很有意思",
]


def _feed_document(items: list[tuple[str, str, dt.datetime]]) -> bytes:
    entries = "".join(
        f"<item><guid>{escape(guid)}</guid><title>{escape(title)}</title>"
        f"<link>https://news.example.cn/{escape(guid)}</link><pubDate>{format_datetime(at)}</pubDate></item>"
        for guid, title, at in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>聊城新闻</title>'
        f"{entries}</channel></rss>"
    ).encode()


def opinion_demo_create(*, now: dt.datetime) -> int:
    """Create the week of monitoring; returns the number of posts."""
    rng = random.Random(13)
    analyzer_reset()
    default_rules_create()
    offices = {o.name: o for o in Procuratorate.objects.all()}
    for name, office in WATCH_NAMES.items():
        WatchTerm.objects.get_or_create(
            kind=WatchKind.NAME,
            term=name,
            defaults={"office": offices.get(office), "note": "监测名单"},
        )
    WatchTerm.objects.get_or_create(
        kind=WatchKind.EXCLUSION, term="检察院路", defaults={"note": "街道名"}
    )
    start = now - dt.timedelta(days=7)

    def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
        return start + dt.timedelta(days=day, hours=hour, minutes=minute)

    # The news feed: one release a day from a different office.
    feed = Source.objects.create(
        code="liaocheng-news",
        name="聊城新闻网（RSS）",
        kind=SourceKind.RSS,
        url="https://news.example.cn/rss.xml",
        poll_minutes=15,
        active=False,  # a demo: no network; the feed document below is what a poll brings
        last_ok_at=now,
    )
    places = list(OFFICES)
    items = [
        (f"news-{d}", rng.choice(NEWS).format(place=places[d % len(places)]), at(d, 1))
        for d in range(7)
    ]
    posts_ingest(source=feed, posts=feed_posts(_feed_document(items)))

    # The vendor's export: a week of Weibo/forum posts, praise and complaints, noise.
    records = []
    for d in range(7):
        for k in range(10):
            place = rng.choice(places)
            pool = rng.choice([PRAISE, COMPLAINTS, NOISE, NOISE])
            records.append(
                {
                    "id": f"v{d}{k:02d}",
                    "text": rng.choice(pool).format(place=place),
                    "source": rng.choice(["weibo", "forum", "douyin"]),
                    "author": f"网友{rng.randrange(1000, 9999)}",
                    "posted_at": at(d, 2 + k).isoformat(),
                }
            )
    # Day 5: the accusation and its repost chain (a burst on the vendor's source).
    records.append(
        {"id": "acc-0", "text": ACCUSATION, "source": "weibo", "posted_at": at(5, 3).isoformat()}
    )
    for k in range(24):
        comment = rng.choice(["太过分了", "转发微博", "求真相", "细思极恐", "关注"])
        records.append(
            {
                "id": f"acc-{k + 1}",
                "text": f"{comment}//@网友{k}: {ACCUSATION}",
                "source": "weibo",
                "posted_at": at(5, 3, 5 + 2 * k).isoformat(),
            }
        )
    data = "\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode()
    posts_import(source_code="vendor-export", name="export.jsonl", data=data)
    Source.objects.filter(code="vendor-export").update(name="舆情服务商导出")

    weibo = source_get_or_create(code="weibo", kind=SourceKind.WEIBO, name="微博")
    from eqiao.opinion.services.ingest import PostInput

    posts_ingest(
        source=weibo,
        posts=[
            PostInput(source_post_id=f"wb-{i}", text=t, posted_at=at(6, 4 + i), platform="weibo")
            for i, t in enumerate(WEIBO_COMMENTS)
        ],
    )
    while posts_process():
        pass
    # What the worker stamped with the wall clock goes to when it would have happened.
    for post in OpinionPost.objects.all():
        OpinionPost.objects.filter(pk=post.pk).update(
            ingested_at=post.posted_at, analysed_at=post.posted_at + dt.timedelta(seconds=20)
        )
    for alert in OpinionAlert.objects.select_related("post"):
        when = (alert.post.posted_at if alert.post else now) + dt.timedelta(minutes=1)
        OpinionAlert.objects.filter(pk=alert.pk).update(created_at=when)
        Notification.objects.filter(target_kind=NOTIFICATION_KIND, target_id=alert.pk).update(
            created_at=when
        )
    _run_to_closure(now=now, at=at)
    OutboundMessage.objects.filter(purpose="opinion.alert", created_at__gt=now).update(
        created_at=at(5, 3, 6)
    )
    analyzer_reset()
    return OpinionPost.objects.count()


def _run_to_closure(*, now: dt.datetime, at) -> None:
    event = (
        OpinionPost.objects.filter(source_post_id="acc-0").values_list("event", flat=True).first()
    )
    if event is None:
        return
    event = OpinionEvent.objects.get(pk=event)
    analyst = Staff.objects.filter(user__username="city_analyst").first()
    head = Staff.objects.filter(user__username="guanxian_head").first()
    editor = Staff.objects.filter(user__username="city_editor").first()
    if not (analyst and head and editor):
        return
    event_assess(
        actor=analyst,
        event=event,
        risk_level="high",
        risk_note="具名指控检察官收受财物，转发量快速上升，需核查并及时回应。",
    )
    event_handle(
        actor=head,
        event=event,
        office=event.office or head.office,
        note="控告申诉部门核查案件办理情况，联系当事人家属。",
    )
    event_guide(
        actor=editor,
        event=event,
        title="关于网传冠县人民检察院办案人员收受财物一事的情况说明",
        body="经核查，网传信息与事实不符。该案正在依法审查中，我院将依法保障当事人合法权益。\n欢迎社会各界监督。",
    )
    event_close(
        actor=analyst,
        event=event,
        summary="经核查系不实信息，已发布情况说明，家属表示理解，舆情平息。",
    )
    steps = {
        "opinion.event_assess": at(5, 3, 40),
        "opinion.event_handle": at(5, 5),
        "opinion.event_guide": at(5, 8),
        "opinion.event_close": at(6, 2),
    }
    OpinionEvent.objects.filter(pk=event.pk).update(
        assessed_at=steps["opinion.event_assess"],
        handled_at=steps["opinion.event_handle"],
        guided_at=steps["opinion.event_guide"],
        closed_at=steps["opinion.event_close"],
    )
    # The services audit and write at the wall clock: date it all as the week tells it.
    for action, when in steps.items():
        AuditEntry.objects.filter(action=action, at__gt=now).update(at=when)
    AuditEntry.objects.filter(at__gt=now).update(at=steps["opinion.event_guide"])
    event.refresh_from_db()
    if event.article_id:
        Article.objects.filter(pk=event.article_id).update(
            created_at=steps["opinion.event_guide"], updated_at=steps["opinion.event_guide"]
        )
    OpinionAlert.objects.filter(event=event).update(
        acknowledged_at=at(5, 3, 30), acknowledged_by=analyst.user
    )
