"""The words of sentiment and severity (labelling policy: data/POLICY.md): what makes a
relevant negative post `major` — an accusation against a named person or an office's
leadership, a death or a threat to life, a group action, a call to spread an accusation —
and the cues the sentiment model counts (negative, positive, the official voice, doubt).
Pure data, no Django; `lexicon` re-exports them beside the vocabulary of relevance."""

from __future__ import annotations

import re

# Severity `major` (policy): accusation of wrongful prosecution or corruption, a death or a
# threat to life, a group action, a call to spread an accusation.
MAJOR_ACCUSATION = (
    "冤案",
    "冤假错",
    "错案",
    "冤枉",
    "蒙冤",
    "含冤",
    "喊冤",
    "受贿",
    "行贿",
    "索贿",
    "贪污",
    "腐败",
    "收钱",
    "收了钱",
    "收红包",
    "拿钱",
    "收好处",
    "好处费",
    "红包",
    "滥用职权",
    "以权谋私",
    "包庇",
    "徇私",
    "枉法",
    "保护伞",
    "官官相护",
    "勾结",
    "黑幕",
    "权钱交易",
    "打招呼",
    "关系户",
    "塞钱",
    "送钱",
    # protecting or colluding with an offender, in plain words
    "一伙的",
    "穿一条裤子",
    "袒护",
    "护短",
    "纵容",
    # taking something, framing someone, getting back at a complainant
    "收东西",
    "收礼",
    "拿了好处",
    "回扣",
    "贿赂",
    "人情案",
    "关系案",
    "花钱摆平",
    "陷害",
    "诬陷",
    "栽赃",
    "打击报复",
    "报复",
    # power used for someone, or someone behind the case (round 3)
    "以权压人",
    "以权压法",
    "仗势欺人",
    "撑腰",
    "利用职权",
    "家里有人",
    "上面有人",
    "有后台",
    "走后门",
    "暗箱操作",
    "被买通",
    "买通",
    "捞人",
    "猫腻",
    "心里有鬼",
    "有鬼",
    "欲加之罪",
    "成了被告",
    # the same readings in other common words (round 3: for writers not yet seen)
    "托关系",
    "找关系",
    "关系硬",
    "有背景",
    "后台硬",
    "靠山",
    "罩着",
    "一手遮天",
    "只手遮天",
    "手眼通天",
    "土皇帝",
    "蛇鼠一窝",
    "沆瀣一气",
    "狼狈为奸",
    "串通",
    "内外勾结",
    "送礼",
    "吃拿卡要",
    "吃回扣",
    "索要",
    "屈打成招",
    "逼供",
    "刑讯",
    "颠倒黑白",
    "黑白颠倒",
    "草菅人命",
    "知法犯法",
    "执法犯法",
    "违法办案",
    "人情案",
    "选择性执法",
    "伸冤",
    "申冤",
    # taking one side (round 4)
    "偏袒",
    "拉偏架",
)
MAJOR_LIFE = (
    "跳楼",
    "喝药",
    "农药",
    "自杀",
    "轻生",
    "不想活",
    "活不下去",
    "以死",
    "死了",
    "去世",
    "身亡",
    "死亡",
    "人命",
    "出人命",
    "割腕",
    "上吊",
    "寻死",
    # a death told gently, a threat told plainly
    "人走了",
    "人没了",
    "过世",
    "离世",
    "寻短见",
    "想不开",
    "一死了之",
    "不活了",
    "死给",
    # a life at stake, a death blamed on the matter (round 3)
    "抢救",
    "跳下去",
    "跳河",
    "死的冤",
    "死得冤",
    "冤死",
    "逼死",
    "害死",
    "同归于尽",
    "死在",
    "自焚",
    "撞墙",
    "绝食",
    "没法活",
    "活不成",
    "跳桥",
    "卧轨",
    "豁出这条命",
    "搭上这条命",
    "遗书",
    "白发人送黑发人",
    # a death named by what is left, or by its cause (round 4)
    "遗体",
    "尸体",
    "死因",
    "猝死",
)
MAJOR_GROUP = (
    "集体上访",
    "几十个人",
    "几十人",
    "上百人",
    "一群人",
    "拉横幅",
    "横幅",
    "联名",
    "组织大家",
    "大家一起去",
    "一起去检察院",
    "围堵",
    "静坐",
    "堵门",
    "门口聚集",
    "聚集",
    "上访团",
    "全村人",
    "整个村",
    "一大群人",
    "堵路",
    "示威",
    "请愿",
    "联名信",
    "按手印",
    "集体签名",
    "进京上访",
    "越级上访",
)
MAJOR_SPREAD = (
    "求扩散",
    "求转发",
    "扩散",
    "速扩",
    "转疯了",
    "刷屏",
    "帮忙转",
    "让更多人知道",
    "都转转",
    "转起来",
    "大家转",
    "帮转",
    "转发周知",
    "扩散出去",
    "人人转",
    "求曝光",
    "帮顶",
)

