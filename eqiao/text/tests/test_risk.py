"""Petition risk: the behaviours the issue asks for, one rule family at a time."""

import pytest

from eqiao.text import assess_risk
from eqiao.text.risk import assess_risk_normalized


def level(text: str) -> str:
    return assess_risk(text).level


def test_the_source_story_is_high_with_a_readable_reason():
    result = assess_risk("庆海轴承拖欠我们工资,你们管不管,不管我们就去上访")
    assert result.level == "high"
    assert "提到集体上访" in result.reasons


@pytest.mark.parametrize(
    "text",
    [
        "工人们打算集体越级上访",
        "再不给我们发工资,我们就集体去上访",
        "我们十几户商量好了,下周一块去县委讨说法",
    ],
)
def test_collective_petitioning_is_high(text):
    assert level(text) == "high"


@pytest.mark.parametrize("text", ["再不解决我就去北京", "我要越级上访", "一直告到省里", "准备进京"])
def test_petitioning_at_higher_levels_is_high(text):
    result = assess_risk(text)
    assert result.level == "high"
    assert "扬言越级上访" in result.reasons


@pytest.mark.parametrize(
    "text",
    [
        "我不想活了",
        "再不管我就喝农药",
        "我就从你们楼顶跳下去",
        "俺娘说地再被占她就喝了那瓶药,药都放床头了",
        "这日子不想过了",
        "有时候真想带着孩子一块走了算了",
        "包工头欠俺工钱要不回来,俺买了瓶百草枯放床头了",
        "这个世道俺也活够了",
        "我不想活了,病也没钱治了,检察院能给点救助吗",
        "申诉了十几年,这是我写的最后一封信",
        "再没人管,俺就把那瓶药喝了,死也死在村委会门口",
        "寿衣俺都买好了,到时候就穿着去法院门口",
        "夜里开车过大桥,真想一打方向盘冲下去",
        "这是我最后一次来求你们了,药都已经准备好了",
        "他说要是判了实刑他就不活了,请检察官多留意",
        "我真的撑不下去了,有时候想干脆带着孩子一起走算了",
        "我好几次爬到桥栏杆上想跳",
        "病成这样,我不想再拖累老伴和孩子了",
    ],
)
def test_self_harm_is_high(text):
    result = assess_risk(text)
    assert result.level == "high"
    assert "威胁自伤" in result.reasons


@pytest.mark.parametrize(
    "text",
    [
        "我跟他同归于尽",
        "我拿着刀去找他们",
        "把他家房子点了",
        "斧头俺都备好了",
        "法院要是不管俺就亲自去找他",
        "我们几十户说好了,明天一早去把他的养殖大棚拆了",
    ],
)
def test_harm_to_others_is_high(text):
    assert "扬言伤害他人" in assess_risk(text).reasons


@pytest.mark.parametrize("text", ["我们就把进村的路堵了", "明天去厂门口拉横幅", "去县政府静坐"])
def test_blocking_roads_gates_and_sit_ins_are_high(text):
    assert level(text) == "high"


@pytest.mark.parametrize(
    "text",
    [
        "明天我们三十多个人去市政府门口坐着",
        "俺们村四十多口子,明早就去县里",
        "大伙都在群里说好了,星期一早上全体去市政府",
        "大伙说好了从明天起全部停工,垃圾谁爱管谁管",
        "俺们这边三十多户明天想一块去县政府反映,需要提前去哪登记吗?",
        "为了征地的事,俺们十几个人已经到检察院门口了,开开门吧",
        "不起诉?我们全家这就去你们检察院门口等个说法",
        "老板跑了,工地上三十多号人围在项目部,要出事了",
        "工资再拖,下周一起我们全体司机都不出车",
        "后天我们十来个工友准备一起去人社局讨工资,要提前说一声吗?",
        "弟兄们已经说好了,这周三中午全部停运,车都开到县政府广场上去",
        "家长群里已经定了,这周五下午一块去派出所",
        "亲戚三十多口已经联系好了,下周一上午都到检察院门口",
        "现在大伙都在路口守着,不让车进",
        "二十几个老师商量了,开学前再不给,开学第一天我们就都不进教室",
        "俺明儿就去堵,堵到他还钱",
        "这会儿镇政府门口已经围了三十多个村民",
        "日子定在下周一,到时候六十多人都去",
        "我们已经约好了周日一早去开发商售楼处,不给说法就不走",
        "全组二十多户都同意一块去镇上",
        "八十多户拆迁户约好下个月5号一早统一到县政府门口",
        "家里人在卫生院门口设了灵堂",
        "几十个集资户在群里商量好下周三到市政府门口聚集",
    ],
)
def test_gatherings_without_a_petition_word_are_high(text):
    assert level(text) == "high"


