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

from eqiao.opinion import cues as _cues

# The words of sentiment and severity live in `cues`; read here beside those of relevance.
MAJOR_ACCUSATION = _cues.MAJOR_ACCUSATION
MAJOR_LIFE = _cues.MAJOR_LIFE
MAJOR_GROUP = _cues.MAJOR_GROUP
MAJOR_SPREAD = _cues.MAJOR_SPREAD
MAJOR_PATTERNS = _cues.MAJOR_PATTERNS
NEGATIVE_CUES = _cues.NEGATIVE_CUES
POSITIVE_CUES = _cues.POSITIVE_CUES
OFFICIAL = _cues.OFFICIAL
DOUBT = _cues.DOUBT
COMMENT_DOUBT = _cues.COMMENT_DOUBT
DISTRUST = _cues.DISTRUST
DOUBT_TAKEN_BACK = _cues.DOUBT_TAKEN_BACK


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
    # round 9: the prosecution side, as news and commentators write it (检方 in a Liaocheng post)
    "检方",
)
# A watch-listed name counts in these contexts (an office word or a case word).
NAME_CONTEXT = (
    "检察",
    # the office's short forms ("市检的…", "县检那位"): round 8
    "市检",
    "县检",
    "区检",
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
    # the leadership or an office left unnamed (round 5)
    "一把手",
    "某院",
    "接访",
    # round 9: the prosecution side, and what is said of an official's case (停职, 撤职, 背后)
    "检方",
    "停职",
    "撤职",
    "免职",
    "问责",
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
# Round 9: another place named only to compare with a Liaocheng office ("我们浙江这边…",
# "同样是检察院", "人家…") does not make the post about another office.
COMPARISON = re.compile(
    r"同样是|一样是|差距|人家|比比|对比|不像|学学|学一下|也有个类似|类似的|(?:我们|咱们|俺们)[^,.!?;]{0,4}(?:这边|那边|那里|这里)"
)

IMPOSTOR = ("冒充公检法", "冒充检察", "冒充公安", "假冒检察", "假检察官")
# Landmarks: "检察院旁边那家羊汤" is about the soup.
LANDMARK = re.compile(r"检察[院室](?:旁边|对面|附近|隔壁|边上那|楼下|那条路|门口那条|门口的)")
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
SPELLINGS = {
    "jcy": "检察院",
    "简察": "检察",
    "检查院": "检察院",
    "捡察": "检察",
    "检茶": "检察",
    "检查官": "检察官",
}
