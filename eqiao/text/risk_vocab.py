"""The risk rules' shared vocabulary and the sentence-level readings `risk.py` applies.

Groups, crowds, plans and places the rules in `risk_rules.py` are built from; negation,
dismissal, questions, case facts and acts suffered, which set a trigger aside. Patterns run
on normalised Simplified text (half-width , ! ? : ; ( ) and lower-case ASCII).
"""

from __future__ import annotations

import re

# -- shared vocabulary ----------------------------------------------------------------------
NUM = r"(?:[0-9]+|[一二两三四五六七八九十百几数n]+)"
# A number of people: 三十多个人, 四十来号人, 二十几个工人, 一百多户, 四十多口子.
CROWD = (
    NUM + r"(?:多|来|余|几)?(?:个|号|名|口子|口)?(?:人|工人|工友|村民|农民工|户|家|业主|老师|商户|"
    r"老人|群众|居民|职工|员工|学生|家长|股民|会员|债主|投资人|受害人|被害人|储户|司机|教练|骑手|"
    r"快递员|学员|乘客|车主|租户|患者|病人|老兵|战友)"
    # ... or their vehicles (好几十辆车, 二十多辆三轮车)
    r"|" + NUM + r"(?:多|来|余|几)?辆"
    r"|" + NUM + r"(?:多|来|余|几)?口子"
    r"|(?:[二两三四五六七八九]?十|百|几十)(?:多|来|余|几)?口(?!气|饭|水|子)"
    r"|全村|全厂|全组|老老少少|男女老少|全家老小|一家老小|一大帮|一群人|一帮人|几十号|上百"
    r"|几个村|整条街|所有人|全乡|全镇"
    r"|(?:多名|多位|众多|部分|一些|许多|好多)(?:被害人|受害人|工人|村民|业主|群众|家长|投资人|债主)"
)
# Who acts: a group. 我们 alone may be a couple, so it counts only with a collective plan.
GROUP_STRONG = (
    r"大伙|大家|全村|村民|工人|工友|乡亲|业主|老少爷们|全体|商户|果农|养殖户|会员|申诉人们?|全家|一家人|"
    r"弟兄们|兄弟们|姐妹们|家长们|家长群|老师们|司机们|"
    r"被骗的人|职工们|老师们|家属们|战友们|老战友|老兵们|全乡|全镇|" + CROWD
)
GROUP = r"我们|咱们|俺们|" + GROUP_STRONG
# Markers that a group acts together, not one person who writes "we".
TOGETHER = (
    r"一起|一块|一同|集体|集合|全体|统一|都去|都到|报名|约好|说好|商量好|商量着|组织|联系上|联系好|建了群|"
    r"已建群|租好|找好|定于|约定"
)
PLAN = (
    TOGETHER
    + r"|明天|后天|明早|明儿|今晚|今天|下周|下个?礼拜|周[一二三四五六日末]|星期[一二三四五六日天]|"
    r"月底|腊月|开学|再不|" + NUM + r"[号日]|准备|打算|计划|决定|就去|就到|就把|就都|要去|出发"
)
GOV = (
    r"(?:(?:市|县|区|镇|乡|省)(?:政府|委|人大|信访局|信访办|检察院|法院|公安局|公安厅|纪委|高院|里|上)"
    r"|政府|检察院|法院|信访局|信访办|公安局|派出所|县委|市委|省委|纪委|教育局|大院|大门|门口|门前|"
    r"广场|大厅|院里|你们院|市里|县里|镇上|镇里|区里|乡里|省城)"
)
PLACE = (
    GOV[:-1] + r"|局(?!长)|人社|管委会|街道办|工地|厂门口|公司|老板家|他家|售楼处|售楼部|总部|"
    r"收购站|物业|办公室|项目部|银行|医院|学校)"
)
GO = r"(?:去|到|上|找|进|闯|冲|围|堵)"
INTENT_WORDS = (
    r"就|要(?!求)|准备|打算|计划|商量|决定|只能|只好|只有|干脆|马上|立马|明天|后天|今晚|过两天|"
    r"下周|月底|节后|年前|到时候|等着|非得|一定|必须|直接|宁可|逼"
)

