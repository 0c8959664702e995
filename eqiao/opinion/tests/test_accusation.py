"""The accusation read as structure (who, what wrong, in what mode): what an analyst relies
on when a post the lexicon has no word for accuses someone, and when a post that uses an
accusing word only asks, doubts or reports a denial. Sentences written for these tests."""

from __future__ import annotations

import pytest

from eqiao.opinion.accusation import read
from eqiao.opinion.normal import normalise
from eqiao.opinion.rules import Rules


def reading(text: str, named: bool = False):
    return read(normalise(text), named)


def test_money_taken_by_the_leadership_to_keep_someone_out_is_an_accusation():
    r = reading("听说院里有个领导拿了老板的钱, 人到现在也没进去")
    assert "leadership" in r.targets
    assert {"corruption", "left_free"} <= r.wrongs
    assert r.mode == "suspected" and r.claimed
    assert r.decisive()


def test_kin_between_the_prosecutor_and_the_other_side_is_protection():
    r = reading("承办这个案子的检察官跟对方家里是亲戚, 这案子还能公正?")
    assert "handler" in r.targets and "protection" in r.wrongs
    assert r.decisive()


def test_the_victim_made_the_accused_is_wrongful_prosecution():
    r = reading("明明是他先动手, 最后反倒是我弟被起诉了, 检察院就这么办案")
    assert "wrongful" in r.wrongs and "office" in r.targets


@pytest.mark.parametrize(
    "text",
    [
        "我爹出事以后人就没了, 检察院到现在还在审查",
        "再不给个说法, 我就从检察院楼顶跳下去",
    ],
)
def test_a_death_or_a_threat_to_life_in_the_matter_is_decisive(text):
    assert reading(text).decisive()


def test_a_laughing_death_is_not_a_death():
    assert "death" not in reading("检察院这效率, 笑死了").wrongs


def test_a_question_about_procedure_after_a_death_is_asked_not_claimed():
    r = reading("家里老人车祸去世了, 检察院不起诉, 请问家属怎么申诉? 期限多久?")
    assert r.mode == "asked" and not r.claimed and r.decisive() is None


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("说检察院收钱包庇的, 真的假的? 先别传", "doubted"),
        ("网传检察官受贿一事经查不存在, 系谣言", "denied"),
        ("该院依法对被告人提起公诉, 为受害群众撑腰", "official"),
    ],
)
def test_an_accusing_word_that_is_doubted_denied_or_official_is_not_claimed(text, mode):
    r = reading(text)
    assert r.mode == mode and not r.claimed and r.decisive() is None


def test_slow_service_and_rude_staff_accuse_no_one_of_a_wrong():
    r = reading("打了三天12309没人接, 窗口的人态度还特别差, 等了一上午")
    assert not r.accusation and not r.harm and r.decisive() is None


def test_a_crowd_going_together_to_the_office_is_a_group_action():
    r = reading("我们三十多户商量好了, 周一一起去县检察院")
    assert {"group", "crowd"} <= r.wrongs and r.decisive()


def test_the_pipeline_calls_an_unworded_accusation_major_and_a_service_complaint_minor():
    rules = Rules()
    major = rules.assess("冠县检察院那个承办人跟被告家是亲戚, 案子压着不办, 懂的都懂")
    minor = rules.assess("冠县检察院电话一直打不通, 跑了三趟也没人管, 太慢了")
    assert (major.relevant, major.severity) == (True, "major")
    assert (minor.relevant, minor.severity) == (True, "minor")


def test_the_severity_model_reads_target_wrong_and_mode():
    rules = Rules()
    features = rules.readings(normalise("听说冠县检察院有领导收了好处, 是不是在保他?"))
    assert features["t_leadership"] and features["w_corruption"] and features["m_suspected"]
    assert features["acc_suspected"] and features["acc_person"]


def test_the_severity_model_reads_an_accusation_made_by_implication():
    rules = Rules()
    leading = rules.readings(normalise("冠县检察院的承办人到底给谁办事? 难道不该给个说法吗"))
    assert leading["leading"] and leading["leading_person"]
    hearsay = rules.readings(normalise("据说冠县检察院领导跟对方老板很熟, 找人就能摆平"))
    assert hearsay["hearsay_person"] and hearsay["pull_person"]
    hurt = rules.readings(normalise("老人去年已经去世了, 冠县检察院这个案子的赔偿还没执行"))
    assert hurt["hurt_case"]
    plain = rules.readings(normalise("冠县检察院今天开放日, 欢迎大家来参观"))
    assert not any(plain[k] for k in ("leading", "hearsay_person", "pull_person", "hurt_case"))


