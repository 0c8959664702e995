"""The default vocabulary of relevance and severity: the Liaocheng offices, the watch-list and
the traps (labelling policy: /work/labels/opinion/POLICY.md, summarised in NOTES below).

Pure data and no Django: `eqiao opinion analyze` and the evaluation read it without a
database. Installations add to it with `WatchTerm` rows (see `services.terms`), which the
worker merges in; nothing here is specific to one post.

What makes a post relevant (the link must be in the post itself):
- an office by name or short form (聊城检察, 冠县检察院, 莘县检察 …), an outpost (清水检察室),
  or a Liaocheng place together with 检察 anywhere in the post ("县检察院" when the place is
  clear from the context);
- a watch-listed prosecutor's name in a procuratorial context (检察官, 起诉, 案子 …), not a
  namesake (a singer 陈静, a farmer 王建国 selling melons);
- a repost of a relevant post (the near-duplicate takes its original's label).
Not relevant however worded: TV dramas and novels, other cities' procuratorates without a
Liaocheng hook, police/court/纪委-only matters, 检查/体检 homonyms, everyday Liaocheng life.
"""

from __future__ import annotations

import re

# The city and its eight grassroots districts/counties: the place, its short spellings, and
# the office's short name used to file an event with the office concerned.
CITY = "聊城"
CITY_OFFICE = "聊城市人民检察院"
PLACES: dict[str, tuple[str, ...]] = {
    "聊城市人民检察院": ("聊城",),
    "东昌府区人民检察院": ("东昌府", "东昌"),
    "临清市人民检察院": ("临清",),
    "阳谷县人民检察院": ("阳谷",),
    "莘县人民检察院": ("莘县",),
    "茌平区人民检察院": ("茌平",),
    "东阿县人民检察院": ("东阿",),
    "冠县人民检察院": ("冠县",),
    "高唐县人民检察院": ("高唐",),
}

# Watch-list (fictional, from the labelling policy): name → office. Typos people make are
# matched by `WATCH_VARIANTS`.
WATCH_NAMES: dict[str, str] = {
    "马卫东": "聊城市人民检察院",
    "张立新": "冠县人民检察院",
    "李淑芬": "东昌府区人民检察院",
    "王建国": "莘县人民检察院",
    "刘洪涛": "临清市人民检察院",
    "赵明辉": "阳谷县人民检察院",
    "陈静": "高唐县人民检察院",
    "孙海波": "东阿县人民检察院",
    "周丽华": "茌平区人民检察院",
}
WATCH_VARIANTS: dict[str, str] = {
    "马卫冬": "马卫东",
    "张立鑫": "张立新",
    "张力新": "张立新",
    "李淑芳": "李淑芬",
    "李书芬": "李淑芬",
    "刘宏涛": "刘洪涛",
    "刘洪滔": "刘洪涛",
    "赵明晖": "赵明辉",
    "赵明辉": "赵明辉",
    "孙海被": "孙海波",
    "周丽花": "周丽华",
    "周莉华": "周丽华",
}

# Words that make 检察 mean this system (with a place) and a name mean the prosecutor.
PROCURATORIAL = (
    "检察",
    "12309",
    "公益诉讼",
    "不起诉",
    "批捕",
    "批准逮捕",
    "公诉",
    "司法救助",
    "控告申诉",
    "检察室",
)
# A watch-listed name counts in these contexts (an office word or a case word).
NAME_CONTEXT = (
    "检察",
    "检察官",
    "检察长",
    "起诉",
    "公诉",
    "案子",
    "案件",
    "办案",
    "申诉",
    "上访",
    "信访",
    "12309",
    "听证",
    "司法救助",
    "院长",
    "冤",
    "受贿",
    "包庇",
)
# A namesake: the name with everyday-life words and no office word.
NAMESAKE = (
    "歌手",
    "演唱会",
    "新歌",
    "专辑",
    "粉丝",
    "卖瓜",
    "西瓜",
    "甜瓜",
    "种地",
    "老师",
    "同学",
    "球员",
    "演员",
    "主播",
    "医生",
    "村民",
)

