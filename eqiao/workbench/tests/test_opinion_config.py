"""Configuring the monitoring desk from the workbench: sources with their health, a test
fetch that stores nothing, fetch now; the watch-list with its match preview and bulk paste;
the alert rules; the reports. Bad input gets a clear Chinese error; every change is audited;
only holders of `opinion.configure` at the city office change what serves every office."""

from __future__ import annotations

import datetime as dt

import pypdfium2 as pdfium
import pytest
import time_machine
from django.utils import translation

from eqiao.core.models import AuditEntry
from eqiao.offices.models import Role
from eqiao.offices.tests.factories import make_staff
from eqiao.opinion.fake_server import FakeOpinionServer
from eqiao.opinion.models import AlertRule, OpinionPost, Source, SourceKind, WatchTerm
from eqiao.opinion.services.alerts import default_rules_create
from eqiao.opinion.services.ingest import PostInput, posts_ingest, source_get_or_create
from eqiao.opinion.services.process import analyzer_reset, posts_process
from eqiao.workbench.tests.conftest import login_as

NOW = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)
ACCUSATION = "冠县检察院的张立新收了对方的钱，把我哥的案子压下来了，求扩散！"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chinese():
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def monitored(office_tree):
    analyzer_reset()
    default_rules_create()
    source = source_get_or_create(code="forum", kind="import", name="聊城论坛")
    texts = [ACCUSATION, "太黑了//@甲: " + ACCUSATION, "临清检察院开展检察开放日活动"]
    with time_machine.travel(NOW, tick=False):
        posts_ingest(
            source=source,
            posts=[
                PostInput(source_post_id=str(i), text=t, posted_at=NOW) for i, t in enumerate(texts)
            ],
        )
        posts_process()
    office_tree.analyst = make_staff(office_tree.city, Role.OPINION_ANALYST, "city_analyst")
    yield office_tree
    analyzer_reset()


@pytest.fixture
def server():
    fake = FakeOpinionServer().start()
    yield fake
    fake.stop()


def _page(response) -> str:
    return response.content.decode()


def _actions() -> list[str]:
    entries = AuditEntry.objects.filter(action__startswith="opinion.").order_by("pk")
    return list(entries.values_list("action", flat=True))


# -- permissions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/staff/opinion/sources/",
        "/staff/opinion/sources/new/",
        "/staff/opinion/terms/",
        "/staff/opinion/terms/bulk/",
        "/staff/opinion/rules/",
        "/staff/opinion/rules/new/",
    ],
)
def test_staff_without_opinion_configure_are_refused(client, monitored, url):
    login_as(client, monitored.city_receptionist)
    response = client.get(url)
    assert response.status_code == 403 and "配置舆情监测" in _page(response)
    # Editors watch the dashboard (opinion.analyse) but do not configure it.
    login_as(client, monitored.guanxian_editor)
    assert client.get("/staff/opinion/").status_code == 200
    assert client.get(url).status_code == 403


def test_the_analysts_tabs_lead_to_the_configuration_pages(client, monitored):
    login_as(client, monitored.analyst)
    with time_machine.travel(NOW + dt.timedelta(hours=1), tick=False):
        page = _page(client.get("/staff/opinion/"))
    for url in ("/staff/opinion/sources/", "/staff/opinion/terms/", "/staff/opinion/rules/"):
        assert f'href="{url}"' in page
    assert "/staff/opinion/reports/daily.pdf" in page


def test_administrators_can_still_grant_every_role(monitored):
    from eqiao.offices.services import staff_roles_grantable

    assert set(staff_roles_grantable(actor=monitored.city_admin)) == set(Role.values)


# -- sources -------------------------------------------------------------------------------


