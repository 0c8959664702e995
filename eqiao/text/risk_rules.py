"""The petition-risk rules as data: patterns, levels and the reasons staff read.

Kept apart from the evaluation in `risk.py` so the vocabulary can grow without touching the
logic. Patterns run on normalised Simplified text (half-width , ! ? : ; ( ) and lower-case
ASCII), one sentence at a time; each reason is given at most once per message.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from eqiao.text.risk_vocab import (
    CROWD,
    GO,
    GOV,
    GROUP,
    GROUP_STRONG,
    INTENT_WORDS,
    NUM,
    PLACE,
    PLAN,
    TOGETHER,
)


@dataclass(frozen=True)
class Rule:
    """One risk rule: when `pattern` matches a sentence (and the conditions hold), add `reason`.

    `needs` must also appear in the sentence; `subject` must appear in the sentence before
    the trigger (a group: 我们, 三十多个人); `in_questions` lets the rule fire in a neutral
    question (descriptions of hardship do, threats do not); `in_questions="dated"` only when
    the question carries a date and no "if" (明天去县政府, 需要登记吗? but not 如果去…吗?);
    `passive` skips a trigger the writer suffered rather than threatens (被人捅了三刀,
    找人砸了俺家玻璃): one with 被/让人/找人 shortly before it in its clause."""

    level: str
    reason: str
    pattern: re.Pattern[str]
    needs: re.Pattern[str] | None = None
    subject: re.Pattern[str] | None = None
    negatable: bool = True
    in_questions: bool | str = False
    passive: bool = False


def _rule(
    level: str,
    reason: str,
    pattern: str,
    *,
    needs: str | None = None,
    subject: str | None = None,
    negatable: bool = True,
    in_questions: bool | str = False,
    passive: bool = False,
) -> Rule:
    return Rule(
        level,
        reason,
        re.compile(pattern),
        re.compile(needs) if needs else None,
        re.compile(subject) if subject else None,
        negatable,
        in_questions,
        passive,
    )


# 信访 as the act, not the office or the file (我们要求信访局答复 is not a threat).
PETITION = (
    r"(?:上访|信访(?!局|办|部门|件|室|窗口|科|大厅|条例|渠道)|告状|讨说法|讨个说法|要说法|"
    r"喊冤|请愿|讨钱|要钱|讨薪|要工资)"
)

_HIGH_RULES: tuple[Rule, ...] = (
    # A group's dated plan stays a plan in a question about the procedure (as below).
    _rule(
        "high",
        "提到集体上访",
        r"(?:集体|联名|组织|一起|一块儿?|抱团)(?:去|到|上|找)?" + PETITION,
        in_questions="dated",
    ),
    # A crowd the writer has gathered, going together on a date to an office's gate
    # (我联系了几十个人，下周一起到市委门口): a collective petition without the word.
    _rule(
        "high",
        "提到集体上访",
        r"(?:一起|一块儿?|集体|都)(?:去|到|上|找)[^,]{0,6}" + GOV,
        subject=r"(?:联系|召集|叫上|喊上|约)了?[^,]{0,3}(?:几十|上百|数十|好几十|好多|很多|"
        + NUM
        + r")",
        needs=PLAN,
    ),
    _rule(
        "high",
        "提到集体上访",
        r"(?:" + INTENT_WORDS + r"|去(?!年)|到)[^,]{0,8}" + PETITION,
        subject=GROUP,
        in_questions="dated",
    ),
    _rule(
        "high",
        "扬言越级上访",
        r"越级|进京|赴京|上(?:北京|首都|济南|省里|省城)|(?:去|到|跑|奔)(?:北京|首都|省里|省城|济南|中央|天安门|中南海|国家信访局)|"
        r"(?:去|到)省(?:委|政府|检察院|高院|法院|公安厅|纪委|信访局)|"
        r"(?:告|闹|找)到(?:北京|首都|省里|中央|省城|济南)|往(?:北京|首都|省里|济南)|国家信访局|省信访局|中纪委|"
        # the next step named as the capital, or the writer already there
        r"(?:下一步|下一站|接下来|再往后)[^,]{0,3}(?:北京|省里|省城|中央|济南)|在天安门",
        in_questions="dated",
    ),
    _rule(
        "high",
        "威胁自伤",
        r"自杀|跳楼(?!价|大?甩卖|大?清仓)|跳河|跳井|跳下去|楼顶|就跳|喝药|喝农药|服毒|上吊|割腕|自焚|"
        r"烧了自己|寻死|寻短见|不想活|不活了|活够了|活腻了|下去(?:找|陪|见)|最后一封信|"
        r"(?:买|备|准备|放)[^,]{0,4}(?:百草枯|敌敌畏|农药|安眠药|老鼠药)|"
        r"喝了?(?:百草枯|敌敌畏|安眠药|老鼠药)|死给.{0,3}看|一死了之|以死|撞死在|死在(?:你们|检察院|政府|门口|院里)|抹脖子|"
        r"卧轨|轻生|想不开|死了算了|活着.{0,4}(?:没|什么|啥)意思|去死|一起死|跟着.{0,4}去了|"
        r"药[^,]{0,4}(?:备下|备好|准备好|买好)|"
        r"(?:这|我这)条(?:老)?命|拿命|用命|豁出|遗书|收尸|结束.{0,2}生命|"
        r"喝了?(?:那|这)(?:瓶|包)(?:农)?药|把(?:那|这)?(?:瓶|包)?(?:农)?药喝了|寿衣|死也(?:要)?死(?:在|个)|"
        r"(?:一打|打)方向盘|冲下去|药都?(?:准备|放|买|备)好|(?:日子|这日子)不想过了|"
        r"走了?算了|(?:带着|领着|抱着)(?:孩子|娃|俩娃|闺女|儿子)[^,]{0,6}(?:走了|去死|跳)|"
        r"(?:还)?不如死了|死了(?:干净|拉倒|省心)|想好(?:了)?怎么死|拔了?[^,]{0,2}管子|(?<!南)撞墙|"
        r"活着(?:太|真|好)累|(?:娘仨|娘俩|娘儿俩|爷俩|爷仨|一家子?|全家)[^,]{0,3}(?:一块儿?|一起)走|"
        r"后事[^,]{0,3}(?:交代|安排|准备)|该交代的都交代|(?:农药|药)(?:瓶子?)?[^,]{0,4}(?:拿出来|摆出来)",
    ),
    # Despair said in a plea for help is still despair (我不想活了…能给点救助吗?).
    _rule(
        "high",
        "威胁自伤",
        r"(?:我|俺)[^,]{0,4}(?:不想活|活够了|不活了|想死(?!的心)|想自杀|死了?算了|不想治了|"
        # ... and despair said of oneself ahead of a bitter question (…连死的心都有，活着
        # 没意思，这世上还有说理的地方吗?): the question does not take it back.
        r"连死的心都有|活着[^,]{0,3}没(?:有)?意思)",
        in_questions=True,
    ),
    # The means kept at hand or hoarded (pills, poison, a rope by the bed), told of oneself.
    _rule(
        "high",
        "威胁自伤",
        r"(?:农药|安眠药|百草枯|敌敌畏|老鼠药|绳子?)(?:瓶子?)?[^,]{0,3}(?:在|放在|摆在|藏在)(?:我|俺)"
        r"[^,]{0,4}(?:枕头|床|手边|身边|兜里|口袋|抽屉)|"
        r"(?:我|俺)[^,]{0,4}(?:攒|囤)[^,]{0,4}(?:安眠药|农药|药片|老鼠药)",
        in_questions=True,
    ),
    # At the water's edge or on a height, in despair, told of oneself.
    _rule(
        "high",
        "威胁自伤",
        r"(?:站在|坐在|蹲在|来到|到了|走到)[^,]{0,4}(?:河边|江边|湖边|海边|水库|桥上|桥边|楼顶|天台|"
        r"铁轨|崖边|悬崖)",
        subject=r"(?:我|俺)",
        needs=r"撑不|活不|不想活|没法活|受不了|绝望|最后一|没有?希望|走投无路|没有?活路",
        in_questions=True,
    ),
    # Climbing a pole, a tower or a roof to be seen: the threat of a fall.
    _rule(
        "high",
        "威胁自伤",
        r"(?:要|就|准备|打算|去)(?:爬|上|站)(?:到|上)[^,]{0,10}(?:高压线|电线杆|杆子|塔吊|铁塔|"
        r"楼顶|房顶|屋顶|烟囱|广告牌|水塔)",
        subject=r"(?:我|俺)",
    ),
    _rule(
        "high",
        "扬言伤害他人",
        r"同归于尽|杀了|弄死|砍死|捅死|(?<!树)(?<!树全)(?<!树都)(?<!树给)砍了(?![^,]{0,8}树)|捅了|宰了|(?<!群)(?<!群都)(?<!锅)(?<!炸锅)炸了|炸药|放火|"
        r"把[^,]{0,8}点了|一把火|烧了他|烧他|"
        r"血债|血溅|一命(?:换|抵)一命|要他的?命|跟他们?拼|拼了|拼命|(?:我|就|要)(?:(?!怕|担心|被|遭|受)[^,]){0,3}(?<!打击)报复|"
        r"偿命|见一个打一个|(?:我|俺|就|要|去)[^,]{0,3}拿(?:着)?(?:刀|斧|棍|汽油|炸药)|汽油|煤气罐|"
        r"找.{0,6}算账|(?<![考搞办弄])砸了|砸烂|自己解决|自己动手|(?:让|叫)他(?:也)?尝尝|"
        r"有来无回|再敢[^,]{0,12}试试|看看谁(?:狠|厉害)|🔪|"
        r"(?:手里|身上|兜里|怀里)[^,]{0,2}(?:有|揣着|带着|藏着)(?:刀|斧|汽油)|"
        r"带(?:上|着)?[^,]{0,3}(?:兄弟|弟兄)(?:们)?(?:过去|上门|去找|找他)",
        passive=True,
    ),
    _rule(
        "high",
        "扬言堵路堵门或静坐",
        r"堵(?:路|门|大门|厂门|校门|路口|国道|高速|桥|马路|公路|政府)|拦(?:(?:他|她|他们|老板|厂长|领导|对方)的?)?(?:车|路)|拦住|拦领导|"
        r"横幅|条幅|(?:拉|打|挂|举|扯)(?:白布|牌子)|牌子举|举牌|静坐|围堵|围攻|冲击|堵在|"
        r"躺在(?:路|门)|跪在|下跪|跪着|绝食|把[^,]{0,10}(?:路|道|门|国道|大门|厂子|桥|路口|村口|高速)[^,]{0,4}(?:堵|拦|封)|"
        r"(?:把|去把)[^,]{0,6}围了|罢课|罢工|罢市|塔吊|围(?:在|住|着)(?:了)?[^,]{0,6}(?:门|项目部|"
        r"工地|办公|楼|院|政府|公司|老板)|爬(?:到|上)[^,]{0,6}(?:顶|上去)|"
        r"骨灰|棺材(?!本)|遗像|遗体|灵堂|摆灵|停尸|抬棺|抬(?:到|去|着)[^,]{0,10}(?:门口|门前|大门|院里)|"
        r"(?:守着|堵着|拦着|守在)[^,]{0,8}不让(?:车|人|施工|进|出)|不走了|就不走|不[^,]{1,4}不走|不回去了|(?:就|要)去堵|去堵(?:他|着)|堵到他",
        in_questions="dated",
    ),
    # A group's dated plan stays a plan when the sentence also asks whether it is allowed
    # (三十多户明天想一块去县政府, 需要提前登记吗?); a hypothetical one (如果…) does not.
    _rule(
        "high",
        "计划多人聚集到机关",
        GO + r"[^,]{0,8}" + PLACE + r"|集合|聚集",
        subject=GROUP_STRONG,
        needs=PLAN,
        in_questions="dated",
    ),
    _rule(
        "high",
        "计划多人聚集到机关",
        GO + r"[^,]{0,8}" + PLACE,
        subject=r"我们|咱们|俺们",
        needs=TOGETHER,
        in_questions="dated",
    ),
    _rule(
        "high",
        "计划多人聚集到机关",
        r"(?:已经|现在|正)(?:到|在|围在|堵在)[^,]{0,8}(?:门口|门前|大门|大厅|院里)",
        subject=GROUP_STRONG,
        in_questions=True,
    ),
    _rule(
        "high",
        "计划多人聚集到机关",
        r"(?:已经|现在|正)(?:到|在|围在|堵在)[^,]{0,8}(?:门口|门前|大门|大厅|院里)",
        needs=r"越来越多|都来了|全来了|一大群|一大帮|好多人|很多人",
        in_questions=True,
    ),
    _rule(
        "high",
        "计划多人聚集到机关",
        r"(?:门口|门前|大门|大厅|院里)[^,]{0,4}(?:围了|聚了|站了|坐了|来了)",
        needs=CROWD,
        in_questions=True,
    ),
    _rule("high", "计划多人聚集到机关", r"(?:定在|定好了|约在|约好了)", needs=CROWD),
    _rule(
        "high",
        "计划多人聚集到机关",
        r"(?:都同意|都决定|说好|商量好)[^,]{0,4}(?:一块|一起|一同)(?:去|上|到)",
        subject=CROWD,
    ),
    # General readings (who acts, what act, when): a group with a plan destroying property.
    _rule(
        "high",
        "扬言伤害他人",
        r"(?:砸|拆|烧|掀|推倒|点|毁)(?:了|掉|翻|烂|平)",
        subject=GROUP_STRONG,
        needs=PLAN,
    ),
    # The writer says they will do violence to someone: I/we + will/then + a violent act.
    _rule(
        "high",
        "扬言伤害他人",
        r"(?:就|要|会|得|非|肯定|迟早|早晚|准备|打算)[^,]{0,4}(?:(?:砸|砍|捅|烧|收拾|揍|弄|废|打断|打残)"
        r"(?:了|死|残|烂|断)?(?:他|她|你们|那个|那帮|这帮|这个)|放火)",
        subject=r"(?:我|俺|我们|俺们|咱们)(?!们?的)",
        passive=True,
    ),
    # A weapon prepared: a blade, an axe, petrol or explosives got ready.
    _rule(
        "high",
        "扬言伤害他人",
        r"(?:磨|备|买|准备|藏|揣)(?:好|了|下)?[^,]{0,3}(?:刀|斧头?|汽油|炸药|雷管)|"
        r"(?:刀|斧头?|汽油|炸药)[^,]{0,4}(?:磨好|备好|准备好|买好|带上|揣着)",
        passive=True,
    ),
    # The law will not act, so the writer will: justice taken into one's own hands.
    _rule(
        "high",
        "扬言伤害他人",
        r"(?:法律|法院|你们|政府|公家|警察)[^,]{0,6}不管[^,]{0,6}(?:我|俺)[^,]{0,3}(?:自己|亲自)",
    ),
    # Jumping from a height, told of oneself.
    _rule(
        "high",
        "威胁自伤",
        r"(?:从|往|在|站在|爬到)[^,]{0,8}(?:楼|阳台|桥|楼顶|窗|塔)[^,]{0,6}(?:跳|下去)|跳下来",
        subject=r"(?:我|俺)",
        passive=True,
    ),
    # Wanting no longer to be a burden: ideation told as sparing others.
    _rule(
        "high",
        "威胁自伤",
        r"(?:不想|不愿|不能|不会)再?(?:拖累|连累|成为[^,]{0,4}负担)",
        negatable=False,
        in_questions=True,
    ),
    _rule(
        "high",
        "扬言堵路堵门或静坐",
        r"(?:守着|守在|堵着|拦着)",
        subject=GROUP_STRONG,
        needs=r"不让|路口|门口|大门|村口",
    ),
    _rule(
        "high",
        "扬言集体停工",
        r"(?:都|全部|全都|集体|一起|全)(?:停工|罢工|停产|停运|罢运|停课|罢课|停训|停业|不干)了",
        subject=GROUP_STRONG + r"|司机们?|老师们?|员工们?",
    ),
    _rule(
        "high",
        "扬言集体停工",
        r"(?:全部|全都|都|集体|一起|一块)?(?:停工|罢工|停产|停运|罢运|停课|罢课|停训|撂挑子|不干了|"
        r"不进教室|不上课|不出车|不出工|不开工)",
        subject=GROUP_STRONG + r"|全线|全部|所有|司机们?|老师们?|员工们?",
        needs=PLAN,
    ),
    _rule(
        "high",
        "扬言到机关门口静坐",
        GO
        + r"[^,]{0,8}"
        + PLACE
        + r"[^,]{0,6}(?:坐着|坐下|坐一坐|躺着|睡|住下|住着|住那|守着|蹲着|等(?:个|着)?(?:说法|结果|答复))"
        + r"|(?:坐在|坐到|住到|住进|睡在|睡到)[^,]{0,8}"
        + GOV
        # "在 <office>" alone is everyday speech (在镇上开店); only with a posture it is a sit-in
        + r"|在[^,]{0,8}"
        + GOV
        + r"[^,]{0,3}(?:住|坐|等|守着|躺|睡|蹲|跪)",
    ),
    _rule(
        "high", "扬言聚众闹事", r"闹事|去闹|大闹|闹大|闹到|闹一闹|闹他|闹一场|闹个", subject=GROUP
    ),
    _rule("high", "扬言聚众闹事", r"(?:闹大|闹到底|闹得)[^,]{0,6}(?:全|所有|大家|都知道)"),
)

_MEDIUM_RULES: tuple[Rule, ...] = (
    _rule(
        "medium",
        "情绪激烈",
        r"气死|忍无可忍|欺人太甚|太欺负人|欺负人|没天理|天理何在|没有天理|还有没有王法|没王法|公理|"
        r"黑心|狗官|王八蛋|混蛋|畜生|他妈|tmd|尼玛|卧槽|什么玩意|废物|吃干饭的|不是人|狗日|摆设|"
        r"草泥马|去你的|滚蛋|愤怒|恨死|!!!|官官相护|一手遮天|逼死|冤死|忍不下去|逼疯|良心|走形式|"
        r"一伙的|受够了|嚣张|不当人|欺压",
        negatable=False,
        in_questions=True,
    ),
    _rule(
        "medium",
        "多次反映未解决",
        r"(?:多次|好几次|好多次|这么多次|那么多次|无数次|"
        + NUM
        + r"次|三番五次|屡次|一再|几回|好几回|"
        + NUM
        + r"回)"
        r"[^,]{0,4}(?:反映|找|去|来|上访|信访|举报|投诉|打电话|打了|跑|问|申诉|告|申请|预约|写信)"
        r"|(?:反映|找|去|跑|(?<![请想])问|打|申诉|举报|上访|写信|寄|调解|申请|预约|告)了?[^,]{0,8}"
        r"(?:" + NUM + r"(?:次(?!性)|回|趟|遍)|好几回|好几次|好多次|多少回|这么多次|那么多次)"
        r"|第" + NUM + r"次|石沉大海|踢皮球|踢来踢去|推来推去|互相推诿|推诿|推脱|扯皮|不了了之|"
        r"(?:反映|上访|告|申诉|要|举报|投诉|找|跑)了?"
        + NUM
        + r"(?:多)?年|拖了"
        + NUM
        + r"年|一拖再拖|"
        r"一直拖着|年年(?:找|去|告)|一直在申诉|(?:递|交|寄|报|反映|举报|申诉|投诉)[^,]{0,6}"
        r"(?:快|都|已经)?"
        + NUM
        + r"(?:多)?(?:年|个多?月)了|(?:一直|始终|至今|到现在)[^,]{0,4}(?:没有?|不见)"
        r"(?:回音|回复|答复|结果|消息|下文|动静|说法)|杳无音信|研究研究",
        negatable=False,
        in_questions=True,
    ),
    _rule(
        "medium",
        "扬言找媒体或网上曝光",
        r"媒体|记者|电视台|报社|焦点访谈|今日说法|曝光|(?:发|传|挂|晒|放)到?(?:网上|微博|抖音|快手|"
        r"朋友圈|头条|贴吧|视频号)|上热搜|让全国人民|网上发|网络上发|发帖|发视频|网友",
    ),
    _rule(
        "medium",
        "老弱病残生活困难",
        r"老人|老母亲|老父亲|老娘|俺娘|老爹|老两口|老伴|老太太|老头子|"
        r"[六七八九]十[一二三四五六七八九]?(?:多|几)?(?:岁|了)|"
        r"快[六七八九]十|[6-9][0-9]岁|年迈|高龄|年纪大|残疾|瘫痪|瘫在|重病|大病|癌|尿毒症|白血病|孤寡|"
        r"五保|低保户|靠低保|卧床|智障|精神病|孤儿|留守|病重|植物人|病倒",
        needs=r"困难|没钱|看不起病|看病|吃不上|没人管|没人照顾|无依无靠|没有收入|拿不出|交不起|"
        r"活不下去|没法活|揭不开锅|生活无着|没着落|没有着落|无人照顾|可怜|走投无路|借遍|治不起|住不起|"
        r"没饭吃|要饭|成问题|养家|没办法|没有办法|过不下去|撑不下去|养老钱|积蓄|天天哭|身体不好|"
        r"没有儿女|不敢去医院|生病|钱都没有|没有钱|丢了工作|赶出来|没地方|看不起",
        negatable=False,
        in_questions=True,
    ),
    _rule(
        "medium",
        "生活陷入困境",
        r"活不下去|没法活|走投无路|没有活路|没活路|逼上绝路|日子.{0,2}没法过|没法过了|过不下去|"
        r"撑不下去|扛不住|家破人亡|倾家荡产|负担不起|拿不出|交不起|借遍|欠了一身债|揭不开锅|治不起|"
        r"看不起病|没地方住|被赶出|icu|重症监护|救救我|求求你们|实在没(?:有)?办法|生活没有着落|丢了工作",
        negatable=False,
        in_questions=True,
    ),
    # Without money for a necessity, or without any income.
    _rule(
        "medium",
        "生活陷入困境",
        r"没(?:有)?钱(?:看病|治病|吃饭|上学|交学费|买药|生活)|"
        r"(?:没有|失去|断了|没了)[^,]{0,2}(?:生活来源|经济来源|收入来源|任何收入)",
        negatable=False,
        in_questions=True,
    ),
    _rule(
        "medium",
        "反映遭打击报复",
        r"(?<![怕心会])(?:被|遭到?|受到)了?(?:打击)?报复|报复我|威胁我|恐吓我",
    ),
    _rule(
        "medium",
        "扬言上访",
        r"(?:"
        + INTENT_WORDS
        + r"|还得|会|去(?!年))[^,]{0,4}"
        + PETITION
        + r"|告到底|一直告|告到你们|告你们|(?:投诉|告|反映|找)到?(?:上级|上面|你们领导)",
    ),
)

RULES: tuple[Rule, ...] = _HIGH_RULES + _MEDIUM_RULES
REASON_LEVEL = {rule.reason: rule.level for rule in RULES}

# A graver reason makes a milder one redundant on the same message.
SUPERSEDES = {
    "提到集体上访": ("扬言上访",),
    "扬言越级上访": ("扬言上访",),
    "老弱病残生活困难": ("生活陷入困境",),
}


@dataclass(frozen=True)
class Combination:
    """A reason raised by the message as a whole, from co-occurring words."""

    level: str
    reason: str
    applies: Callable[[str], bool]


_WAGES = re.compile(r"工资|工钱|欠薪|讨薪|血汗钱|劳务费|农民工|包工头")
_NEW_YEAR = re.compile(r"过年|年关|春节|腊月|年底|年前|小年")
_DEADLINE = re.compile(
    r"过年|年关|春节|腊月|年底|年前|开学|麦收|秋收|急等|急用|等着用|等着这|救命钱|马上要|下个月|"
    r"月底|学费|手术费|车票"
)
_OWED = re.compile(
    r"欠|拖|没发|没给|不给|没结|还没|要不回|讨薪|讨要|拿不到|没拿到|交不上|交不起|拿不出|还不"
)

COMBINATIONS: tuple[Combination, ...] = (
    Combination(
        "medium",
        "春节前欠薪",
        lambda text: bool(_WAGES.search(text) and _NEW_YEAR.search(text) and _OWED.search(text)),
    ),
    Combination(
        "medium",
        "期限紧迫",
        lambda text: bool(_DEADLINE.search(text) and _OWED.search(text)),
    ),
)
REASON_LEVEL.update({c.reason: c.level for c in COMBINATIONS})
SUPERSEDES["春节前欠薪"] = ("期限紧迫",)
