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

# The city and its eight grassroots districts/counties: the place, its short spellings, and
# the office's short name used to file an event with the office concerned.
CITY = "聊城"
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
MAJOR_SPREAD = ("求扩散", "求转发", "扩散", "转疯了", "刷屏", "帮忙转", "让更多人知道")

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