def test_the_source_list_shows_each_sources_health(client, monitored):
    Source.objects.create(
        code="news",
        name="聊城新闻网",
        kind=SourceKind.RSS,
        url="http://127.0.0.1:9/feed.xml",
        failures=3,
        last_error="HTTP 500",
        last_ok_at=NOW - dt.timedelta(hours=5),
        next_poll_at=NOW + dt.timedelta(hours=2),
    )
    login_as(client, monitored.analyst)
    with time_machine.travel(NOW, tick=False):
        page = _page(client.get("/staff/opinion/sources/"))
    assert "聊城新闻网" in page and "连续失败 3 次" in page and "HTTP 500" in page
    assert "12-07 12:00" in page  # last success, Beijing time
    assert "12-07 19:00" in page  # next poll
    assert "聊城论坛" in page and "3 / 3" in page  # posts this week / in all


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"url": "ftp://example.org/feed"}, "抓取地址不正确"),
        ({"url": "feed.xml"}, "抓取地址不正确"),
        ({"url": ""}, "请填写抓取地址"),
        ({"poll_minutes": "1"}, "抓取间隔须在 5 到 1440 分钟之间"),
        ({"poll_minutes": "5000"}, "抓取间隔须在 5 到 1440 分钟之间"),
        ({"poll_minutes": "abc"}, "请填写整数"),
        ({"code": "聊城 新闻"}, "代码只能由字母、数字、连字符和下划线组成"),
        ({"code": "forum"}, "代码“forum”已被来源“聊城论坛”使用"),
        ({"kind": "search", "query": ""}, "平台搜索接口须填写搜索词"),
        ({"name": "  "}, "请填写来源名称"),
    ],
)
def test_a_bad_source_is_refused_with_a_clear_error(client, monitored, fields, message):
    login_as(client, monitored.analyst)
    data = {
        "code": "news",
        "name": "聊城新闻网",
        "kind": "rss",
        "url": "https://news.example.org/feed.xml",
        "poll_minutes": "15",
        "active": "on",
        "action": "save",
        **fields,
    }
    response = client.post("/staff/opinion/sources/new/", data)
    assert response.status_code == 400
    assert message in _page(response)
    assert not Source.objects.filter(name="聊城新闻网").exists()


def test_a_source_is_created_edited_and_audited(client, monitored):
    login_as(client, monitored.analyst)
    response = client.post(
        "/staff/opinion/sources/new/",
        {
            "code": "news",
            "name": "聊城新闻网",
            "kind": "rss",
            "url": "https://news.example.org/feed.xml",
            "poll_minutes": "30",
            "active": "on",
            "action": "save",
        },
    )
    assert response.status_code == 302
    source = Source.objects.get(code="news")
    assert source.poll_minutes == 30 and source.active and source.next_poll_at is not None
    Source.objects.filter(pk=source.pk).update(etag='"v7"')
    response = client.post(
        f"/staff/opinion/sources/{source.pk}/",
        {
            "name": "聊城新闻",
            "url": "https://news.example.org/atom.xml",
            "poll_minutes": "60",
            "action": "save",
        },
    )
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.name == "聊城新闻" and source.poll_minutes == 60
    assert source.etag == ""  # a new address is read in full
    assert _actions() == ["opinion.source_create", "opinion.source_update"]
    entry = AuditEntry.objects.get(action="opinion.source_update")
    assert entry.detail["changed"]["poll_minutes"] == [30, 60]


def test_a_test_fetch_shows_the_entries_and_stores_nothing(client, monitored, server):
    server.publish(id="n1", title="冠县检察院开展检察开放日", summary="中学生走进检察院")
    server.publish(id="n2", title="临清检察院召开公开听证会")
    login_as(client, monitored.analyst)
    response = client.post(
        "/staff/opinion/sources/new/",
        {
            "code": "news",
            "name": "聊城新闻网",
            "kind": "rss",
            "url": server.url + "/feed.xml",
            "poll_minutes": "15",
            "action": "probe",
        },
    )
    page = _page(response)
    assert response.status_code == 200
    assert "试抓取：共 2 条（未保存）" in page
    assert "冠县检察院开展检察开放日 中学生走进检察院" in page
    assert not Source.objects.filter(code="news").exists()
    assert OpinionPost.objects.count() == 3  # only the fixture's


def test_a_failing_test_fetch_says_why(client, monitored, server):
    login_as(client, monitored.analyst)
    response = client.post(
        "/staff/opinion/sources/new/",
        {
            "code": "broken",
            "name": "坏源",
            "kind": "rss",
            "url": server.url + "/broken.xml",
            "poll_minutes": "15",
            "action": "probe",
        },
    )
    assert response.status_code == 400 and "试抓取失败：HTTP 500" in _page(response)