# Cues that negate the action right after them; the ones that also open conditions
# (要是没有结果, 不要逼我) count only when the action follows at once.
NEGATION = re.compile(
    r"不会|(?<![出回过进])不去|不想(?!活)|不打算|没打算|不准备|没想过?|不愿意?|绝不|决不|从不|从没|并不|不至于|"
    r"不可能|不再|不用|不必|不敢|没必要|犯不着|用不着|并非|不是要|不是想|"
    r"没有(?=要|想|打算|去|上访|闹)|别(?=去|上访|闹|想不开|做傻事|冲动)|"
    r"不要(?=去|上访|闹|冲动|想不开)|防止|避免|以免|劝|本来(?:都|就)?想|原本想|差点就?|(?:以前|当初|原来)[^,]{0,3}想"
)
NEGATION_WINDOW = 8
# Right after a trigger, words that judge the act instead of announcing it (上访没用).
DISMISSED_AFTER = re.compile(
    r".{0,2}(?:没用|没有用|不管用|解决不了|行不通|不是办法|(?<!不)是气话|(?<!不)是说气话)"
    r"|[^,]{0,3}(?:那个?|的)?事(?:就|也)?(?:不去了|算了|作罢)"
    # ... or selling under a banner (拉横幅卖假化肥)
    r"|[^,]{0,2}(?:卖|促销|宣传|招生|甩卖)"
    # ... or reported with what followed, someone's past rather than a plan (堵路被拘了)
    r"|[^,]{0,2}被(?:拘|抓|判|处罚|处理|行政拘留|刑拘)[^,]{0,4}了"
)
# A sentence that asks about the words rather than announcing a plan.
ASKS = re.compile(r"\?|吗[^\w]*$|呢[^\w]*$|么[^\w]*$|请问|咨询|想问|问一下|问问|想了解|了解一下")
ASKS_ABOUT_LAW = re.compile(
    r"违法|犯法|合法|算不算|会不会|会被|怎么处理|程序|流程|规定|需要什么|要带什么|需要带|"
    r"什么材料|需要先|区别|标准|判刑|拘留|属于|条例|怎么说|报备|备案|登记|需要提前|要不要"
)
INTENT = re.compile(r"我们|咱们|俺们|大伙|大家|全村|工人们|(?:" + INTENT_WORDS + ")")
# What makes a question about a plan a dated plan (in_questions="dated").
DATED = re.compile(
    r"明天|后天|明早|明儿|今晚|今天|下周|下个?礼拜|周[一二三四五六日末]|星期[一二三四五六日天]|月底|"
    r"下个?月|礼拜[一二三四五六日天]|过了?(?:十五|年)|节后|年后|开春|" + NUM + r"[号日]"
)
# Shortly before a trigger: the act was done to the writer (被人捅了, 找人砸了, 让人点了).
# Also 叫 right before the act (玻璃都叫砸了) and the writer's own thing as what 把 takes
# (他们把俺家玻璃砸了): someone else did it to the writer.
SUFFERED = re.compile(
    r"(?:(?:被|让人|叫人|找人)[^,]{0,5}|叫|叫[^,]{0,3}给|把(?:我|俺|咱)[^,]{0,6})$"
)
# Right after a trigger: the writer is what the act was done to (砸了我的摊, 打了俺).
SUFFERED_AFTER = re.compile(r"(?:我|俺|咱)(?!们?(?:就|也|要|会))")
# Shortly before a trigger: another side's words about the writer (他们说俺们闹事, 人家非说
# 我们是去闹): what the writer is accused of, not what the writer says they will do.
OTHERS_SAY = re.compile(
    r"(?:他们|他|人家|对方|干部|镇上|村里|领导|派出所|警察|公安|城管|老板)[^,]{0,4}"
    r"(?:说|讲|骂|诬陷|诬赖|污蔑|诬告)(?:俺们|我们|咱们|俺|我)[^,]{0,3}$"
)
# A sentence telling a case's facts (被以聚众扰乱…罪立案): the acts in it are the offence
# charged, not a threat — unless the writer's group speaks in it too.
CASE_FACTS = re.compile(
    r"被以[^,]{0,14}罪|以[^,]{0,14}罪(?:立案|起诉|判|被)|涉嫌[^,]{0,14}罪|"
    r"曾(?:于[^,]{0,10})?因[^,]{0,20}被(?:判|拘|处|训诫|刑拘)|被告人曾因|犯罪嫌疑人曾因|"
    r"[^,]{2,12}一案"
)
# A sentence that tells of others' acts or dismisses the act (news of someone else's act,
# calling the act foolish), or takes back what the writer said before (when: a past time;
# what: saying; how: in anger, rashly, not meant): the words are talked about.
SET_ASIDE = re.compile(
    r"(?:不干|不做|不学|不会干)[^,]{0,3}(?:傻事|蠢事)|犯傻|(?<!不)是气话|想想算了|后来想想|"
    r"看新闻|新闻(?:上|里)说|"
    r"(?:上次|上回|之前|以前|那天|那次|当时|前些天|前几天|头几天)[^。!?]{0,24}"
    r"(?<!不是)(?<!不是说)(?:气话|冲动|气头上|在气|一气之下|随口|说说而已|不算数|不是真的)|"
    # ... or says the state it was said in has passed (now: better, thought it through)
    r"(?:现在|如今|已经|后来)[^,]{0,3}(?:想通了|想开了|好多了|没事了|不那么想了)"
)
WE = re.compile(r"我们|俺们|咱们|大伙|大家")
HYPOTHETICAL = re.compile(r"如果|假如|要是|万一|假设|若是")
SENTENCE = re.compile(r"[^。!?;…\n]+[。!?;…\n]*")


def rewrite(text: str) -> str:
    """Undo phrasings that look like negations but are not (不得不去 = must go)."""
    if "不" in text:
        for phrase, plain in _REWRITES:
            if phrase in text:
                text = text.replace(phrase, plain)
    return text


_REWRITES = (("不得不", "只能"), ("不能不", "只能"), ("不去不行", "只能去"))