@pytest.mark.parametrize(
    ("text", "target", "wrong"),
    [
        # the other side's kin holding office: someone behind the case
        ("那个司机他舅在市里哪个局当领导, 检察院就只判了缓刑", "behind", "protection"),
        # a gift carried to someone's door, wealth no salary explains
        ("有人看见拎着几条烟去了那个检察官家", "handler", "corruption"),
        ("一个检察官开上百万的车, 工资能买得起?", "handler", "corruption"),
        # close to the other side in leisure
        ("检察官和对方老板周末一起钓鱼的照片都传出来了", "handler", "protection"),
    ],
)
def test_an_accusation_implied_by_kin_in_office_gifts_wealth_or_closeness(text, target, wrong):
    r = reading(text)
    assert target in r.targets and wrong in r.wrongs


def test_people_called_out_together_are_a_group_and_a_conditional_threat_is_a_threat():
    assert "group" in reading("明天叫上全组的邻居, 再去县检察院门口等着").wrongs
    assert "threat" in reading("是不是要等我妈真跳了楼, 检察院才肯管").wrongs


def test_someone_taken_away_is_not_a_death():
    assert "death" not in reading("听说那个检察长被纪委的人带走了").wrongs
    assert "death" in reading("出事那天晚上人就走了, 检察院到现在不立案").wrongs


def test_thanks_for_aid_after_a_death_is_read_as_aid():
    rules = Rules()
    features = rules.readings(normalise("孩子爸爸车祸去世后, 冠县检察院给申请了司法救助, 感谢"))
    assert features["aid"] and features["aid_harm"]
    assert not rules.readings(normalise("冠县检察院到现在不立案, 人已经去世半年了"))["aid"]


def test_a_watched_name_with_the_office_written_short_is_relevant():
    rules = Rules()
    assert rules.relevance(normalise("市检的马卫东这回总该出来说句话了吧"))[0]
    assert not rules.relevance(normalise("马卫东今天在集上卖西瓜"))[0]


# Round 9: structure — who speaks, stance towards an action, a crowd with a place and a time.
@pytest.mark.parametrize(
    "text, reading_name",
    [
        ("临清市检察院门口这会儿聚了三十多号人, 都是被集资骗了的", "crowd_door"),
        ("东阿那个案子, 咱们后天一早再去县检察院, 每家都来个人", "crowd_summoned"),
        ("有人喊着周末去检察院门口集合, 大家冷静, 别去, 结果出来再说", "group_discouraged"),
        ("【临清检察】关于网传我院检察官收受好处一事, 经核查, 系不实信息", "office_denial"),
        ("我弟出事那天明明在厂里上夜班, 阳谷县检察院照样起诉了他", "alibi_charged"),
        ("我爸昨晚爬上了楼顶, 说茌平检察院再不给说法就跳", "ledge"),
    ],
)
def test_structural_readings_of_who_does_what(text, reading_name):
    assert Rules().readings(normalise(text))[reading_name]


def test_a_discouraged_gathering_is_not_read_as_a_crowd_at_the_door():
    features = Rules().readings(normalise("听说明天有人要去检察院门口堵门, 大家先散了吧, 别去"))
    assert features["group_discouraged"]
    assert not features["crowd_door"] and not features["crowd_summoned"]


@pytest.mark.parametrize(
    "text, relevant",
    [
        # 检方 in a Liaocheng post is the procuratorate
        ("山东聊城有个老人被撞身亡, 肇事的检方至今不追诉, 家属说要讨个公道", True),
        # another province named only to compare does not make the post about it
        ("我们江苏那边同样的事检察院一个月就批捕了, 高唐检察院拖了半年, 差距真大", True),
        # a namesake: the watched name beside another city's office, no Liaocheng place
        ("烟台市检察院检察官孙海波入选全省检察业务专家", False),
        # an advert riding the case's hashtags
        ("低价代刷粉丝, 加微信 abc123 #冠县检察院# #聊城#", False),
        # surname + 检 with the place of that prosecutor's office
        ("茌平这边都说周检办事利索, 材料交上去第三天就有回音了", True),
        # a reply with no link of its own (POLICY amendment of 2026-12-08)
        ("早这样不就完了, 非要闹大了才动", False),
    ],
)
def test_relevance_reads_the_link_in_the_post_itself(text, relevant):
    assert Rules().relevance(normalise(text))[0] is relevant
