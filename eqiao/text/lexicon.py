"""Category cue words: what a receptionist looks for first when sorting a message.

Each category lists cue patterns with weights. They serve twice: as the rule-based fallback
when no trained model is present, and as features (`cue:<category>`) the statistical model
learns to trust more or less. Patterns run on normalised Simplified text.
"""

from __future__ import annotations

import re
from collections.abc import Set
from functools import cache

from eqiao.text._gate import Gate

CATEGORIES = ("complaint", "appeal", "report", "consultation", "lawyer", "aid", "feedback", "other")

_CUES: dict[str, tuple[tuple[str, float], ...]] = {
    "lawyer": (
        (
            r"阅卷|会见|复制案卷|案卷材料|电子卷宗|律师事务所|律所|执业证|所函|委托手续|辩护人|诉讼代理人",
            3.0,
        ),
        (r"律师|代理人|辩护|代理的|当事人|承办检察官|承办人|羁押必要性|强制措施|量刑建议", 1.5),
        (r"预约|案号|起诉书|移送起诉|审查起诉", 0.5),
    ),
    "report": (
        (
            r"举报|实名|贪污|受贿|行贿|索贿|挪用|挪去|侵吞|中饱私囊|吃拿卡要|小金库|虚报|冒领|套取|公款",
            2.5,
        ),
        (r"贪|村支书|村主任|村官|书记|会计|局长|所长|站长|院长|干部|领导|镇长|乡长|科长|主任", 0.8),
        (
            r"渎职|失职|玩忽职守|滥用职权|包庇|保护伞|充当|收了.{0,6}(?:钱|好处)|好处费|回扣|送礼|红包|"
            r"吃喝|串通|勾结|私分|私自|暗箱|利益输送|哪来.{0,4}钱|彻查|查一查|查查|收钱|收了钱|"
            r"收受|贪官|核实",
            1.5,
        ),
        (r"扶贫|低保|补贴|补助|专项资金|工程款|账目|账上|发票|集体|国有", 0.6),
    ),
    "appeal": (
        (
            r"申诉|不服|判决|裁定|再审|改判|原判|冤案|错案|判错|判得|判了|不起诉决定|撤销原|抗诉|"
            r"重新审查|调解书|检察监督|驳回",
            2.5,
        ),
        (r"一审|二审|终审|法院判|量刑|定罪|判刑|刑期|服刑|法官|证据|适用法律|认定", 1.2),
    ),
    "complaint": (
        (
            r"控告|非法拘禁|刑讯|逼供|打人|殴打|被打|违法|滥用|不立案|不受理|不作为|扣押|查封|没收|"
            r"追究责任|投诉",
            1.5,
        ),
        (
            r"派出所|公安|警察|民警|城管|执法|执行局|拘留|扣着|不退|不还|拖欠|欠薪|工资|工钱|强拆|"
            r"开发商|老板|包工头|物业",
            1.0,
        ),
        (r"骗|诈骗|霸占|强占|占了|侵占|欺负|威胁|打伤|损失|赔偿|退还|态度|骂人", 0.8),
    ),
    "consultation": (
        (
            r"请问|咨询|想问|问一下|问问|想了解|怎么办|怎么处理|如何|是否|能不能|可不可以|可以吗|吗\?|吗$|"
            r"咋|怎么|啥时候|多久|多长时间|哪里|哪个部门|找谁|上班吗|上班时间|几点|电话是多少|"
            r"电话多少|号码是多少|地址在哪|在哪儿|怎么走|办公时间",
            1.5,
        ),
        (
            r"需要什么|什么材料|什么手续|流程|程序|规定|法律上|合法|犯法|违法吗|判几年|怎么算|算不算|"
            r"会不会|能当|有效吗|要承担|责任",
            1.2,
        ),
        (r"\?", 0.4),
    ),
    "aid": (
        (r"司法救助|救助|维权救助|法律援助|帮帮|帮扶|求助|救救|困难补助|申请补助|求求", 2.5),
        (
            r"困难|没钱|看不起病|治病|医药费|治疗费|手术费|学费|房租|生活无着|低保|五保|残疾|瘫痪|重病|贫困|"
            r"被害人|受害人|被害|孤儿|植物人|没有赔偿能力|赔不起|没钱赔|一分钱|倾家荡产|借遍|欠了",
            1.0,
        ),
    ),
    "feedback": (
        (
            r"感谢|谢谢|点赞|满意|不满意|好评|表扬|锦旗|辛苦了|为民|负责|热情|耐心|及时|效率|真好|很好|"
            r"挺好|五颗星|方便多了|打分|评价|回访",
            1.5,
        ),
        (
            r"建议|意见|希望.{0,16}(?:能|多|尽快|增加|开通|延长|改进|公布|继续)|服务态度|态度|"
            r"公众号|微博|网站|平台|热线|查询机|手机报|检察室报|普法|讲座",
            1.2,
        ),
    ),
    "other": (
        (
            r"中奖|优惠|促销|加微信|加v|加qq|加群|代办|贷款|放款|免费领|点击|链接|http|www|发票代开|"
            r"兼职|刷单|退订|出售|回收|代写|转发|砍一刀|助力|好运|月租|拎包|主播|白癜风|股票|商城|"
            r"特价|折起|包邮|批发|代购|微商|套现|返利|理财|正品|快递|取件|驿站|冻结|解冻|办证|包过|代考|"
            r"联系qq|加我",
            2.5,
        ),
        (
            r"^(?:你好|您好|在吗|在不在|哈+|哈喽|嗨|hi|hello|喂+|测试|test|晚安|早上好|打错了|发错了|"
            r"好的|收到|嗯+|哦|ok)\W*$|听得见|听到吗|"
            r"天气|下雨|限号|外卖|对象|招人|下班|烤鱼|宝宝|新年快乐|恭喜发财|红包|机器人",
            1.5,
        ),
    ),
}

CUE_PATTERNS: tuple[tuple[str, float, re.Pattern[str]], ...] = tuple(
    (category, weight, re.compile(pattern))
    for category, cues in _CUES.items()
    for pattern, weight in cues
)


@cache
def _gate() -> Gate:
    return Gate([pattern for _, _, pattern in CUE_PATTERNS])


def cue_scores(text: str, units: Set[str] | None = None) -> dict[str, float]:
    """Summed cue weights per category that has any cue in `text` (normalised).

    `units` is `eqiao.text._gate.text_units(text)` if the caller computed it already."""
    scores: dict[str, float] = {}
    for i in sorted(_gate().candidates(text, units)):
        category, weight, pattern = CUE_PATTERNS[i]
        hits = len(pattern.findall(text))
        if hits:
            scores[category] = scores.get(category, 0.0) + weight * min(hits, 3)
    return scores


def rule_category(text: str) -> str:
    """The category the cue words alone point to; consultation/other for a cue-less text."""
    scores = cue_scores(text)
    if not scores:
        return "other" if len(text) < 8 else "complaint"
    return max(CATEGORIES, key=lambda c: scores.get(c, 0.0))
