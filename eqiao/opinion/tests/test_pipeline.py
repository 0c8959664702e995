"""The pipeline's stages on posts written for these tests (no database)."""

from __future__ import annotations

import datetime as dt
import io
import json

from eqiao.opinion.cli import analyze_stream
from eqiao.opinion.normal import normalise, split_repost
from eqiao.opinion.pipeline import Analyzer, BurstDetector, Post
from eqiao.opinion.rules import Rules, Terms
from eqiao.opinion.severity import SeverityModel


def run(texts: list[str], terms: Terms | None = None) -> list[dict]:
    analyzer = Analyzer(terms)
    return [analyzer.analyze(Post(f"p{i}", "weibo", t)).line() for i, t in enumerate(texts)]


def test_normalise_makes_traditional_full_width_and_urls_plain():
    text = normalise("臨清市檢察院ＡＢＣ１２３ 详情 https://t.cn/abc123 😡")
    assert "临清市检察院" in text
    assert "abc123" in text
    assert "t.cn" not in text
    assert "愤怒" in text


def test_a_repost_chain_is_split_into_comment_and_original():
    assert split_repost("太过分了//@甲: //@乙:原文在这里") == ("太过分了", "原文在这里")
    assert split_repost("转发微博 原文在这里") == ("", "原文在这里")
    assert split_repost("只是一条微博") == ("只是一条微博", "")


def test_reposts_point_to_the_first_post_of_the_chain_and_share_its_event():
    lines = run(
        [
            "冠县检察院的张立新收了对方的钱，把案子压下来了，求扩散！",
            "太黑了//@甲: 冠县检察院的张立新收了对方的钱，把案子压下来了，求扩散！",
            "转发微博//@乙: 太黑了//@甲: 冠县检察院的张立新收了对方的钱，把案子压下来了，求扩散！",
            "今天天气不错，去东昌湖走了走",
        ]
    )
    assert [line["dup_of"] for line in lines] == [None, "p0", "p0", None]
    assert lines[1]["event"] == lines[2]["event"] == lines[0]["event"] == "p0"
    assert lines[3]["event"] is None


def test_a_press_release_carried_again_shortened_is_a_duplicate_a_new_report_is_not():
    release = (
        "【情况通报】近日有网民反映高唐县某小区业主维权案件的办理情况，高唐县人民检察院高度重视，"
        "已抽调骨干力量组成工作组，调取全部案卷材料，对案件办理全过程逐项复查，"
        "复查结果将及时向社会公开。高唐县人民检察院 2026年11月20日"
    )
    carried = (
        "高唐县检察院通报小区业主维权案件办理情况：已抽调骨干力量组成工作组，调取全部案卷材料，"
        "对案件办理全过程逐项复查，复查结果将及时向社会公开。"
    )
    other = "高唐县检察院说要复查业主那个案子，工作组都成立了，等着看结果吧，别又是走个过场。"
    lines = run([release, carried, other])
    assert lines[1]["dup_of"] == "p0"
    assert lines[2]["dup_of"] is None


def test_the_office_name_is_one_form_before_shingling():
    from eqiao.opinion.dedup import office_canonical

    assert office_canonical("聊城市人民检察院") == office_canonical("聊城检察院")
    assert office_canonical("东昌府区人民检察院") == office_canonical("东昌府检察院")
    assert office_canonical("冠县人民检察院") == "冠县检察院"
    assert office_canonical("济南市人民检察院") != office_canonical("聊城市人民检察院")


def test_hard_negatives_are_not_relevant():
    negatives = [
        "《人民的名义》里侯亮平检察官太帅了",
        "菏泽市检察院发布一批典型案例",
        "聊城市公安局交警支队提醒雨天慢行",
        "阳谷县医院体检中心今天排了两个小时",
        "歌手陈静新专辑今天发布",
        "王建国在莘县卖西瓜，一块钱一斤",
        "聊城公安提醒：警惕冒充公检法的诈骗电话",
        "高唐县检察院旁边那家羊汤绝了",
        "石家庄市检察院公开招聘书记员",
    ]
    assert [line["relevant"] for line in run(negatives)] == [False] * len(negatives)


def test_relevant_posts_name_an_office_an_outpost_or_a_watched_prosecutor():
    positives = [
        "冠县检察院给力👍",
        "清水检察室的人真管事",
        "临清那个刘洪涛检察官办案太拖了",
        "莘县人民检察院今天开了公开听证会",
        "聊城检察出的反诈视频不错",
    ]
    assert [line["relevant"] for line in run(positives)] == [True] * len(positives)