# Negative words the review-trained sentiment model misses in this domain.
NEGATIVE_CUES = (
    "没人接",
    "没人理",
    "不接电话",
    "打不通",
    "没人管",
    "没回复",
    "没有回复",
    "不回复",
    "没消息",
    "没下文",
    "石沉大海",
    "态度差",
    "态度恶劣",
    "态度很差",
    "爱答不理",
    "甩脸",
    "凶",
    "推诿",
    "踢皮球",
    "敷衍",
    "拖着",
    "拖了",
    "一拖再拖",
    "等了",
    "太慢",
    "效率低",
    "白跑",
    "跑了好几趟",
    "失望",
    "寒心",
    "心寒",
    "气愤",
    "愤怒",
    "不公",
    "不公平",
    "看不懂",
    "说不清",
    "糊弄",
    "官僚",
    "门难进",
    "脸难看",
    "事难办",
    "呵呵",
    "醉了",
    "无语",
    "垃圾",
    "离谱",
    "凭什么",
    "到底",
    "还有没有",
    "太过分",
    "过分",
    "投诉",
    "不作为",
)
POSITIVE_CUES = (
    "点赞",
    "给力",
    "感谢",
    "谢谢",
    "辛苦了",
    "好样的",
    "暖心",
    "锦旗",
    "为民",
    "厉害",
    "赞",
    "负责",
    "耐心",
    "及时",
    "满意",
    "靠谱",
    "好评",
    "致敬",
    "温暖",
)

# The official voice (statements, releases, case reports): neutral unless it complains.
OFFICIAL = (
    "发布声明",
    "声明",
    "通报",
    "情况说明",
    "回应",
    "以案说法",
    "以案释法",
    "依法",
    "经查",
    "不实",
    "谣言",
    "辟谣",
    "近日",
    "日前",
    "开展",
    "举办",
    "提起公诉",
    "召开",
    "科普",
)
# Doubt and wait-and-see: a question about a rumour is not an accusation.
DOUBT = ("先别", "等官方", "别急", "别带节奏", "别被", "假的吧", "别信谣", "不信谣")
# A reposter who doubts or discourages what they pass on ("真的假的？//@…: 求扩散 …").
COMMENT_DOUBT = re.compile(
    r"真的假的|是真的吗|先别|等官方|别急|假的吧|别去了|谣言|辟谣|不信|理性|没用|看不清"
)
# Distrust of a denial ("别信官方的通报"): an official word that does not make the post
# an official statement.
DISTRUST = re.compile(r"(?:别|不要|不能|谁)信[^,.!?]{0,4}(?:官方|辟谣|通报|声明|回应)")
# Accusations and group actions in the words people use (besides the fixed cues above).
MAJOR_PATTERNS = re.compile(
    r"收了[^,.!?;:\s]{0,8}(?:钱|好处|红包)|给了钱|多少好处|压下[来去]|压着不|硬压|"
    r"[一二三四五六七八九十几两]{1,3}十来?个?人|\d{2,}个?人(?:一起|去|到|在)|一百人|上百|"
    r"门口集合|集合|人越多越好|聚了|组织[^,.!?]{0,8}一起去|一起去[^,.!?]{0,10}讨说法|"
    # money taken, in figures ("收了对方二十万")
    r"收了[^,.!?;:\s]{0,10}[\d一二三四五六七八九十两几百千]+万|"
    # the offender's father or relative holds office: the accusation of protecting him
    r"(?:爹|爸|爸爸|父亲|老子|亲戚|舅舅|叔叔)是[^,.!?]{0,4}(?:当官|局长|领导|干部|书记|所长|主任)|"
    # many households or people going together to the office
    r"[一二三四五六七八九十几两数]{1,3}十来?(?:户|家人)|\d{2,}户|"
    r"一起去[^,.!?]{0,10}(?:检察|上访|门口)|"
    r"(?:这么|那么|就|都|还)护着|护着(?:他|她|那)|"
    # a relative or an old friend in office behind the other side (round 3)
    r"(?:亲戚|家里人|家人|兄弟|小舅子)在[^,.!?]{0,6}(?:当官|当领导|当干部)|"
    r"(?:检察长|检察官|院长|领导)[^,.!?]{0,3}是[^,.!?]{0,4}(?:老同学|同学|战友|亲戚)|"
    r"打(?:了|过)?招呼|"
    # a crowd told in the words of the countryside, a group organised (round 3)
    r"(?:[一二三四五六七八九几]?[十百]|\d{2,})多?(?:口子|号人)|"
    r"组织(?:大伙|大家|乡亲|村民|群众)|"
    # gifts taken or given to the one handling the case, a case held back (round 4)
    r"收了[^,.!?;:\s]{0,8}(?:烟|酒|华子|购物卡|礼)|送了?多少|给(?:恁|你们?|他|她)[^,.!?]{0,2}送[了过]|"
    r"压下了|"
    # the one handling the case related to, or eating with, the other side (round 4)
    r"(?:检察长|检察官|院长|领导|承办人|主任)[^,.!?]{0,8}是[^,.!?]{0,4}"
    r"(?:连襟|亲家|表亲|发小|本家|一家子)|向着(?:人家|对方|他们|那家)|"
    r"(?:老板|对方|被告|嫌疑人|当事人|那家人?)[^,.!?]{0,4}(?:一起|一块)?(?:吃|喝)[过了]?(?:饭|酒)|"
    r"饭局|大吃大喝|"
    # a death in custody told gently; a crowd counted in hundreds (round 4)
    r"(?:看守所|拘留所|监狱|号子)[^,.!?]{0,4}没了|[一二三四五六七八九几两]百多?[个号]?人"
)
# A doubt taken back ("别被带节奏, 但这事确实得有个说法"): the post still complains.
DOUBT_TAKEN_BACK = re.compile(
    r"(?:先别|等官方|别急|别带节奏|别被|冷静点)[^.!?]{0,12}(?:但|可是|不过)"
)