def test_a_search_source_test_fetch_uses_its_query(client, monitored, server):
    server.search_posts = [
        {"id": "w1", "text": "聊城检察机关开展扫黑除恶宣传", "author": "网友甲"},
        {"id": "w2", "text": "今天天气不错"},
    ]
    source = Source.objects.create(
        code="search", name="平台搜索", kind=SourceKind.SEARCH, url=server.url + "/search"
    )
    login_as(client, monitored.analyst)
    response = client.post(
        f"/staff/opinion/sources/{source.pk}/",
        {
            "name": "平台搜索",
            "url": server.url + "/search",
            "query": "检察",
            "poll_minutes": "15",
            "action": "probe",
        },
    )
    page = _page(response)
    assert "试抓取：共 1 条" in page and "扫黑除恶" in page and "天气" not in page
    source.refresh_from_db()
    assert source.query == ""  # a test fetch saves nothing


def test_fetch_now_queues_the_poll_and_the_posts_arrive(
    client, monitored, server, django_capture_on_commit_callbacks
):
    server.publish(id="n1", title="冠县检察院开展检察开放日")
    source = Source.objects.create(
        code="news",
        name="聊城新闻网",
        kind=SourceKind.RSS,
        url=server.url + "/feed.xml",
        next_poll_at=NOW + dt.timedelta(days=1),
    )
    login_as(client, monitored.analyst)
    with (
        time_machine.travel(NOW, tick=False),
        django_capture_on_commit_callbacks(execute=True) as queued,
    ):
        response = client.post(f"/staff/opinion/sources/{source.pk}/fetch/", follow=True)
    assert queued[0].__name__ == "_enqueue_poll"  # then the poll queues the analysis
    assert "已安排立即抓取" in _page(response)
    # The test settings run tasks at once: the poll has happened.
    assert OpinionPost.objects.filter(source=source).count() == 1
    source.refresh_from_db()
    assert source.last_ok_at is not None and "opinion.source_fetch" in _actions()


def test_pause_resume_and_delete(client, monitored):
    login_as(client, monitored.analyst)
    forum = Source.objects.get(code="forum")
    empty = Source.objects.create(
        code="empty", name="空来源", kind=SourceKind.RSS, url="https://example.org/rss"
    )
    client.post(f"/staff/opinion/sources/{empty.pk}/pause/")
    empty.refresh_from_db()
    assert not empty.active
    response = client.post(f"/staff/opinion/sources/{empty.pk}/pause/", follow=True)
    assert "该来源已暂停" in _page(response)
    response = client.post(f"/staff/opinion/sources/{empty.pk}/fetch/", follow=True)
    assert "请先恢复" in _page(response)
    client.post(f"/staff/opinion/sources/{empty.pk}/resume/")
    empty.refresh_from_db()
    assert empty.active
    client.post(f"/staff/opinion/sources/{empty.pk}/delete/")
    assert not Source.objects.filter(pk=empty.pk).exists()
    # A source with posts keeps them: it is paused instead of deleted.
    response = client.post(f"/staff/opinion/sources/{forum.pk}/delete/", follow=True)
    assert "不能删除，已改为暂停" in _page(response)
    forum.refresh_from_db()
    assert not forum.active
    response = client.post(f"/staff/opinion/sources/{forum.pk}/fetch/", follow=True)
    assert "不能主动抓取" in _page(response)
    assert _actions() == [
        "opinion.source_pause",
        "opinion.source_resume",
        "opinion.source_delete",
        "opinion.source_pause",
    ]


def test_a_county_analyst_sees_sources_but_cannot_change_them(client, monitored):
    county = make_staff(monitored.guanxian, Role.OPINION_ANALYST, "gx_analyst")
    login_as(client, county)
    page = _page(client.get("/staff/opinion/sources/"))
    assert "聊城论坛" in page and "添加来源" not in page
    forum = Source.objects.get(code="forum")
    response = client.post(f"/staff/opinion/sources/{forum.pk}/pause/", follow=True)
    assert "无权办理" in _page(response)
    forum.refresh_from_db()
    assert forum.active
    response = client.post(
        "/staff/opinion/sources/new/",
        {"code": "x", "name": "X", "kind": "import", "poll_minutes": "15", "action": "save"},
    )
    assert response.status_code == 400 and "无权办理" in _page(response)


def test_an_unknown_source_or_action_is_not_found(client, monitored):
    login_as(client, monitored.analyst)
    assert client.get("/staff/opinion/sources/99999/").status_code == 404
    forum = Source.objects.get(code="forum")
    assert client.post(f"/staff/opinion/sources/{forum.pk}/explode/").status_code == 404