def test_severity_is_major_for_accusations_deaths_and_group_actions_minor_otherwise():
    lines = run(
        [
            "东阿县检察院孙海波收了二十万把案子压下来了",
            "家属说要去莘县检察院门口喝药，不想活了",
            "明天组织二十来个人一起去临清检察院讨说法",
            "打了三天12309都没人接，莘县检察院真是好效率啊",
            "冠县检察院给力👍",
        ]
    )
    assert [line["severity"] for line in lines] == ["major", "major", "major", "minor", None]
    assert lines[4]["sentiment"] == "positive"


def test_severity_reads_who_is_accused_of_what_in_plain_words():
    lines = run(
        [
            "高唐县检察院陈静就这么护着那个放高利贷的，一伙的吧",
            "东昌府区检察院那个不起诉的，他爸是局长，谁不知道",
            "茌平检察院的事别信官方的通报，周丽华收东西我亲眼见的，大家转",
            "临清几十户被骗的明天一起去临清市检察院问个明白",
            "莘县检察院办事太慢，老人等了一年多，人走了也没等到结果",
            "阳谷县检察院保护古村落的检察建议落实了，老祖宗的东西得护着👍",
        ]
    )
    assert [line["severity"] for line in lines] == ["major"] * 5 + [None]


def test_a_repost_passes_a_major_accusation_on_unless_its_comment_doubts_it():
    original = "冠县检察院的张立新收了对方的钱，把我哥的案子压下来了，求扩散！"
    lines = run(
        [
            original,
            "细思极恐//@甲: " + original,
            "俺村也去//@乙: " + original,
            "真的假的？//@丙: " + original,
            "官方都辟谣了还传//@丁: " + original,
        ]
    )
    assert [line["dup_of"] for line in lines[1:]] == ["p0"] * 4
    assert [line["severity"] for line in lines] == ["major", "major", "major", None, None]


def test_the_learned_severity_model_adds_to_the_rules_and_can_be_left_out():
    text = "东阿县检察院孙海波对我们的申诉不闻不问，材料递上去就石沉大海，这背后到底怎么回事"
    with_model = Rules().assess(text)
    rules_only = Rules(severity=None).assess(text)
    assert rules_only.relevant and rules_only.sentiment == "negative"
    assert rules_only.severity == "minor"
    assert with_model.severity in {"major", "minor"}  # the model's call, explained if major
    if with_model.severity == "major":
        assert any(r.startswith("major:model") for r in with_model.reasons)


def test_watch_terms_as_data_add_keywords_and_exclusions():
    terms = Terms().extended(keywords=["红星小区集资案"], exclusions=["冠县检察院路"])
    lines = run(["红星小区集资案什么时候开庭", "冠县检察院路今天堵车了"], terms)
    assert [line["relevant"] for line in lines] == [True, False]


def test_rules_name_the_office_concerned():
    assessment = Rules().assess("阳谷县阿城检察室今天没人值班，白跑一趟")
    assert assessment.relevant and assessment.office == "阳谷县人民检察院"
    assert Rules().assess("张立新检察官接待了我们").office == "冠县人民检察院"


def test_posts_about_the_same_matter_share_an_event_and_others_do_not():
    lines = run(
        [
            "冠县检察院对卫河非法排污发出检察建议",
            "卫河排污口整改了，冠县检察院的检察建议管用",
            "临清市检察院开展检察开放日活动，中学生参观",
        ]
    )
    assert lines[0]["event"] == lines[1]["event"] != lines[2]["event"]


def test_a_burst_against_the_source_baseline_fires_once_an_hour():
    bursts = BurstDetector(factor=3, min_volume=5)
    start = dt.datetime(2026, 12, 1, 8, tzinfo=dt.UTC)
    fired = []
    for hour in range(5):  # two posts an hour: the baseline
        for minute in (10, 40):
            fired.append(
                bursts.add("weibo", start + dt.timedelta(hours=hour, minutes=minute), False)
            )
    assert not any(fired)
    burst_hour = start + dt.timedelta(hours=5)
    found = [bursts.add("weibo", burst_hour + dt.timedelta(minutes=m), False) for m in range(12)]
    fired_now = [b for b in found if b is not None]
    assert len(fired_now) == 1 and fired_now[0].reason == "volume"
    assert bursts.add("news", burst_hour, False) is None  # another source has its own baseline