@pytest.mark.parametrize(
    "text",
    [
        "要是我们几户一起去镇里反映,要不要先报备?",
        "堵路的话算违法吗?之前看新闻别的地方有人因为欠薪堵路被拘了",
        "厂子停工三个月了,工资一直没发",
        "学校食堂给孩子吃发霉的馒头,家长群都炸了",
        "我在冠县打工被人抢劫捅了三刀,现在住院没钱",
        "举报了村干部以后,还找人砸了俺家玻璃",
        "上次说要去北京是气话,俺不去了",
        "本来都想去北京上访了,多亏冠县院帮俺把事解决了",
        "有人在村口拉横幅卖假化肥",
        "跳楼价大甩卖!全场家电五折起",
        "俺家门口的排水沟被邻居堵死了",
        "还有两户人早就搬到县城住楼了",
        "犯罪嫌疑人因讨债组织亲友围堵厂门,被以聚众扰乱社会秩序罪提起公诉",
        "原来俺想着要去北京告,现在不用了,多谢",
        "满意,之前我说要去北京那事就算了,谢谢你们",
        "村里打着乡村振兴的旗号把俺家二十棵杨树全砍了",
        "被告人曾因组织他人围堵政府机关被判处缓刑,本次系再犯",
        "该人员曾于2019年因扬言跳河讨债被训诫",
        "新闻里说有人爬塔吊讨薪,俺不干那种傻事",
        "家人们谁懂啊 今天考试考砸了 想死的心都有了哈哈哈 发错群了",
        "满意。那天说要去省城是一时冲动,谢谢",
        "邻居说只有上楼顶才有人管,我看那就是犯傻",
        "前几天在气头上说要去堵厂门,那都是气话",
        "被骗走的两万块是俺娘的棺材本",
        "律师就当事人李某聚众扰乱秩序一案(其曾因讨债爬上塔吊)提交辩护意见",
        "上个月我跟你们说过不想活了,现在想开了,谢谢",
        "以前说要去北京是在气头上,事情办好了就不去了",
        "我举报了科长以后就被调去看仓库,明摆着是打击报复",
    ],
)
def test_hypotheticals_reports_of_others_and_idioms_are_not_high(text):
    assert level(text) != "high"


@pytest.mark.parametrize(
    "text",
    [
        "我们不会去闹事,只想要回工钱",
        "我们不打算上访,只希望尽快解决",
        "我不会想不开的,你们放心",
        "我们不会去北京上访的",
    ],
)
def test_negations_are_not_high(text):
    assert level(text) != "high"


@pytest.mark.parametrize(
    "text",
    [
        "上访的程序是什么",
        "请问越级上访违法吗",
        "集体上访会被拘留吗",
        "在政府门口静坐属于违法行为吗?",
    ],
)
def test_neutral_questions_that_mention_the_words_are_not_high(text):
    assert level(text) == "low"


def test_a_rhetorical_threat_in_question_form_is_still_high():
    assert level("难道要我们全村人都去北京上访吗?") == "high"


def test_not_getting_is_not_a_negation_of_the_threat():
    assert level("如果再不给钱,我们不得不去上访") == "high"
    assert level("要是没有结果我们就去北京") == "high"


def test_one_persons_visit_to_an_office_is_not_a_gathering():
    assert level("我明天去检察院递材料") == "low"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("你们这帮狗官!!!", "情绪激烈"),
        ("我已经反映了三次了,一直没人管", "多次反映未解决"),
        ("我要把这事发到网上,让大家看看", "扬言找媒体或网上曝光"),
        ("我妈七十多岁了,瘫痪在床,生活很困难", "老弱病残生活困难"),
        ("马上过年了,工地的工资还没发", "春节前欠薪"),
        ("孩子下个月开学,学费还没着落,赔偿款一直拖着", "期限紧迫"),
        ("不解决我就去上访", "扬言上访"),
    ],
)
def test_medium_reasons(text, reason):
    result = assess_risk(text)
    assert result.level == "medium"
    assert reason in result.reasons


def test_calm_messages_are_low_with_no_reasons():
    result = assess_risk("您好,想问一下遗产继承需要什么手续")
    assert result.level == "low"
    assert result.reasons == ()


def test_traditional_characters_are_read_too():
    assert level("老闆不給錢,我們明天集體去上訪") == "high"


def test_high_reasons_come_first_and_a_milder_duplicate_is_dropped():
    result = assess_risk("你们这帮狗官!!!不解决我们就集体上访")
    assert result.reasons[0] == "提到集体上访"
    assert "扬言上访" not in result.reasons


def test_rules_alone_work_on_normalised_text():
    assert assess_risk_normalized("明天我们一起去县政府门口要钱,不给就不走了").level == "high"


def test_being_at_an_office_is_not_a_sit_in_without_a_posture():
    assert level("我在镇上开了一家门市部,一直守法经营") == "low"
    assert level("我们已经在信访局门口等了一上午了,今天不给准话就不回去") == "high"


def test_judging_petitioning_useless_is_not_a_threat():
    assert level("都说上访没用,俺还是走法律程序") == "low"


# Round 4 of issue 8: general readings of who acts, what act and when (sentences written
# for these tests).
@pytest.mark.parametrize(
    "text",
    [
        # a group's dated plan told inside a question about the procedure
        "去省里上访要准备哪些材料?我们小区二十多户过了十五就一块去",
        "我们厂的工友下个月一起去上访,请问需要登记吗?",
        # the next step named as the capital
        "区里市里都找过了,下一步就是北京",
        # a retraction denied is no retraction
        "上次说的不是气话,这回真要去北京了",
    ],
)
def test_dated_plans_in_questions_and_higher_levels_are_high(text):
    assert level(text) == "high"