# -- watch terms ---------------------------------------------------------------------------


def test_a_watch_term_is_added_with_its_recent_matches(client, monitored):
    login_as(client, monitored.analyst)
    with time_machine.travel(NOW + dt.timedelta(hours=1), tick=False):
        response = client.post(
            "/staff/opinion/terms/add/",
            {"kind": "name", "term": " 张立新 ", "office": monitored.guanxian.pk, "note": "公诉"},
            follow=True,
        )
        page = _page(response)
    assert "监测词“张立新”已添加；最近 30 天有 2 条信息含有该词" in page
    watch = WatchTerm.objects.get(term="张立新")
    assert watch.office == monitored.guanxian and watch.kind == "name"
    assert f'id="term-{watch.pk}"' in page
    assert _actions() == ["opinion.watch_term_add"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"term": "张"}, "太短，至少两个字"),
        ({"term": "   "}, "请填写监测词"),
        ({"term": "扫黑除恶"}, "监测词“扫黑除恶”已存在（案件关键词）"),
        (
            {"term": "人民的名义", "kind": "keyword"},
            "“人民的名义”已是排除词，不能同时作为案件关键词",
        ),
        ({"kind": "colour"}, "选择一个有效的选项"),
    ],
)
def test_a_bad_watch_term_is_refused(client, monitored, fields, message):
    WatchTerm.objects.create(kind="keyword", term="扫黑除恶")
    WatchTerm.objects.create(kind="exclusion", term="人民的名义")
    login_as(client, monitored.analyst)
    response = client.post("/staff/opinion/terms/add/", {"kind": "keyword", **fields})
    assert response.status_code == 400 and message in _page(response)
    assert WatchTerm.objects.count() == 2


def test_a_watch_term_is_edited_and_removed(client, monitored):
    watch = WatchTerm.objects.create(kind="keyword", term="扫黑")
    login_as(client, monitored.analyst)
    response = client.post(
        f"/staff/opinion/terms/{watch.pk}/", {"term": "扫黑除恶", "note": "专项", "office": ""}
    )
    assert response.status_code == 302
    watch.refresh_from_db()
    assert watch.term == "扫黑除恶" and not watch.active  # the box was left unticked
    client.post(f"/staff/opinion/terms/{watch.pk}/delete/")
    assert not WatchTerm.objects.exists()
    assert _actions() == ["opinion.watch_term_update", "opinion.watch_term_remove"]


def test_pasted_terms_are_previewed_then_added_skipping_known_ones(client, monitored):
    WatchTerm.objects.create(kind="name", term="王某某")
    login_as(client, monitored.analyst)
    lines = "张立新，冠县院\n\n王某某\n李  明\t临清院\n张立新\n"
    with time_machine.travel(NOW + dt.timedelta(hours=1), tick=False):
        response = client.post(
            "/staff/opinion/terms/bulk/", {"kind": "name", "lines": lines, "action": "preview"}
        )
    page = _page(response)
    assert response.status_code == 200 and 'id="preview"' in page
    assert '<td>张立新</td><td>冠县院</td><td class="num">2</td>' in page
    assert WatchTerm.objects.count() == 1  # a preview stores nothing
    response = client.post(
        "/staff/opinion/terms/bulk/", {"kind": "name", "lines": lines, "action": "add"}, follow=True
    )
    page = _page(response)
    assert "已添加 2 个监测词" in page and "已存在而跳过：王某某、张立新" in page
    assert set(WatchTerm.objects.values_list("term", flat=True)) == {"王某某", "张立新", "李 明"}
    assert WatchTerm.objects.get(term="李 明").note == "临清院"
    assert _actions().count("opinion.watch_term_add") == 2


def test_a_bad_pasted_line_names_its_number_and_stores_nothing(client, monitored):
    login_as(client, monitored.analyst)
    response = client.post(
        "/staff/opinion/terms/bulk/",
        {"kind": "keyword", "lines": "扫黑除恶\n好\n非法集资", "action": "add"},
    )
    assert response.status_code == 400 and "第 2 行：监测词“好”太短" in _page(response)
    assert not WatchTerm.objects.exists()
    too_many = "\n".join(f"词语{i}" for i in range(501))
    response = client.post(
        "/staff/opinion/terms/bulk/", {"kind": "keyword", "lines": too_many, "action": "add"}
    )
    assert response.status_code == 400 and "一次最多添加 500 个监测词" in _page(response)


