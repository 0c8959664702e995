"""The petition-risk rules as data: patterns, levels and the reasons staff read.

Kept apart from the evaluation in `risk.py` so the vocabulary can grow without touching the
logic. Patterns run on normalised Simplified text (half-width , ! ? : ; ( ) and lower-case
ASCII); each rule fires at most once per message.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

# -- shared vocabulary ----------------------------------------------------------------------
NUM = r"(?:[0-9]+|[一二两三四五六七八九十百几数]+)"
WE = (
    r"(?:我们|咱们|俺们|俺几个|我们几个|大家|大伙儿?|全村|全组|村民们?|工人们?|工友们?|乡亲们?|"
    r"家属们|业主们?|全厂|全体|老少爷们|一帮人|一群人|一起|几家|几户|"
    + NUM
    + r"(?:多|来|余)?(?:个|号|户|家|名)?(?:人|工人|村民|户|家))"
)
CROWD = (
    NUM
    + r"(?:多|来|余)?(?:个|号|名)?(?:人|工人|村民|农民工|户|家)|全村|全厂|老老少少|男女老少|一大帮|一群人|一帮人|几十号|上百人"
)
GOV = (
    r"(?:(?:市|县|区|镇|乡|省)(?:政府|委|人大|信访局|信访办|检察院|法院|公安局)|政府|检察院|法院|"
    r"信访局|信访办|公安局|派出所|县委|市委|省委|大院|大门|门口|广场)"
)
GO = r"(?:去|到|上|找|进|闯|冲|围|堵)"
INTENT_WORDS = (
    r"就|要(?!求)|准备|打算|计划|商量|决定|只能|只好|只有|干脆|马上|立马|明天|后天|今晚|过两天|下周|"
    r"月底|节后|年前|到时候|等着|非得|一定|必须|直接|宁可|逼"
)

# Cues that negate the action right after them; the ones that also open conditions
# (要是没有结果, 不要逼我) count only when the action follows at once.
NEGATION = re.compile(
    r"不会|不去|不想(?!活)|不打算|没打算|不准备|没想过?|不愿意?|绝不|决不|从不|从没|并不|不至于|"
    r"不可能|不再|不用|不必|不敢|没必要|犯不着|用不着|并非|也不|不是要|不是想|"
    r"没有(?=要|想|打算|去|上访|闹)|别(?=去|上访|闹|想不开|做傻事|冲动)|"
    r"不要(?=去|上访|闹|冲动|想不开)|防止|避免|以免|劝"
)
NEGATION_WINDOW = 8
QUESTION = re.compile(
    r"\?|吗$|么$|呢$|什么|怎么|怎样|如何|哪里|哪儿|哪个|是否|能否|能不能|可不可以|会不会|算不算|"
    r"是不是|程序|流程|规定|违法吗|犯法|合法|后果|条件|需要|咨询|请问|问一下"
)
INTENT = re.compile(r"我们|咱们|俺们|大伙|大家|全村|工人们|(?:" + INTENT_WORDS + ")")
SENTENCE_END = re.compile(r"[。!?;…\n]+")


def rewrite(text: str) -> str:
    """Undo phrasings that look like negations but are not (不得不去 = must go)."""
    if "不" in text:
        for phrase, plain in _REWRITES:
            text = text.replace(phrase, plain)
    return text


_REWRITES = (("不得不", "只能"), ("不能不", "只能"), ("不去不行", "只能去"), ("逼得没办法", "只能"))


@dataclass(frozen=True)
class Rule:
    """One risk rule: when `pattern` (and `needs`, if set) match a sentence, add `reason`."""

    level: str
    reason: str
    pattern: re.Pattern[str]
    needs: re.Pattern[str] | None = None  # must also appear somewhere in the sentence
    subject: re.Pattern[str] | None = (
        None  # must appear shortly before the trigger (我们, 三十多人)
    )
    negatable: bool = True


SUBJECT_WINDOW = 16


def _rule(
    level: str,
    reason: str,
    pattern: str,
    *,
    needs: str | None = None,
    subject: str | None = None,
    negatable: bool = True,
) -> Rule:
    return Rule(
        level,
        reason,
        re.compile(pattern),
        re.compile(needs) if needs else None,
        re.compile(subject) if subject else None,
        negatable,
    )


# 信访 as the act, not the office or the file (我们要求信访局答复 is not a threat).
PETITION = r"(?:上访|信访(?!局|办|部门|件|室|窗口|科|大厅|条例|渠道)|告状|讨说法|讨个说法|要说法|喊冤|请愿)"

RULES: tuple[Rule, ...] = (
    # -- high --------------------------------------------------------------------------------
    _rule(
        "high",
        "提到集体上访",
        r"(?:集体|联名|组织|一起|一块儿?|抱团)(?:去|到|上|找)?" + PETITION,
    ),
    _rule(
        "high",
        "提到集体上访",
        r"(?:" + INTENT_WORDS + r"|去(?!年)|到)[^,]{0,6}" + PETITION,
        subject=WE,
    ),
    _rule(
        "high",
        "扬言越级上访",
        r"越级|进京|赴京|(?:去|到|上|跑)(?:北京|省里|省城|济南|中央|天安门|中南海|省委|省政府|省检察院|最高检)"
        r"|(?:告|闹|找)到(?:北京|省里|中央|省城|济南)|国家信访局|省信访局",
    ),
    _rule(
        "high",
        "威胁自伤",
        r"自杀|跳楼|跳河|跳井|喝药|喝农药|服毒|上吊|割腕|自焚|点火烧了自己|寻死|不想活|不活了|"
        r"死给.{0,3}看|一死了之|以死|撞死在|死在(?:你们|检察院|政府|门口)|抹脖子|卧轨|轻生|想不开|"
        r"死了算了|活着没意思|去死",
    ),
    _rule(
        "high",
        "扬言伤害他人",
        r"同归于尽|杀了|弄死|砍死|捅死|砍了|捅了|宰了|炸了|炸药|放火|烧了他|烧他|血债|血溅|"
        r"一命换一命|要他的?命|跟他们?拼|拼了|(?:我|就|要)[^,]{0,3}报复|让他偿命|偿命|"
        r"见一个打一个|弄他",
    ),
    _rule(
        "high",
        "扬言堵路堵门或静坐",
        r"堵(?:路|门|大门|国道|高速|桥|马路|公路|政府|住)|拦(?:车|路|领导的车)|"
        r"(?:拉|打|挂|举)(?:横幅|条幅|白布|牌子)|举牌|静坐|围堵|围攻|冲击|堵在|躺在(?:路|门)|"
        r"跪在|下跪|绝食|扯横幅",
    ),
    _rule(
        "high",
        "计划多人聚集到机关",
        GO + r"[^,]{0,8}" + GOV,
        subject=CROWD,
    ),
    _rule(
        "high",
        "扬言到机关门口静坐",
        GO + GOV + r"[^,]{0,6}(?:坐着|坐下|坐一坐|躺着|睡|住下|住着|守着|不走|蹲着|站着)",
    ),
    _rule(
        "high",
        "扬言聚众闹事",
        r"闹事|去闹|大闹|闹大|闹到|闹一闹|闹他|闹一场|闹个",
        subject=WE,
    ),
    _rule("high", "扬言聚众闹事", r"(?:闹大|闹到底|闹得)[^,]{0,6}(?:全|所有|大家|都知道)"),
    # -- medium ------------------------------------------------------------------------------
    _rule(
        "medium",
        "情绪激烈",
        r"气死|忍无可忍|欺人太甚|太欺负人|欺负人|没天理|天理何在|没有天理|还有没有王法|没王法|"
        r"黑心|狗官|王八蛋|混蛋|畜生|他妈|tmd|尼玛|卧槽|什么玩意|废物|吃干饭的|不是人|狗日|"
        r"草泥马|去你的|滚蛋|愤怒|恨死|!!!|官官相护|一手遮天|逼死|冤死|忍不下去",
        negatable=False,
    ),
    _rule(
        "medium",
        "多次反映未解决",
        r"(?:多次|好几次|无数次|" + NUM + r"次|三番五次|屡次|一再|反复|几回|好几回|" + NUM + r"回)"
        r"[^,]{0,4}(?:反映|找|去|来|上访|信访|举报|投诉|打电话|打了|跑|问|申诉|告)"
        r"|跑了[^,]{0,4}(?:趟|次|回)|石沉大海|踢皮球|推来推去|互相推诿|推诿|扯皮|没人管|没人理|"
        r"没有人管|不了了之|不闻不问|(?:反映|上访|告|申诉|要)了?" + NUM + r"年|拖了" + NUM + r"年|"
        r"一拖再拖|一直拖着|年年(?:找|去|告)",
        negatable=False,
    ),
    _rule(
        "medium",
        "扬言找媒体或网上曝光",
        r"媒体|记者|电视台|报社|焦点访谈|今日说法|曝光|(?:发|传|挂|晒|放)到?(?:网上|微博|抖音|快手|"
        r"朋友圈|头条|贴吧|视频号)|上热搜|让全国人民|网上发|网络上发|发帖|发视频",
    ),
    _rule(
        "medium",
        "老弱病残生活困难",
        r"老人|老母亲|老父亲|老娘|老爹|老两口|老伴|[六七八九]十(?:多|几)?岁|年迈|高龄|残疾|瘫痪|"
        r"瘫在|重病|大病|癌|尿毒症|白血病|孤寡|五保|低保|卧床|智障|精神病|孤儿|留守|病重|植物人",
        needs=r"困难|没钱|看不起病|吃不上|没人管|没人照顾|无依无靠|没有收入|拿不出|交不起|活不下去|"
        r"没法活|揭不开锅|生活无着|没着落|无人照顾|可怜|走投无路|借遍|治不起|住不起|没饭吃|要饭",
        negatable=False,
    ),
    _rule(
        "medium",
        "表示走投无路",
        r"活不下去|没法活|走投无路|没有活路|没活路|逼上绝路|日子没法过|家破人亡|倾家荡产",
        negatable=False,
    ),
    _rule(
        "medium",
        "期限紧迫",
        r"(?:过年|年关|春节|腊月|年底|年前|开学|麦收|秋收|月底|急等|急用|等着用|等米下锅|救命钱|"
        r"手术费|医药费|学费)[^。]{0,12}(?:钱|工资|工钱|费|款|结|给|发|还|要)"
        r"|(?:钱|工资|工钱|款)[^。]{0,12}(?:过年|年关|春节|腊月|开学|急用|救命)",
        negatable=False,
    ),
    _rule(
        "medium",
        "扬言上访",
        r"(?:"
        + INTENT_WORDS
        + r"|还得|会|去(?!年))[^,]{0,4}"
        + PETITION
        + r"|告到底|一直告|告到你们|告你们",
    ),
)

REASON_LEVEL = {rule.reason: rule.level for rule in RULES}

# A graver reason makes a milder one redundant on the same message.
SUPERSEDES = {"提到集体上访": ("扬言上访",), "扬言越级上访": ("扬言上访",)}

# Every rule needs one of these words: one search skips the rule loop for calm messages.
TRIGGERS = re.compile(
    r"上访|信访|告|说法|冤|请愿|维权|集体|联名|一起|越级|进京|赴京|北京|省|济南|中央|天安门|"
    r"自杀|跳|喝|服毒|吊|割腕|自焚|烧|寻死|活|死|轻生|想不开|杀|弄|砍|捅|宰|炸|放火|血|命|拼|"
    r"报复|堵|拦|横幅|条幅|白布|牌|静坐|围|冲击|躺|跪|绝食|闹|坐|睡|住|守|不走|蹲|站着|"
    r"气|忍|欺|天理|王法|黑心|狗|蛋|畜生|妈|tmd|尼玛|卧槽|玩意|废物|干饭|不是人|草泥马|去你的|"
    r"愤怒|恨|!!!|官官|遮天|逼|次|回|跑|石沉|皮球|推|扯皮|没人|不了了之|不闻不问|年|拖|媒体|"
    r"记者|电视|报社|焦点|曝光|网|微博|抖音|快手|朋友圈|头条|贴吧|视频|热搜|全国|发帖|老|岁|"
    r"残|瘫|病|癌|孤|五保|低保|卧床|智障|留守|植物人|走投无路|活路|绝路|没法过|家破|倾家|过年|"
    r"春节|腊月|开学|麦收|秋收|月底|急|等着|等米|救命|手术|医药|学费|" + NUM + r"|全村|全厂"
)


@dataclass(frozen=True)
class Combination:
    """A reason raised by the message as a whole, from other reasons or co-occurring words."""

    level: str
    reason: str
    applies: Callable[[str, list[str]], bool]


_WAGES = re.compile(r"工资|工钱|欠薪|讨薪|血汗钱|劳务费|农民工")
_NEW_YEAR = re.compile(r"过年|年关|春节|腊月|年底|年前|小年")

COMBINATIONS: tuple[Combination, ...] = (
    Combination(
        "medium",
        "春节前欠薪",
        lambda text, reasons: bool(_WAGES.search(text) and _NEW_YEAR.search(text)),
    ),
)
REASON_LEVEL.update({c.reason: c.level for c in COMBINATIONS})