def test_cli_analyze_writes_one_line_per_good_post_in_order():
    source = io.BytesIO(
        "\n".join(
            [
                json.dumps(
                    {"id": "a", "source": "weibo", "text": "冠县检察院给力👍"}, ensure_ascii=False
                ),
                "not json",
                json.dumps(
                    {"id": "b", "source": "weibo", "text": "转发微博//@x: 冠县检察院给力👍"},
                    ensure_ascii=False,
                ),
                json.dumps({"id": "c", "text": "没有来源"}, ensure_ascii=False),
            ]
        ).encode()
    )
    sink, errors = io.StringIO(), io.StringIO()
    bad = analyze_stream(source, sink, errors)
    lines = [json.loads(line) for line in sink.getvalue().splitlines()]
    assert bad == 2
    assert "line 2: malformed JSON" in errors.getvalue()
    assert 'line 4: missing field "source"' in errors.getvalue()
    assert [set(line) for line in lines] == [
        {"id", "relevant", "sentiment", "severity", "dup_of", "event"}
    ] * 2
    assert lines[1] == {
        "id": "b",
        "relevant": True,
        "sentiment": lines[0]["sentiment"],
        "severity": None,
        "dup_of": "a",
        "event": "a",
    }


def _filler(i: int) -> str:
    """A post unlike the others (its own words, from its number)."""
    return "".join(chr(0x4E00 + (i * 37 + j * 101) % 20000) for j in range(20))


def test_the_state_keeps_the_last_window_of_posts_and_still_links_recent_reposts(monkeypatch):
    from eqiao.opinion import dedup

    monkeypatch.setattr(dedup, "BLOCK", 16)
    analyzer = Analyzer(judge_irrelevant=False)
    analyzer.index.window = 50
    original = "冠县检察院的张立新收了对方的钱，把我哥的案子压下来了，求扩散！"
    analyzer.analyze(Post("old", "weibo", original))
    for i in range(200):
        analyzer.analyze(Post(f"f{i}", "weibo", _filler(i)))
    # the old original is forgotten: index, chains and judgements stay bounded
    assert 50 <= len(analyzer.index) <= 50 + 16
    assert len(analyzer._known) == len(analyzer.index)
    assert analyzer.analyze(Post("late", "weibo", "转发微博//@甲: " + original)).dup_of is None
    # a repost of a recent post is still linked, its chain too, across the blocks
    recent = "临清市检察院刘洪涛包庇肇事的老板，我们村几十户明天一起去检察院门口讨说法"
    first = analyzer.analyze(Post("recent", "weibo", recent))
    for i in range(20):
        analyzer.analyze(Post(f"g{i}", "weibo", _filler(1000 + i)))
    again = analyzer.analyze(Post("again", "weibo", "太过分了//@乙: " + recent))
    assert again.dup_of == "recent" and again.event == first.event
    for i in range(40):
        analyzer.analyze(Post(f"h{i}", "weibo", _filler(2000 + i)))
    # the original is beyond the window now, its repost is not: the chain keeps its root
    third = analyzer.analyze(Post("third", "weibo", "转发微博//@丙: 太过分了//@乙: " + recent))
    assert "recent" not in analyzer._known
    assert third.dup_of == "recent" and third.event == first.event


def test_when_the_model_decides_it_weighs_relevant_posts_and_a_major_one_is_negative():
    # A model written for the test: only a decisive reading (an accusation against a
    # person, a death, a group going together) makes a post major.
    decides = SeverityModel({"read:decisive": 10.0}, -5.0, 0.5, decides=True)
    rules = Rules(severity=decides)
    accusation = "东阿县检察院孙海波收了二十万把案子压下来了"
    slow = "打了三天12309都没人接，莘县检察院真是好效率啊"
    praise = "冠县检察院给力👍"
    elsewhere = "济南有个检察官收了二十万，跟聊城没关系"
    judged = rules.assess_many([accusation, slow, praise, elsewhere])
    assert [a.severity for a in judged] == ["major", "minor", None, None]
    assert judged[0].sentiment == "negative"
    assert any(r.startswith("major:model") for r in judged[0].reasons)
    # judging posts called positive too: one judged major is negative news (the policy),
    # whatever the sentiment said before; plain praise stays praise
    ironic = "冠县检察院检察官张立新跟对方老板是亲戚，也没回避，真是好样的👍"
    assert Rules(severity=None, sentiment=None).assess(ironic).sentiment == "positive"
    everything = SeverityModel(
        {"read:decisive": 10.0}, -5.0, 0.5, decides=True, judges_positive=True
    )
    rules = Rules(severity=everything, sentiment=None)
    told, plain = rules.assess_many([ironic, praise])
    assert (told.sentiment, told.severity) == ("negative", "major")
    assert (plain.sentiment, plain.severity) == ("positive", None)
    assert (
        Rules(severity=decides, sentiment=None).assess(ironic).severity is None
    )  # not judged when positive posts are left to the sentiment