def test_a_county_analyst_manages_only_their_offices_terms(client, monitored):
    county = make_staff(monitored.guanxian, Role.OPINION_ANALYST, "gx_analyst")
    city_term = WatchTerm.objects.create(kind="keyword", term="扫黑除恶")
    linqing_term = WatchTerm.objects.create(kind="name", term="李明", office=monitored.linqing)
    login_as(client, county)
    assert (
        client.post(
            "/staff/opinion/terms/add/",
            {"kind": "name", "term": "张立新", "office": monitored.guanxian.pk},
        ).status_code
        == 302
    )
    response = client.post("/staff/opinion/terms/add/", {"kind": "keyword", "term": "非法集资"})
    assert response.status_code == 400 and "无权办理" in _page(response)
    page = _page(client.get("/staff/opinion/terms/"))
    assert "扫黑除恶" in page and "张立新" in page and "李明" not in page
    assert client.get(f"/staff/opinion/terms/{linqing_term.pk}/").status_code == 404
    response = client.post(f"/staff/opinion/terms/{city_term.pk}/delete/", follow=True)
    assert "无权办理" in _page(response) and WatchTerm.objects.filter(pk=city_term.pk).exists()


# -- alert rules ---------------------------------------------------------------------------


def _rule(**fields):
    return {
        "name": "重大负面信息，传播量极大",
        "trigger": "major_post",
        "colour": "red",
        "min_reach": "500",
        "escalate_minutes": "10",
        "to_analysts": "on",
        "to_office_head": "on",
        "send_sms": "on",
        "escalate": "on",
        "active": "on",
        **fields,
    }


def test_the_rules_are_listed_and_a_rule_is_added(client, monitored):
    login_as(client, monitored.analyst)
    page = _page(client.get("/staff/opinion/rules/"))
    assert "重大负面信息，传播量大" in page and "信息量突增" in page and "红色" in page
    response = client.post("/staff/opinion/rules/new/", _rule())
    assert response.status_code == 302
    rule = AlertRule.objects.get(min_reach=500)
    assert rule.colour == "red" and rule.escalate_minutes == 10 and rule.send_sms
    assert _actions() == ["opinion.alert_rule_create"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": " "}, "请填写规则名称"),
        ({"trigger": ""}, "请选择触发条件"),
        ({"colour": "green"}, "请选择预警级别（红、橙、黄、蓝）"),
        ({"escalate_minutes": "0"}, "升级时间须在 5 到 10080 分钟之间"),
        ({"min_reach": "-1"}, "最低传播量须在 0 到 100000000 之间"),
        ({"min_reach": "50"}, "已有触发条件和最低传播量都相同的规则“重大负面信息，传播量大”"),
        ({"to_analysts": "", "to_office_head": ""}, "请至少选择一类接收人"),
        ({"recipients": "999999"}, "指定人员中有不存在或已停用的人员"),
    ],
)
def test_a_bad_rule_is_refused(client, monitored, fields, message):
    login_as(client, monitored.analyst)
    before = AlertRule.objects.count()
    response = client.post("/staff/opinion/rules/new/", _rule(**fields))
    assert response.status_code == 400 and message in _page(response)
    assert AlertRule.objects.count() == before


def test_a_rules_recipients_and_escalation_are_chosen_on_its_page(client, monitored):
    login_as(client, monitored.analyst)
    watch = AlertRule.objects.get(trigger="watch_name")
    named = monitored.analyst
    response = client.post(
        f"/staff/opinion/rules/{watch.pk}/",
        _rule(
            name="涉及监测人员",
            trigger="watch_name",
            colour="blue",
            min_reach="0",
            to_analysts="",
            to_office_head="",
            recipients=[str(named.pk)],
            send_sms="",
            escalate="",
        ),
    )
    assert response.status_code == 302
    watch.refresh_from_db()
    assert not (watch.to_analysts or watch.to_office_head or watch.send_sms or watch.escalate)
    assert list(watch.recipients.all()) == [named]
    page = _page(client.get("/staff/opinion/rules/"))
    assert named.full_name in page and "不升级" in page and "仅工作台" in page
    form = _page(client.get(f"/staff/opinion/rules/{watch.pk}/"))
    assert f'value="{named.pk}" selected' in form