# Always not about these offices: fiction, and other places' procuratorates when no
# Liaocheng office is named.
FICTION = (
    "人民的名义",
    "巡回检察组",
    "侯亮平",
    "电视剧",
    "追剧",
    "剧情",
    "小说",
    "网剧",
    "演员",
    "第几集",
    "大结局",
    "集里",
    "剧里",
    "这部剧",
)
OTHER_PLACES = (
    "济南",
    "青岛",
    "烟台",
    "潍坊",
    "淄博",
    "菏泽",
    "德州",
    "泰安",
    "济宁",
    "临沂",
    "日照",
    "威海",
    "滨州",
    "东营",
    "枣庄",
    "河北",
    "河南",
    "北京",
    "上海",
    "广东",
    "江苏",
    "浙江",
    "天津",
    "湖南",
    "湖北",
    "四川",
    "广西",
    "山西",
    "陕西",
    "安徽",
    "江西",
    "福建",
    "云南",
    "贵州",
    "辽宁",
    "吉林",
    "黑龙江",
    "内蒙古",
    "新疆",
    "甘肃",
    "宁夏",
    "海南",
    "重庆",
    "长沙",
    "石家庄",
    "郑州",
    "武汉",
    "南京",
    "杭州",
    "成都",
    "广州",
    "深圳",
    "西安",
    "合肥",
    "太原",
    "沈阳",
    "哈尔滨",
    "邯郸",
    "邢台",
    "衡水",
    "保定",
    "最高检",
    "最高人民检察院",
    "省检察院",
    "省院",
)
# Homonyms of 检察 that never make a post relevant on their own.
HOMONYMS = ("检查", "质检", "体检", "安检", "检测", "检验")

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

# The township outposts (派驻检察室) of each office: "清水检察室" names 冠县's office.
OUTPOSTS: dict[str, tuple[str, ...]] = {
    "东昌府区人民检察院": ("城北", "新区", "市南", "堂邑", "沙镇"),
    "临清市人民检察院": ("临东", "松林", "烟店", "康庄"),
    "阳谷县人民检察院": ("阿城", "七级", "张秋", "寿张"),
    "莘县人民检察院": ("朝城", "观城", "张鲁", "古云"),
    "茌平区人民检察院": ("博平", "乐平铺", "杜郎口", "冯官屯"),
    "东阿县人民检察院": ("刘集", "牛角店", "姚寨", "鱼山"),
    "冠县人民检察院": ("清水", "甘官屯", "柳林", "北馆陶"),
    "高唐县人民检察院": ("梁村", "清平", "琉璃寺", "固河"),
}

# Case words that tie a Liaocheng place to the procuratorate's work without saying 检察
# ("东阿那个挖沙的案子后来申诉了没").
CASE_WORDS = ("申诉", "冤案", "不起诉", "公益诉讼", "司法救助", "救助金", "听证", "12309", "信访")
# Police or court doing the work: the place's case words are then not ours.
OTHER_ORGANS = ("法院", "公安", "派出所", "警方", "交警", "纪委", "监委", "市场监管")
# Someone else with a watch-listed name, or a 检察院 that is not one.
NAMESAKE_CUES = (
    "同名",
    "重名",
    "搞混",
    "撞名",
    "我也叫",
    "也叫",
    "不是检察院那个",
    "不是检察官",
    "不是那个",
    "检测院",
)
# Impostors: a warning about fraudsters posing as the procuratorate is police news.
IMPOSTOR = ("冒充公检法", "冒充检察", "冒充公安", "假冒检察", "假检察官")
# Landmarks: "检察院旁边那家羊汤" is about the soup.
LANDMARK = re.compile(r"检察[院室](?:旁边|对面|附近|隔壁|边上那|楼下|那条路|门口那条|门口的)")
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
    r"组织(?:大伙|大家|乡亲|村民|群众)"
)

# Pinyin initials people write for the offices and the watch-listed names ("lc jcy"),
# read as the words before matching (only as whole Latin words).
PINYIN = {
    "jcy": "检察院",
    "jcg": "检察官",
    "jcz": "检察长",
    "lc": "聊城",
    "mwd": "马卫东",
    "zlx": "张立新",
    "lsf": "李淑芬",
    "wjg": "王建国",
    "lht": "刘洪涛",
    "zmh": "赵明辉",
    "shb": "孙海波",
    "zlh": "周丽华",
}

# Slang and typos people write for the procuratorate, read as the word before matching.
SPELLINGS = {"jcy": "检察院", "简察": "检察", "检查院": "检察院", "捡察": "检察", "检茶": "检察"}
