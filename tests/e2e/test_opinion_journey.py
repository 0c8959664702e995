"""The monitoring desk in a real browser: the dashboard draws its ECharts charts (volume,
sentiment split, top sources and events, key terms) with Chinese labels; an analyst runs an
event to closure through its page (研判 with a risk note → 处置: the county office, a linked
petition → 引导: a draft article → 总结), and the day's report PDF names the event. Then the
analyst adds a watch term and sees its recent matches."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest
from playwright.sync_api import expect

from eqiao.offices.models import Role
from eqiao.offices.tests.factories import make_staff
from eqiao.opinion.models import EventStatus, OpinionEvent, WatchTerm
from eqiao.opinion.services.alerts import default_rules_create
from eqiao.opinion.services.ingest import PostInput, posts_ingest, source_get_or_create
from eqiao.opinion.services.process import analyzer_reset, posts_process
from eqiao.workbench.tests.conftest import submit
from tests.e2e.conftest import screenshot
from tests.e2e.test_citizen_journey import _staff_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACCUSATION = "冠县检察院的张立新收了对方的钱，把我哥的案子压下来了，求扩散！"
TEXTS = [
    ACCUSATION,
    "太黑了//@甲: " + ACCUSATION,
    "转发微博//@乙: " + ACCUSATION,
    "临清检察院开展检察开放日活动，中学生走进检察院",
    "莘县检察院办理的欠薪案件，帮农民工讨回工资，点赞",
]


@pytest.fixture
def desk_data(office_tree):
    """Posts from two sources, analysed by the worker (here in the test's own thread)."""
    analyzer_reset()
    default_rules_create()
    forum = source_get_or_create(code="forum", kind="import", name="聊城论坛")
    weibo = source_get_or_create(code="weibo", kind="weibo", name="微博")
    posts_ingest(
        source=forum,
        posts=[PostInput(source_post_id=str(i), text=t) for i, t in enumerate(TEXTS[:3])],
    )
    posts_ingest(
        source=weibo,
        posts=[PostInput(source_post_id=str(i), text=t) for i, t in enumerate(TEXTS[3:])],
    )
    posts_process()
    yield office_tree
    analyzer_reset()


def _chart(page, dom_id: str) -> dict:
    """The option ECharts holds for the chart in `dom_id` (titles and data, as drawn)."""
    return page.evaluate(
        """(id) => {
            const chart = echarts.getInstanceByDom(document.getElementById(id));
            const option = chart.getOption();
            return {title: option.title[0].text, series: option.series.map(s => s.data),
                    yAxis: option.yAxis ? option.yAxis.map(a => a.data) : [],
                    xAxis: option.xAxis ? option.xAxis.map(a => a.data) : []};
        }""",
        dom_id,
    )


def test_the_dashboard_draws_its_charts_in_chinese(live_server, desk_data, desk):
    analyst = make_staff(desk_data.city, Role.OPINION_ANALYST, "city_analyst")
    page = desk()
    _staff_login(page, live_server.url, analyst, desk_data.password)
    page.goto(f"{live_server.url}/staff/opinion/")
    for dom_id in (
        "chart-volume",
        "chart-sentiment",
        "chart-sources",
        "chart-events",
        "chart-terms",
    ):
        expect(page.locator(f"#{dom_id} canvas").first).to_be_visible()
    volume = _chart(page, "chart-volume")
    assert volume["title"] == "涉检信息量" and sum(volume["series"][0]) >= 4
    sentiment = _chart(page, "chart-sentiment")
    assert sentiment["title"] == "情感分布"
    assert {d["name"] for d in sentiment["series"][0]} == {"正面", "中性", "负面"}
    sources = _chart(page, "chart-sources")
    assert sources["title"] == "来源" and set(sources["yAxis"][0]) == {"聊城论坛", "微博"}
    events = _chart(page, "chart-events")
    assert events["title"] == "热点事件（传播量）"
    assert any("张立新" in title for title in events["yAxis"][0])
    terms = _chart(page, "chart-terms")
    assert terms["title"] == "今日热词（出现次数）" and terms["xAxis"][0]
    assert all(isinstance(n, int) and n > 0 for n in terms["series"][0])
    page.wait_for_timeout(1500)  # let the charts' opening animation finish for the picture
    screenshot(page, "opinion-01-dashboard")


def test_an_analyst_runs_an_event_to_closure_and_reads_the_report(live_server, desk_data, desk):
    base = live_server.url
    analyst = make_staff(desk_data.city, [Role.OPINION_ANALYST, Role.EDITOR], "city_analyst")
    petition = submit(desk_data.guanxian, title="反映张立新办案不公")
    event = OpinionEvent.objects.get(posts__text=ACCUSATION)
    page = desk()
    _staff_login(page, base, analyst, desk_data.password)

    page.goto(f"{base}/staff/opinion/events/")
    page.get_by_role("link", name=event.title).click()
    expect(page.locator("h1")).to_have_text(event.title)

    # 研判: a risk level and a note; an empty note is refused first.
    page.select_option("#id_risk_level", "high")
    page.get_by_role("button", name="保存研判").click()
    expect(page.locator("#id_risk_note:invalid")).to_have_count(1)  # the browser asks first
    page.fill("#id_risk_note", "具名指控办案人员受贿，转发扩散快，风险高")
    page.get_by_role("button", name="保存研判").click()
    expect(page.locator("#flash")).to_contain_text("已保存")
    expect(page.locator(".facts")).to_contain_text("具名指控办案人员受贿")

    # 处置: the county office takes it, with the citizen's petition linked.
    page.select_option("#id_office", str(desk_data.guanxian.pk))
    page.fill("#id_note", "交冠县院核查，联系信访人")
    page.fill("#id_petition", "X-404")
    page.get_by_role("button", name="交办处置").click()
    expect(page.locator(".errorlist, .error").first).to_contain_text("找不到受理编号为 X-404")
    page.fill("#id_petition", petition.tracking_number)
    page.get_by_role("button", name="交办处置").click()
    expect(page.locator("#flash")).to_contain_text("已保存")
    expect(page.locator(".facts")).to_contain_text(petition.tracking_number)

    # 引导: a response drafted as an article (its title is offered).
    expect(page.locator("#id_title")).to_have_value(f"关于网传“{event.title[:40]}”的情况说明")
    page.fill("#id_body", "经核查，网传张立新受贿一事不属实。\n欢迎群众监督。")
    page.get_by_role("button", name="起草回应稿件").click()
    expect(page.locator("#flash")).to_contain_text("已保存")
    expect(page.locator(".facts")).to_contain_text("情况说明")

    # 总结: closed with a summary.
    page.fill("#id_summary", "经核查系谣言，已发布情况说明，信访人表示满意")
    page.get_by_role("button", name="办结").click()
    expect(page.locator(".facts")).to_contain_text("已办结")
    expect(page.locator(".facts")).to_contain_text("信访人表示满意")
    screenshot(page, "opinion-02-closed")
    event.refresh_from_db()
    assert event.status == EventStatus.CLOSED and event.petition == petition
    assert event.office == desk_data.guanxian and event.article is not None

    # The day's report, from the event page: a PDF that names the event and its summary.
    link = page.locator("#event-report a")
    expect(link).to_contain_text("舆情日报（PDF）")
    response = page.request.get(base + link.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    pdf = pdfium.PdfDocument(response.body())
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert "涉检舆情日报" in text and "冠县检察院的张立新" in text and "经核查系谣言" in text


def test_an_analyst_adds_a_watch_term_and_sees_its_matches(live_server, desk_data, desk):
    analyst = make_staff(desk_data.city, Role.OPINION_ANALYST, "city_analyst")
    page = desk()
    _staff_login(page, live_server.url, analyst, desk_data.password)
    page.goto(f"{live_server.url}/staff/opinion/")
    page.get_by_role("link", name="监测词").click()
    page.select_option("#id_kind", "keyword")
    page.fill("#id_term", "张")
    page.get_by_role("button", name="添加", exact=True).click()
    expect(page.locator(".field-error")).to_contain_text("太短，至少两个字")
    page.fill("#id_term", "欠薪")
    page.get_by_role("button", name="添加", exact=True).click()
    expect(page.locator("#flash")).to_contain_text("最近 30 天有 1 条信息含有该词")
    watch = WatchTerm.objects.get(term="欠薪")
    expect(page.locator(f"#term-{watch.pk}")).to_contain_text("案件关键词")
    screenshot(page, "opinion-03-terms")