def test_a_rule_is_edited_disabled_and_enabled(client, monitored):
    login_as(client, monitored.analyst)
    burst = AlertRule.objects.get(trigger="burst")
    response = client.post(
        f"/staff/opinion/rules/{burst.pk}/",
        _rule(
            name="信息量突增",
            trigger="burst",
            colour="orange",
            min_reach="0",
            escalate_minutes="45",
            send_sms="",
        ),
    )
    assert response.status_code == 302
    burst.refresh_from_db()
    assert burst.colour == "orange" and burst.escalate_minutes == 45 and not burst.send_sms
    response = client.post(f"/staff/opinion/rules/{burst.pk}/active/", {"active": "0"}, follow=True)
    page = _page(response)
    assert "已停用" in page and "“信息量突增”已没有启用的规则" in page
    burst.refresh_from_db()
    assert not burst.active
    response = client.post(f"/staff/opinion/rules/{burst.pk}/active/", {"active": "0"}, follow=True)
    assert "该规则已停用" in _page(response)
    client.post(f"/staff/opinion/rules/{burst.pk}/active/", {"active": "1"})
    burst.refresh_from_db()
    assert burst.active
    assert _actions() == [
        "opinion.alert_rule_update",
        "opinion.alert_rule_disable",
        "opinion.alert_rule_enable",
    ]


def test_a_county_analyst_cannot_change_the_rules(client, monitored):
    county = make_staff(monitored.guanxian, Role.OPINION_ANALYST, "gx_analyst")
    login_as(client, county)
    assert "添加规则" not in _page(client.get("/staff/opinion/rules/"))
    response = client.post("/staff/opinion/rules/new/", _rule())
    assert response.status_code == 400 and "无权办理" in _page(response)


# -- reports -------------------------------------------------------------------------------


def test_the_daily_report_pdf_names_the_days_events(client, monitored):
    login_as(client, monitored.analyst)
    response = client.get("/staff/opinion/reports/daily.pdf?day=2026-12-07")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdfium.PdfDocument(response.content)[0].get_textpage().get_text_range()
    assert "涉检舆情日报（2026-12-07）" in text and "冠县检察院的张立新" in text
    book = client.get("/staff/opinion/reports/weekly.xlsx?day=2026-12-07")
    assert book.status_code == 200 and book.content[:2] == b"PK"


def test_reports_refuse_bad_days_and_county_staff(client, monitored):
    login_as(client, monitored.analyst)
    response = client.get("/staff/opinion/reports/daily.pdf?day=12/07")
    assert response.status_code == 400 and "日期格式不正确" in _page(response)
    assert client.get("/staff/opinion/reports/monthly.pdf").status_code == 404
    county = make_staff(monitored.guanxian, Role.OPINION_ANALYST, "gx_analyst")
    login_as(client, county)
    assert client.get("/staff/opinion/reports/daily.pdf").status_code == 403


# -- query counts --------------------------------------------------------------------------


def _add_config_rows(office_tree, n: int, start: int) -> None:
    for i in range(start, start + n):
        source = Source.objects.create(
            code=f"feed{i}", name=f"订阅{i}", kind=SourceKind.RSS, url=f"https://e.org/{i}"
        )
        posts_ingest(source=source, posts=[PostInput(source_post_id="1", text=f"信息{i}")])
        WatchTerm.objects.create(kind="keyword", term=f"关键词{i}", office=office_tree.guanxian)
        AlertRule.objects.create(
            name=f"规则{i}", trigger="burst", colour="yellow", min_reach=100 + i
        )


@pytest.mark.parametrize(
    "url", ["/staff/opinion/sources/", "/staff/opinion/terms/", "/staff/opinion/rules/"]
)
def test_configuration_lists_read_a_bounded_number_of_queries(
    client, monitored, django_assert_max_num_queries, url
):
    login_as(client, monitored.analyst)
    _add_config_rows(monitored, 2, 0)
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        small = _page(client.get(url))
    _add_config_rows(monitored, 10, 2)
    with django_assert_max_num_queries(len(few.captured_queries)):
        large = _page(client.get(url))
    assert "订阅11" in large or "关键词11" in large or "规则11" in large
    assert len(large) > len(small)