@pytest.mark.parametrize(
    "text",
    [
        "家里欠了一身债,我想着还不如死了干净",
        "孩子的后事我都安排好了,我也没什么牵挂了",
        "他爸走了以后,我跟俩孩子说好了,娘仨一起走",
        "他再敢动我家孩子一下试试",
        "我手里有刀,谁来拆我家房子谁就别想走",
        "二十多个出租车司机都停运了,公司一直不出面",
        "门口的车队越排越长,现在正在市政府门口,人越来越多",
        "三十多辆货车打算明天一起开到县政府门口停着",
        "他们守着厂门不让车进,已经两天了",
        "家属说要把人抬到派出所门口去",
    ],
)
def test_self_harm_harm_and_actions_under_way_are_high(text):
    assert level(text) == "high"


@pytest.mark.parametrize(
    "text",
    [
        "想问一下集体上访需要什么手续",
        "这事就像撞南墙一样,怎么都说不通",
        "厂里这个月停产检修,工人们都放假了",
        "三辆车在路口追尾了,有人受伤",
    ],
)
def test_the_new_readings_leave_these_below_high(text):
    assert level(text) != "high"


@pytest.mark.parametrize(
    "text",
    [
        "请问集体上访需要登记吗?我们厂的工友打算下个月一起去",
        "我们几户明天在镇政府门口拉横幅,这样违法吗?",
    ],
)
def test_a_question_about_a_dated_plan_is_high(text):
    assert level(text) == "high"


@pytest.mark.parametrize(
    "text",
    ["请问集体上访违法吗?我今天去问了别人也说不清", "在政府门口拉横幅违法吗?要是违法我们就不去了"],
)
def test_a_question_beside_no_plan_stays_below_high(text):
    assert level(text) != "high"


def rules_level(text: str) -> str:
    from eqiao.text.normalize import normalize

    return assess_risk_normalized(normalize(text)).level


@pytest.mark.parametrize(
    "text",
    [
        # the means kept at hand or hoarded
        "老鼠药就放在我床头边上，活着没意思",
        "这半年我偷偷攒了一瓶安眠药，法院还是不管吗",
        # at the water's edge or on a height, in despair
        "我一个人坐在水库边上，实在是走投无路了",
        "我已经走到大桥上了，真的活不下去了",
        # climbing to be seen
        "再不给个说法，我就爬到村口那座铁塔上去",
        # despair in a plea for help
        "孩子的病俺不想治了，你们能帮帮俺吗",
    ],
)
def test_self_harm_with_the_means_a_place_or_a_plea_is_high(text):
    assert rules_level(text) == "high"


@pytest.mark.parametrize(
    "text",
    [
        "我坐在湖边钓了一下午鱼，想咨询一下承包纠纷",
        "爷爷把安眠药放在抽屉里了",
        "我怕他们打击报复，请给我的名字保密",
        "举报人担心被报复，不愿留下电话",
    ],
)
def test_a_place_without_despair_and_fear_of_retaliation_are_not_high(text):
    assert rules_level(text) != "high"


def test_a_threat_of_retaliation_is_still_high():
    assert rules_level("不给我解决，我就报复他全家") == "high"


@pytest.mark.parametrize(
    "text",
    [
        "厂里把我开了还不给钱，我现在连死的心都有，活着真没意思，这世道还有王法吗？",
        "欠了一屁股债，我活着都没意思了，你们能管管吗？",
    ],
)
def test_despair_before_a_bitter_question_is_high(text):
    assert rules_level(text) == "high"


def test_a_crowd_gathered_to_go_together_to_an_office_is_high():
    text = "工钱拖了两年。我已经联系了三十多个工友，月底一起去县政府门口要个说法。"
    assert rules_level(text) == "high"
    # Friends contacted to help, with no office to go to, are no crowd's plan.
    assert rules_level("我联系了好多朋友，下周一起去医院看他。") != "high"


# Round 9 (issue 8): general readings; the sentences were written for these tests.
@pytest.mark.parametrize(
    "text",
    [
        "俺们村二十多户商量好了，下礼拜一块儿去把县道堵上",
        "工友们说好了，明天都去把厂门口那座桥拦了",
    ],
)
def test_a_group_blocking_a_road_with_ba_is_high(text):
    assert assess_risk(text).level == "high"


@pytest.mark.parametrize(
    "text",
    [
        "他找了几个人来俺家门口骂，俺家的窗户都叫砸了",
        "城管砸了我的三轮车，到现在没人管",
        "对方把我家的鱼塘砸了，鱼全死了",
        "我们去镇上要地，他们说我们闹事，要抓人",
    ],
)
def test_harm_suffered_and_the_other_sides_words_are_no_threat(text):
    assert assess_risk(text).level != "high", assess_risk(text)


def test_the_writers_own_threat_still_counts():
    assert assess_risk("你们再不管，我就把他家砸了").level == "high"
    assert assess_risk("俺们就去镇上闹事，闹到底").level == "high"
